import Foundation
import PinzhiDomain

/// An uploaded table: XLSX when it is a zip archive, CSV otherwise.
public enum TableFile {
    /// The rows of the file (XLSX: its first sheet), row n of the file at index n - 1.
    public static func rows(_ data: Data) throws -> [[String]] {
        try sheets(data, named: nil).first?.rows ?? []
    }

    /// The table an import reads. The sheet is the one named, or else the one whose header names the most expected
    /// columns (the first on a tie), so an instructions sheet before the data is passed over. Its header is the row,
    /// among the first ten, that names the most: title rows and merged group headings above it are passed over, and
    /// row numbers stay those of the file. A code column (its heading says 代码, 编号, 编码, 号码, 证号, 电话 or 手机)
    /// holding a number in scientific notation is refused: the spreadsheet has already dropped its last digits.
    public static func table(_ data: Data, sheet: String? = nil, naming: (String) -> Bool) throws -> Table {
        let candidates = try sheets(data, named: sheet)
        var best: Table?
        for candidate in candidates {
            let table = Table(sheet: candidate.name, rows: candidate.rows, naming: naming)
            if best == nil || table.headerScore > best!.headerScore { best = table }
        }
        guard let table = best, !table.rows.isEmpty else { throw TableFileError.empty }
        let lost = table.digitsLost()
        if !lost.isEmpty { throw TableFileError.digitsLost(cells: lost) }
        return table
    }

    static func sheets(_ data: Data, named name: String?) throws -> [XLSXReader.Sheet] {
        guard !data.isEmpty else { throw TableFileError.empty }
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
            if data.prefix(8).contains(0) { throw TableFileError.notASpreadsheet }
            return [XLSXReader.Sheet(name: "", rows: try CSVReader.rows(data))]
        }
        guard let name = name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return try XLSXReader.sheets(data) }
        let sheets = try XLSXReader.sheets(data) { _, sheet in sheet == name }
        guard let chosen = sheets.first(where: { $0.name == name }) else {
            throw TableFileError.noSuchSheet(name: name, available: sheets.map(\.name))
        }
        return [chosen]
    }
}

/// A sheet with its header found: every row of the sheet kept at its place, so that row numbers are the file's.
public struct Table: Sendable {
    public var sheet: String
    public var rows: [[String]]
    /// Where the header is in `rows` (0 when no row names any expected column: the first row is then reported as
    /// lacking them).
    public var headerIndex = 0
    var headerScore = 0

    /// Headings are compared without surrounding blanks, line breaks inside a merged heading, or the * that marks a
    /// required column in the templates.
    public static func heading(_ cell: String) -> String {
        String(cell.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) && $0 != "*" && $0 != "＊" })
    }

    init(sheet: String, rows: [[String]], naming: (String) -> Bool) {
        self.sheet = sheet
        self.rows = rows
        for (index, row) in rows.prefix(10).enumerated() {
            let score = Set(row.map(Self.heading).filter { !$0.isEmpty && naming($0) }).count
            if score > headerScore { (headerIndex, headerScore) = (index, score) }
        }
    }

    public var header: [String] { rows.indices.contains(headerIndex) ? rows[headerIndex].map(Self.heading) : [] }

    /// The row number in the file of the header.
    public var headerRow: Int { headerIndex + 1 }

    /// The rows after the header with their row numbers in the file; blank rows left out.
    public var body: [(number: Int, cells: [String])] {
        rows.enumerated().dropFirst(headerIndex + 1).compactMap { index, cells in
            cells.allSatisfy(Self.isBlank) ? nil : (index + 1, cells)
        }
    }

    /// Nothing but blanks (as `trimmingCharacters(in: .whitespaces)` would leave empty), looked at scalar by scalar
    /// and stopping at the first other one: every cell of an import is asked this.
    static func isBlank(_ cell: String) -> Bool {
        cell.unicodeScalars.allSatisfy { CharacterSet.whitespaces.contains($0) }
    }

    static let codeHeadings = ["代码", "编号", "编码", "号码", "证号", "电话", "手机"]

    /// The cells of code columns that hold a number in scientific notation ("B5“9.13100001322003E+17”"), at most
    /// ten.
    func digitsLost() -> [String] {
        let codeColumns = header.indices.filter { i in Self.codeHeadings.contains { header[i].contains($0) } }
        guard !codeColumns.isEmpty else { return [] }
        var found: [String] = []
        for (number, cells) in body {
            for column in codeColumns where column < cells.count && Self.isScientific(cells[column]) {
                found.append("\(SpreadsheetColumn.letter(column))\(number)“\(cells[column].trimmingCharacters(in: .whitespaces))”")
                if found.count == 10 { return found }
            }
        }
        return found
    }

    /// "9.13100001322003E+17", "1.38123E+10", "9E+17": a mantissa, E and a signed exponent, nothing else.
    static func isScientific(_ raw: String) -> Bool {
        // Most code cells have no E at all: they are answered without trimming or splitting.
        guard raw.utf8.contains(where: { $0 == UInt8(ascii: "E") || $0 == UInt8(ascii: "e") }) else { return false }
        let text = raw.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = text.split(separator: "E", omittingEmptySubsequences: false)
        guard parts.count == 2, let mantissa = Double(parts[0]), mantissa.isFinite, !parts[0].contains("E"),
              let sign = parts[1].first, sign == "+" || sign == "-", parts[1].dropFirst().allSatisfy(\.isASCII),
              Int(parts[1].dropFirst()) != nil else { return false }
        return parts[0].allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }
    }
}
