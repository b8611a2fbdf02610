import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PinzhiDomain
import PinzhiTestSupport
import Testing
import ZIPFoundation
@testable import PinzhiStore

/// Files as people have them (issue 22): GBK/GB18030 CSV, XLSX with shared and inline strings, rich text, dates in
/// both date systems, merged headings under a title, several sheets, trailing blanks, codes a spreadsheet turned into
/// numbers. The XLSX parts are written here as the writers write them; Tests/Browser/test_files.py imports files
/// written by openpyxl, xlsxwriter and LibreOffice themselves.
@Suite("导入文件格式")
struct TableFileTests {
    /// An XLSX archive from its sheets' XML (the part inside <sheetData>, and what follows it), with shared strings
    /// and custom number formats.
    static func xlsx(sheets: [(name: String, data: String, after: String)], shared: [String] = [], date1904: Bool = false,
                     numberFormats: [(id: Int, code: String)] = [], cellFormats: [Int] = [0]) throws -> Data {
        let ns = #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#
        let rel = #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
        var parts: [(String, String)] = [
            ("[Content_Types].xml", #"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#),
            ("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook \(ns) \(rel)>" + (date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>")
                + "<sheets>" + sheets.enumerated().map { "<sheet name=\"\($1.name)\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
                + "</sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", #"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
                + sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"worksheet\" Target=\"/xl/worksheets/sheet\($0 + 1).xml\"/>" }.joined()
                + "</Relationships>"),
            ("xl/sharedStrings.xml", "<?xml version=\"1.0\"?><sst \(ns)>" + shared.joined() + "</sst>"),
            ("xl/styles.xml", "<?xml version=\"1.0\"?><styleSheet \(ns)><numFmts>"
                + numberFormats.map { "<numFmt numFmtId=\"\($0.id)\" formatCode=\"\($0.code)\"/>" }.joined()
                + "</numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs>"
                + cellFormats.map { "<xf numFmtId=\"\($0)\" xfId=\"0\"/>" }.joined() + "</cellXfs></styleSheet>"),
        ]
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", "<?xml version=\"1.0\"?><worksheet \(ns)><sheetData>\(sheet.data)</sheetData>\(sheet.after)</worksheet>"))
        }
        let archive = try Archive(accessMode: .create)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    static func inline(_ ref: String, _ text: String) -> String { "<c r=\"\(ref)\" t=\"inlineStr\"><is><t>\(text)</t></is></c>" }

    // MARK: CSV encodings

    @Test func csvInGB18030IsReadWithFourByteCharactersAndFullWidthPunctuation() throws {
        // "上海𠀀精密（集团），有限公司": 𠀀 (U+20000) is four bytes in GB18030 (95 32 82 36); the rest is GBK.
        let gb: [UInt8] = [0xC9, 0xCF, 0xBA, 0xA3, 0x95, 0x32, 0x82, 0x36, 0xBE, 0xAB, 0xC3, 0xDC, 0xA3, 0xA8, 0xBC, 0xAF,
                           0xCD, 0xC5, 0xA3, 0xA9, 0xA3, 0xAC, 0xD3, 0xD0, 0xCF, 0xDE, 0xB9, 0xAB, 0xCB, 0xBE]
        let file = Data(Array("a,b\n1,".utf8) + gb + Array("\n".utf8))
        #expect(try CSVReader.rows(file) == [["a", "b"], ["1", "上海𠀀精密（集团），有限公司"]])
        // GB18030's own byte-order mark is not part of the first heading.
        #expect(try CSVReader.rows(Data([0x84, 0x31, 0x95, 0x33] + Array("a\n".utf8))) == [["a"]])
        // UTF-8 with and without BOM as before.
        #expect(try CSVReader.rows(Data([0xEF, 0xBB, 0xBF] + Array("名称\n甲\n".utf8))) == [["名称"], ["甲"]])
    }

    @Test func aFileThatIsNeitherUTF8NorGB18030IsRefusedInChinese() throws {
        // A lone 0x80 and 0xFF are not GB18030; a lead byte cut off at the end neither.
        for bytes: [UInt8] in [[0x61, 0x2C, 0x80, 0x0A], [0x61, 0xFF, 0x0A], [0x61, 0x0A, 0xD6]] {
            #expect(throws: TableFileError.encoding) { try CSVReader.rows(Data(bytes)) }
        }
        #expect(TableFileError.encoding.message.contains("GBK"))
    }

    // MARK: XLSX

