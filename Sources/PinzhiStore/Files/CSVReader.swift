import Foundation

/// Reads CSV as written by Excel and WPS: UTF-8 (with or without BOM) or, as Chinese Windows saves "CSV (逗号分隔)",
/// GBK/GB18030; quoted fields, CRLF or LF.
public enum CSVReader {
    public static func rows(_ data: Data) throws -> [[String]] {
        guard let text = decode(data) else { throw TableFileError.encoding }
        return parse(text)
    }

    /// UTF-8 when the bytes are valid UTF-8 (a BOM says so outright), else GB18030, else nil. GBK text is almost never
    /// valid UTF-8 (its lead bytes 0x81–0xFE would need UTF-8's continuation pattern after them), so the order decides
    /// nothing wrongly for real files; a file that is neither is refused, never read with replacement characters.
    static func decode(_ data: Data) -> String? {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { return String(data: data.dropFirst(3), encoding: .utf8) }
        if let text = String(data: data, encoding: .utf8) { return text }
        guard var text = GB18030.decode(Array(data)) else { return nil }
        // GB18030's own byte-order mark (84 31 95 33) decodes to U+FEFF.
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return text
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
