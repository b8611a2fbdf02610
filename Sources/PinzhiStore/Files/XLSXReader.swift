import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import PinzhiDomain
import ZIPFoundation

/// Reads the worksheets of an XLSX file into rows of text, as Excel, WPS, LibreOffice, openpyxl and xlsxwriter write
/// them: shared or inline strings (rich-text runs joined, phonetic guides left out), numbers as a spreadsheet shows
/// them (15 significant digits), dates and times from their serial numbers (1900 or 1904 system, by the cell's number
/// format), merged cells filled with their top-left value, trailing empty cells and rows dropped. Refuses archives
/// whose parts would unpack to more than the limit, so a zip bomb costs nothing.
public enum XLSXReader {
    public static let maxUnpackedBytes = 200 * 1024 * 1024

    /// One worksheet: its name as the workbook lists it, and its rows (row n of the sheet is `rows[n - 1]`).
    public struct Sheet: Sendable, Equatable {
        public var name: String
        public var rows: [[String]]
    }

    /// The first worksheet's rows.
    public static func rows(_ data: Data) throws -> [[String]] {
        guard let first = try sheets(data, only: { index, _ in index == 0 }).first else { throw TableFileError.noSheet }
        return first.rows
    }

    /// The worksheets in the workbook's order; `only` picks which are read (by position and name), the others are
    /// listed with no rows.
    public static func sheets(_ data: Data, only: (Int, String) -> Bool = { _, _ in true }) throws -> [Sheet] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw TableFileError.notASpreadsheet }
        var total = 0
        for entry in archive {
            total += Int(entry.uncompressedSize)
            if total > maxUnpackedBytes { throw TableFileError.tooLarge(limitMB: maxUnpackedBytes / 1024 / 1024) }
            if entry.path.contains("..") { throw TableFileError.notASpreadsheet }
        }
        let workbook = try Workbook(archive)
        guard !workbook.sheets.isEmpty else { throw TableFileError.noSheet }
        let shared = try read(archive, "xl/sharedStrings.xml").map(SharedStringsParser.parse) ?? []
        let formats = try read(archive, "xl/styles.xml").map(StylesParser.parse) ?? CellFormats()
        return try workbook.sheets.enumerated().map { index, sheet in
            guard only(index, sheet.name) else { return Sheet(name: sheet.name, rows: []) }
            guard let xml = try read(archive, sheet.path) else { throw TableFileError.noSheet }
            let values = CellValues(shared: shared, formats: formats, date1904: workbook.date1904)
            return Sheet(name: sheet.name, rows: SheetParser.parse(xml, values: values))
        }
    }

    static func read(_ archive: Archive, _ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        var out = Data()
        _ = try archive.extract(entry, skipCRC32: false) { out.append($0) }
        return out
    }
}

/// xl/workbook.xml and its relationships: the sheets in order with their parts, and the date system.
struct Workbook {
    var sheets: [(name: String, path: String)] = []
    var date1904 = false

    init(_ archive: Archive) throws {
        guard let workbook = try XLSXReader.read(archive, "xl/workbook.xml") else {
            // A workbook without its index still has its first sheet where every writer puts it.
            sheets = [("Sheet1", "xl/worksheets/sheet1.xml")]
            return
        }
        let targets = try XLSXReader.read(archive, "xl/_rels/workbook.xml.rels").map { AttributeCollector.all(in: $0, elements: ["Relationship"]) } ?? []
        let elements = AttributeCollector.all(in: workbook, elements: ["sheet", "workbookPr"])
        for (name, attributes) in elements {
            if name == "workbookPr" { date1904 = ["1", "true"].contains(attributes["date1904"] ?? ""); continue }
            // The relationship id is r:id with the usual prefix; some writers bind another prefix to the same namespace.
            let id = attributes["r:id"] ?? attributes.first { $0.key.hasSuffix(":id") }?.value
            guard let target = targets.first(where: { $0.attributes["Id"] == id })?.attributes["Target"] else { continue }
            let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            sheets.append((attributes["name"] ?? "Sheet\(sheets.count + 1)", path))
        }
        if sheets.isEmpty { sheets = [("Sheet1", "xl/worksheets/sheet1.xml")] }
    }
}

/// Collects the attributes of the named elements, in document order.
final class AttributeCollector: NSObject, XMLParserDelegate {
    let elements: Set<String>
    var found: [(name: String, attributes: [String: String])] = []

    init(elements: Set<String>) { self.elements = elements }

    static func all(in data: Data, elements: Set<String>) -> [(name: String, attributes: [String: String])] {
        let collector = AttributeCollector(elements: elements)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.parse()
        return collector.found
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if elements.contains(name) { found.append((name, attributes)) }
    }
}