    @Test func sharedRichAndInlineStringsNumbersAsTextAndTrailingBlanks() throws {
        let shared = ["<si><t>名称</t></si>", "<si><r><rPr><b/></rPr><t>上海</t></r><r><t xml:space=\"preserve\">甲 公司</t></r></si>",
                      "<si><t>东京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh></si>", "<si><t>00123</t></si>"]
        let data = """
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>3</v></c></row>
        <row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="str"><f>A2</f><v>00123</v></c><c r="C2" s="0"/></row>
        <row r="3"><c r="A3" t="s"><v>2</v></c>\(Self.inline("B3", "内联"))<c r="C3"><v>0.30000000000000004</v></c></row>
        <row r="4"><c r="A4" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c><c r="B4" t="b"><v>1</v></c></row>
        <row r="9"><c r="A9" s="0"/></row><row r="10"><c r="B10" t="inlineStr"><is><t> </t></is></c></row>
        """
        let rows = try XLSXReader.rows(Self.xlsx(sheets: [("数据", data, "")], shared: shared))
        #expect(rows == [["名称", "00123"], ["上海甲 公司", "00123"], ["东京", "内联", "0.3"], ["富文本", "是"]])
    }

    @Test func datesFromSerialNumbersInBothDateSystems() throws {
        // Styles: 0 General, 1 built-in 14 (m/d/yyyy), 2 custom yyyy"年"m"月"d"日", 3 built-in 22 (date and time),
        // 4 a number format with quoted letters that is not a date.
        let formats = [(164, "yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"), (165, "0.00&quot;d&quot;")]
        let row = """
        <row r="1"><c r="A1" s="1"><v>46082</v></c><c r="B1" s="2"><v>46082</v></c><c r="C1" s="3"><v>46082.5</v></c>
        <c r="D1" s="4"><v>2.5</v></c><c r="E1" s="0"><v>46082</v></c><c r="F1" s="1"><v>59</v></c><c r="G1" s="1"><v>61</v></c></row>
        """
        let in1900 = try XLSXReader.rows(Self.xlsx(sheets: [("S", row, "")], numberFormats: formats, cellFormats: [0, 14, 164, 22, 165]))
        #expect(in1900 == [["2026-03-01", "2026-03-01", "2026-03-01 12:00:00", "2.5", "46082", "1900-02-28", "1900-03-01"]])
        // The 1904 system (old Mac Excel) counts from 1904-01-01: the same day is 1462 less.
        let row1904 = #"<row r="1"><c r="A1" s="1"><v>44620</v></c></row>"#
        let in1904 = try XLSXReader.rows(Self.xlsx(sheets: [("S", row1904, "")], date1904: true, cellFormats: [0, 14]))
        #expect(in1904 == [["2026-03-01"]])
    }

    @Test func aTitleRowAndMergedHeadingsArePassedOverAndRowNumbersStayTheFiles() throws {
        let data = """
        <row r="1">\(Self.inline("A1", "2026年企业名录（附件1）"))</row>
        <row r="2">\(Self.inline("A2", "统一社会信用代码"))\(Self.inline("B2", "企业"))\(Self.inline("D2", "注册地址"))</row>
        <row r="3">\(Self.inline("B3", "企业名称"))\(Self.inline("C3", "所属区"))</row>
        <row r="4">\(Self.inline("A4", "91310114MA1GT0000X"))\(Self.inline("B4", "甲"))\(Self.inline("C4", "嘉定区"))\(Self.inline("D4", "上海市嘉定区1号"))</row>
        """
        let merges = #"<mergeCells><mergeCell ref="A1:D1"/><mergeCell ref="A2:A3"/><mergeCell ref="B2:C2"/><mergeCell ref="D2:D3"/></mergeCells>"#
        let file = try Self.xlsx(sheets: [("名录", data, merges)])
        let table = try TableFile.table(file, naming: HeaderMap.namesAny(Enterprise.fields))
        #expect(table.headerRow == 3)
        #expect(table.header == ["统一社会信用代码", "企业名称", "所属区", "注册地址"])
        #expect(table.body.map(\.number) == [4])
    }

