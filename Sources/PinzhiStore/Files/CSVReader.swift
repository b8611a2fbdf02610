import Foundation

/// Reads CSV as written by Excel and WPS: UTF-8 (with or without BOM), quoted fields, CRLF or LF.
public enum CSVReader {
    public static func rows(_ data: Data) throws -> [[String]] {
        guard let text = decode(data) else { throw TableFileError.encoding }
        return parse(text)
    }

    static func decode(_ data: Data) -> String? {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        // Excel on Chinese Windows may save GBK; that is refused with a message asking for UTF-8 or XLSX.
        return String(data: bytes, encoding: .utf8)
    }

    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        while let c = pending {
            pending = iterator.next()
            if inQuotes {
                if c == "\"" {
                    if pending == "\"" { field.unicodeScalars.append("\""); pending = iterator.next() } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"": inQuotes = true
            case ",": row.append(field); field = ""
            case "\r":
                if pending == "\n" { pending = iterator.next() }
                row.append(field); rows.append(row); row = []; field = ""
            case "\n":
                row.append(field); rows.append(row); row = []; field = ""
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
