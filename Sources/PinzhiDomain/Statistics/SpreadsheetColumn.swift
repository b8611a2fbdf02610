/// Spreadsheet column names: 0 → "A", 25 → "Z", 26 → "AA": for the merged ranges of a form laid out in the domain
/// (MonthlyForm.sheet) and for the cells the store's XLSX writer writes.
public enum SpreadsheetColumn {
    public static func letter(_ index: Int) -> String {
        var n = index + 1, out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }
}