    @Test func theSheetWithTheHeaderOrTheNamedOneIsRead() throws {
        let notes = Self.inline("A1", "填表说明：每行一家企业")
        let first = Self.inline("A1", "统一社会信用代码") + Self.inline("B1", "企业名称")
        let second = Self.inline("A1", "统一社会信用代码") + Self.inline("B1", "企业名称") + Self.inline("C1", "注册地址")
        let file = try Self.xlsx(sheets: [("说明", "<row r=\"1\">\(notes)</row>", ""), ("旧表", "<row r=\"1\">\(first)</row>", ""),
                                          ("新表", "<row r=\"1\">\(second)</row>", "")])
        let naming = HeaderMap.namesAny(Enterprise.fields)
        #expect(try TableFile.table(file, naming: naming).sheet == "新表")
        #expect(try TableFile.table(file, sheet: "旧表", naming: naming).sheet == "旧表")
        #expect(throws: TableFileError.noSuchSheet(name: "数据", available: ["说明", "旧表", "新表"])) {
            try TableFile.table(file, sheet: "数据", naming: naming)
        }
        #expect(try XLSXReader.rows(file) == [["填表说明：每行一家企业"]], "without a header to look for, the first sheet")
    }

    @Test func codesTurnedIntoNumbersAreRefusedNeverAltered() throws {
        // Excel keeps 15 significant digits: an 18-digit USCC typed into a General cell is stored like this.
        let data = """
        <row r="1">\(Self.inline("A1", "统一社会信用代码"))\(Self.inline("B1", "企业名称"))\(Self.inline("C1", "联系电话"))</row>
        <row r="2"><c r="A2"><v>9.1310000132200294E+17</v></c>\(Self.inline("B2", "甲"))<c r="C2"><v>13812345678</v></c></row>
        """
        let file = try Self.xlsx(sheets: [("S", data, "")])
        #expect(try XLSXReader.rows(file)[1] == ["9.13100001322003E+17", "甲", "13812345678"], "shown as Excel shows it")
        let naming = HeaderMap.namesAny(Enterprise.fields)
        #expect(throws: TableFileError.digitsLost(cells: ["A2“9.13100001322003E+17”"])) { try TableFile.table(file, naming: naming) }
        // The same from a CSV that Excel saved with the number as displayed.
        let csv = Data("统一社会信用代码,企业名称\n9.1310E+17,甲\n".utf8)
        #expect(throws: TableFileError.digitsLost(cells: ["A2“9.1310E+17”"])) { try TableFile.table(csv, naming: naming) }
        #expect(TableFileError.digitsLost(cells: ["A2"]).message.contains("文本"))
        // A measured value in scientific notation, in a column that is not a code, is data.
        let results = Data("统一社会信用代码,菌落总数\n91310114MA1GT0000X,1.5E+10\n".utf8)
        #expect(try TableFile.table(results, naming: naming).body.count == 1)
        // A lower-case e is the same notation; a code with no E at all is answered before any parsing.
        #expect(Table.isScientific(" 9.1310e+17 ") && !Table.isScientific("91310114MA1GT0000X") && !Table.isScientific("E+17"))
    }

    @Test func rowsOfBlanksAreLeftOutWhateverTheBlank() throws {
        let csv = Data("统一社会信用代码,企业名称\n91310114MA1GT0000X,甲\n , \t\n\u{3000},\n,\n91310115MA1GT0001X,乙\n".utf8)
        #expect(try TableFile.table(csv, naming: HeaderMap.namesAny(Enterprise.fields)).body.map(\.number) == [2, 6])
    }

    @Test func theImporterReadsAGBKFileUnderATitleAndWritesTheRowsOnEveryDatabase() async throws {
        try await TestDatabase.with { db in
            // Registered in 嘉定 (the code's 310114), now in 松江 by its address: the address decides, the page says so.
            let code = USCC.complete("91310114MA1GT0001")
            let text = "企业名录\n统一社会信用代码,企业名称,注册地址,企业类型,企业规模,信用风险分类\n"
                + "\(code),上海𠀀松江精密（集团）有限公司,上海市松江区九亭镇涞寅路1号,生产,小型,B\n"
            let gb18030 = try #require(GB18030Fixture.encode(text))
            let report = try await Importer(db).run(.enterprises, data: gb18030, actor: .system())
            #expect(report.committed, "\(report.issues)")
            let saved = try await MasterRepository<Enterprise>(db).list(ListQuery(search: "精密"), as: TestDatabase.admin).items
            #expect(saved.map(\.name) == ["上海𠀀松江精密（集团）有限公司"])
            #expect(saved.first?.districtCode == "310117")
            #expect(saved.first?.notices.first?.contains("嘉定区") == true)
        }
    }
}

/// GB18030 bytes for a text, through the C library's converter (the direction the reader does not need).
enum GB18030Fixture {
    static func encode(_ text: String) -> Data? {
        let descriptor = iconv_open("GB18030", "UTF-8")
        guard descriptor != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(descriptor) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 8)
        let written: Int? = input.withUnsafeMutableBytes { inRaw in
            output.withUnsafeMutableBytes { outRaw -> Int? in
                var inPointer = inRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var outPointer = outRaw.baseAddress?.assumingMemoryBound(to: CChar.self)
                var inLeft = inRaw.count, outLeft = outRaw.count
                guard iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) != -1 else { return nil }
                return outRaw.count - outLeft
            }
        }
        return written.map { Data(output[..<$0]) }
    }
}
