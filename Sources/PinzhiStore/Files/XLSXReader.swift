import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reads the first worksheet of an XLSX file into rows of text. Refuses archives whose parts would unpack to more
/// than the limit, so a zip bomb costs nothing.
public enum XLSXReader {
    public static let maxUnpackedBytes = 200 * 1024 * 1024

    public static func rows(_ data: Data) throws -> [[String]] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch { throw TableFileError.notASpreadsheet }
        var total = 0
        for entry in archive {
            total += Int(entry.uncompressedSize)
            if total > maxUnpackedBytes { throw TableFileError.tooLarge(limitMB: maxUnpackedBytes / 1024 / 1024) }
            if entry.path.contains("..") { throw TableFileError.notASpreadsheet }
        }
        let shared = try read(archive, "xl/sharedStrings.xml").map(SharedStringsParser.parse) ?? []
        let sheetPath = try firstSheetPath(archive) ?? "xl/worksheets/sheet1.xml"
        guard let sheet = try read(archive, sheetPath) else { throw TableFileError.noSheet }
        return SheetParser.parse(sheet, shared: shared)
    }

    static func read(_ archive: Archive, _ path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        var out = Data()
        _ = try archive.extract(entry, skipCRC32: false) { out.append($0) }
        return out
    }

    /// The first sheet named in the workbook, through its relationship.
    static func firstSheetPath(_ archive: Archive) throws -> String? {
        guard let workbook = try read(archive, "xl/workbook.xml"), let rels = try read(archive, "xl/_rels/workbook.xml.rels")
        else { return nil }
        let sheetId = AttributeCollector.first(in: workbook, element: "sheet", attribute: "r:id")
        guard let sheetId else { return nil }
        let targets = AttributeCollector.all(in: rels, element: "Relationship")
        guard let target = targets.first(where: { $0["Id"] == sheetId })?["Target"] else { return nil }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }
}

/// Collects attributes of elements, for the small lookups in workbook.xml and its relationships.
final class AttributeCollector: NSObject, XMLParserDelegate {
    let element: String
    var found: [[String: String]] = []

    init(element: String) { self.element = element }

    static func all(in data: Data, element: String) -> [[String: String]] {
        let collector = AttributeCollector(element: element)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.parse()
        return collector.found
    }

    static func first(in data: Data, element: String, attribute: String) -> String? {
        all(in: data, element: element).first?[attribute]
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == element { found.append(attributes) }
    }
}

/// Reads xl/sharedStrings.xml: each <si> is one string, possibly split into rich-text runs.
final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false

    static func parse(_ data: Data) -> [String] {
        let p = SharedStringsParser()
        let parser = XMLParser(data: data)
        parser.delegate = p
        parser.parse()
        return p.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == "si" { current = "" }
        if name == "t" { inText = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "t" { inText = false }
        if name == "si" { strings.append(current) }
    }
}

/// Reads a worksheet's cells into rows, placing each by its reference (B3 → row 3, column 2).
final class SheetParser: NSObject, XMLParserDelegate {
    let shared: [String]
    var rows: [Int: [Int: String]] = [:]
    var cellRef = ""
    var cellType = ""
    var value = ""
    var inValue = false
    var nextRow = 1
    var nextColumn = 1

    init(shared: [String]) { self.shared = shared }

    static func parse(_ data: Data, shared: [String]) -> [[String]] {
        let p = SheetParser(shared: shared)
        let parser = XMLParser(data: data)
        parser.delegate = p
        parser.parse()
        guard let last = p.rows.keys.max() else { return [] }
        return (1...last).map { r in
            let cells = p.rows[r] ?? [:]
            guard let width = cells.keys.max() else { return [] }
            return (1...width).map { cells[$0] ?? "" }
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
            value = ""
        case "v", "t":
            inValue = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue { value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": inValue = false
        case "c":
            let (row, column) = Self.position(cellRef) ?? (nextRow, nextColumn)
            var text = value
            switch cellType {
            case "s": text = Int(value).flatMap { $0 < shared.count ? shared[$0] : nil } ?? ""
            case "b": text = value == "1" ? "是" : "否"
            case "n": if let d = Double(value), d == d.rounded(), abs(d) < 1e15 { text = String(Int64(d)) }
            default: break
            }
            rows[row, default: [:]][column] = text
            nextColumn = column + 1
        case "row": nextRow += 1
        default: break
        }
    }

    static func position(_ ref: String) -> (Int, Int)? {
        var column = 0
        var digits = ""
        for ch in ref {
            if let a = ch.asciiValue, ch.isLetter { column = column * 26 + Int(a - 64) } else { digits.append(ch) }
        }
        guard let row = Int(digits), column > 0 else { return nil }
        return (row, column)
    }
}
