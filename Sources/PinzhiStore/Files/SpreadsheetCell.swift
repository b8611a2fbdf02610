/// A text cell that starts like a formula (=, +, -, @) would be run by a spreadsheet; a leading apostrophe keeps it text.
enum SpreadsheetCell {
    static func safe(_ value: String) -> String {
        guard let first = value.first, "=+-@\t\r".contains(first) else { return value }
        // A plain signed number (a change of “-0.15” or “+2.08” points) is data, not a formula.
        if first == "-" || first == "+", Double(value) != nil { return value }
        return "'" + value
    }
}
