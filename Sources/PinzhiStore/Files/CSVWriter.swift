import Foundation

/// Writes CSV that Excel opens as UTF-8 (with BOM), and neutralises cells a spreadsheet would run as formulas.
public enum CSVWriter {
    public static func data(_ rows: [[String]]) -> Data {
        var text = "\u{FEFF}"
        for row in rows {
            text += row.map(escape).joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    static func escape(_ raw: String) -> String {
        let value = SpreadsheetCell.safe(raw)
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