/// Which cell styles (the `s` index into cellXfs) show a date or a time.
struct CellFormats: Sendable {
    /// Style index → .date, .time or .dateTime; styles not listed are numbers.
    var temporal: [Int: Temporal] = [:]

    enum Temporal: Sendable { case date, time, dateTime }

    /// Built-in formats that are dates or times: 14–22 and 45–47 everywhere, 27–36 and 50–58 in the Chinese, Japanese
    /// and Korean locales (年月日 forms; ECMA-376 Part 1 §18.8.30).
    static func builtIn(_ id: Int) -> Temporal? {
        switch id {
        case 14...17, 27...31, 36, 50...54, 57, 58: .date
        case 18...21, 32...35, 45...47, 55, 56: .time
        case 22: .dateTime
        default: nil
        }
    }

    /// A custom format code is a date or time when, outside quoted text, escapes and [colour/condition] brackets,
    /// it uses y, d, h or s, or m beside them (m alone is a month only among date parts; "0.0m" does not occur).
    static func custom(_ code: String) -> Temporal? {
        var plain = ""
        var quoted = false, bracket = false, escaped = false
        for ch in code.lowercased() {
            if escaped { escaped = false; continue }
            switch ch {
            case "\\": escaped = true
            case "\"": quoted.toggle()
            case "[" where !quoted: bracket = true
            case "]" where !quoted: bracket = false
            default: if !quoted && !bracket { plain.append(ch) }
            }
        }
        // Only the first section (positive numbers) decides; "General" and number formats have none of these letters.
        let first = plain.split(separator: ";", omittingEmptySubsequences: false).first.map(String.init) ?? plain
        let hasDate = first.contains("y") || first.contains("d") || (first.contains("m") && !first.contains("h") && !first.contains("s"))
        let hasTime = first.contains("h") || first.contains("s")
        switch (hasDate, hasTime) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time
        default: return nil
        }
    }
}

/// Reads xl/styles.xml: custom number formats, then the cell formats (cellXfs) that use them.
final class StylesParser: NSObject, XMLParserDelegate {
    var customFormats: [Int: String] = [:]
    var cellXfs: [Int] = []
    var inCellXfs = false

    static func parse(_ data: Data) -> CellFormats {
        let p = StylesParser()
        let parser = XMLParser(data: data)
        parser.delegate = p
        parser.parse()
        var formats = CellFormats()
        for (index, id) in p.cellXfs.enumerated() {
            if let kind = CellFormats.builtIn(id) ?? p.customFormats[id].flatMap(CellFormats.custom) { formats.temporal[index] = kind }
        }
        return formats
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { customFormats[id] = code }
        case "cellXfs": inCellXfs = true
        // cellStyleXfs holds xf elements too; only those under cellXfs are what a cell's s attribute counts.
        case "xf" where inCellXfs: cellXfs.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "cellXfs" { inCellXfs = false }
    }
}

/// Reads xl/sharedStrings.xml: each <si> is one string, possibly split into rich-text runs; phonetic guides (<rPh>)
/// are annotations, not text.
final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false
    var inPhonetic = false

    static func parse(_ data: Data) -> [String] {
        let p = SharedStringsParser()
        let parser = XMLParser(data: data)
        parser.delegate = p
        parser.parse()
        return p.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "si": current = ""
        case "rPh": inPhonetic = true
        case "t": inText = !inPhonetic
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "t": inText = false
        case "rPh": inPhonetic = false
        case "si": strings.append(current)
        default: break
        }
    }
}

/// Turns a cell's stored value into the text a person sees in the spreadsheet.
struct CellValues {
    let shared: [String]
    let formats: CellFormats
    let date1904: Bool

    func text(type: String, style: Int?, value: String) -> String {
        switch type {
        case "s": return Int(value).flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? ""
        case "b": return value == "1" ? "是" : "否"
        // ISO 8601 date cells (t="d"): the date part, and the time only when there is one.
        case "d": return value.hasSuffix("T00:00:00") || !value.contains("T") ? String(value.prefix(10)) : value.replacingOccurrences(of: "T", with: " ")
        case "n":
            guard let number = Double(value) else { return value }
            if let style, let kind = formats.temporal[style], let text = Self.temporal(number, kind, date1904: date1904) { return text }
            return Self.number(number)
        default: return value  // str (a formula's text), inlineStr, e (#N/A …)
        }
    }

