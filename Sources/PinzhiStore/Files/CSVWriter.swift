import Foundation

/// Writes CSV that Excel opens as UTF-8 (with BOM), and neutralises cells a spreadsheet would run as formulas.
public enum CSVWriter {
    public static func data(_ rows: [[String]]) -> Data {
        var text = bom
        for row in rows {
            text += line(row)
        }
        return Data(text.utf8)
    }

    /// The byte-order mark that makes Excel read the file as UTF-8; a streamed file starts with it.
    public static let bom = "\u{FEFF}"

    /// One row with its line end, for files written piece by piece.
    public static func line(_ row: [String]) -> String {
        row.map(escape).joined(separator: ",") + "\r\n"
    }

    static func escape(_ raw: String) -> String {
        let value = SpreadsheetCell.safe(raw)
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