    /// As Excel shows a number in a General cell: at most 15 significant digits, so binary noise (0.30000000000000004)
    /// goes and a 16-to-18-digit code comes out in scientific notation, which TableFile refuses — its last digits are
    /// already lost in the file and must not be guessed.
    static func number(_ value: Double) -> String {
        var text = String(format: "%.15G", value)
        if text.contains("E") {
            // "9.13100001322003E+17" as Excel writes it: no zero padding in the exponent.
            let parts = text.split(separator: "E")
            let exponent = Int(parts[1]) ?? 0
            text = String(parts[0]) + "E" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
        }
        return text == "-0" ? "0" : text
    }

    /// A serial day number as a date (and time): 1900 system counts from 1899-12-30 (Excel's day 60, the 29th of
    /// February 1900 that never was, is kept as Lotus had it, so later serials come out right); 1904 from 1904-01-01.
    static func temporal(_ serial: Double, _ kind: CellFormats.Temporal, date1904: Bool) -> String? {
        guard serial >= 0, serial < 2_958_466 else { return nil }  // Excel's last day is 9999-12-31
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds == 86_400 { days += 1; seconds = 0 }
        let time = String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        if kind == .time && days == 0 { return time }
        // Days from 1970-01-01, then the civil date (Day's own arithmetic).
        let epochOffset = date1904 ? 24_107 : (days < 61 && days > 0 ? 25_568 : 25_569)
        let date = Day(ordinal: days - epochOffset).description
        return kind == .date || seconds == 0 && kind != .time ? date : date + " " + time
    }
}

/// Reads a worksheet's cells into rows, placing each by its reference (B3 → row 3, column 2), then fills merged
/// ranges with their top-left value (a heading merged over two columns names both) and drops trailing blanks.
final class SheetParser: NSObject, XMLParserDelegate {
    /// A merged range is filled only this far: a stray "A1:XFD1048576" must not make a million rows.
    static let maxMergedCells = 100_000

    let values: CellValues
    var rows: [Int: [Int: String]] = [:]
    var merges: [(top: Int, left: Int, bottom: Int, right: Int)] = []
    var cellRef = ""
    var cellType = ""
    var cellStyle: Int?
    var value = ""
    var inValue = false
    var inPhonetic = false
    var nextRow = 1
    var nextColumn = 1

    init(values: CellValues) { self.values = values }

    static func parse(_ data: Data, values: CellValues) -> [[String]] {
        let p = SheetParser(values: values)
        let parser = XMLParser(data: data)
        parser.delegate = p
        parser.parse()
        p.fillMerges()
        let blank: (String) -> Bool = { $0.allSatisfy(\.isWhitespace) }
        guard let last = p.rows.filter({ !$0.value.values.allSatisfy(blank) }).keys.max() else { return [] }
        return (1...last).map { r in
            let cells = p.rows[r] ?? [:]
            guard let width = cells.filter({ !blank($0.value) }).keys.max() else { return [] }
            return (1...width).map { cells[$0] ?? "" }
        }
    }

    func fillMerges() {
        var budget = Self.maxMergedCells
        let lastRow = rows.keys.max() ?? 0
        for range in merges {
            guard let value = rows[range.top]?[range.left], !value.isEmpty else { continue }
            for r in range.top...min(range.bottom, lastRow) {
                for c in range.left...range.right where !(r == range.top && c == range.left) {
                    budget -= 1
                    if budget < 0 { return }
                    rows[r, default: [:]][c] = value
                }
            }
        }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "row":
            if let r = attributes["r"].flatMap(Int.init) { nextRow = r }
            nextColumn = 1
        case "c":
            cellRef = attributes["r"] ?? ""
            cellType = attributes["t"] ?? "n"
            cellStyle = attributes["s"].flatMap(Int.init)
            value = ""
        case "rPh": inPhonetic = true
        case "v", "t":
            inValue = !inPhonetic
        case "mergeCell":
            let corners = (attributes["ref"] ?? "").split(separator: ":").map(String.init)
            if corners.count == 2, let a = Self.position(corners[0]), let b = Self.position(corners[1]), a.0 <= b.0, a.1 <= b.1, b.1 - a.1 < 1000 {
                merges.append((a.0, a.1, b.0, b.1))
            }
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue { value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": inValue = false
        case "rPh": inPhonetic = false
        case "c":
            let (row, column) = Self.position(cellRef) ?? (nextRow, nextColumn)
            rows[row, default: [:]][column] = values.text(type: cellType, style: cellStyle, value: value)
            nextColumn = column + 1
        case "row": nextRow += 1
        default: break
        }
    }

    static func position(_ ref: String) -> (Int, Int)? {
        var column = 0
        var digits = ""
        for ch in ref {
            if let a = ch.asciiValue, ch.isLetter { column = column * 26 + Int(a & 0xDF) - 64 } else if ch != "$" { digits.append(ch) }
        }
        guard let row = Int(digits), row > 0, column > 0, column <= 16_384 else { return nil }
        return (row, column)
    }
}
