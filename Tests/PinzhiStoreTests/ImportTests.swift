import Foundation
import PinzhiDomain
import SQLKit
import PinzhiTestSupport
import Testing
@testable import PinzhiStore

@Suite("导入与导出")
struct ImportTests {
    static let header = "统一社会信用代码,企业名称,所属区,注册地址,企业类型,企业规模,信用风险分类\n"

    func row(_ i: Int, district: String = "310114", name: String? = nil) -> String {
        let code = USCC.complete("91\(district)" + String(format: "%09d", 200_000 + i))
        return "\(code),\(name ?? "上海导入测试\(i)有限公司"),,上海市测试路\(i)号,生产,小型,B\n"
    }

    func count(_ db: PinzhiDatabase) async throws -> Int {
        try await MasterRepository<Enterprise>(db).list(ListQuery(includeInactive: true), as: TestDatabase.admin).total
    }

    @Test func badFileWritesNothingAndNamesRowAndColumn() async throws {
        try await TestDatabase.with { db in
            let csv = Self.header + row(1) + "91310114000000000X,坏企业,,地址,生产,小型,B\n" + row(3) + "\(USCC.complete("91310114000300003")),规模错,,地址,生产,巨型,B\n"
            let report = try await Importer(db).run(.enterprises, data: Data(csv.utf8), actor: .system())
            #expect(!report.committed)
            #expect(try await count(db) == 0)
            #expect(report.issues.contains { $0.row == 3 && $0.column == "统一社会信用代码" && $0.message.contains("校验位") })
            #expect(report.issues.contains { $0.row == 5 && $0.column == "企业规模" })
            #expect(report.errorFile.count == 3, "header and the two bad rows")
            #expect(report.errorFile[1].last?.contains("第3行") == true)
            #expect(try await AuditQueries(db).page(entity: nil, actor: nil, limit: 5, offset: 0).total == 0)
        }
    }

    @Test func cleanFileImportsAndReimportChangesNothing() async throws {
        try await TestDatabase.with { db in
            let csv = Self.header + (1...30).map { row($0) }.joined()
            let first = try await Importer(db).run(.enterprises, data: Data(("\u{FEFF}" + csv).utf8), actor: .system())
            #expect(first.committed && first.inserted == 30)
            let auditRows = try await AuditQueries(db).page(entity: nil, actor: nil, limit: 1, offset: 0).total
            let second = try await Importer(db).run(.enterprises, data: Data(csv.utf8), actor: .system())
            #expect(second.committed && second.inserted == 0 && second.updated == 0 && second.unchanged == 30)
            #expect(try await AuditQueries(db).page(entity: nil, actor: nil, limit: 1, offset: 0).total == auditRows, "nothing written")
            let changed = csv.replacingOccurrences(of: "上海导入测试7有限公司", with: "上海导入测试七有限公司")
            let third = try await Importer(db).run(.enterprises, data: Data(changed.utf8), actor: .system())
            #expect(third.updated == 1 && third.unchanged == 29)
        }
    }

    @Test func validRowsOnlyModeSkipsTheBadOnes() async throws {
        try await TestDatabase.with { db in
            let csv = Self.header + row(1) + "BAD,坏企业,,地址,生产,小型,B\n" + row(3)
            let report = try await Importer(db).run(.enterprises, data: Data(csv.utf8), mode: .validRowsOnly, actor: .system())
            #expect(report.committed && report.inserted == 2 && report.skipped == 1)
        }
    }

    @Test func duplicateRowsInOneFileAreReported() async throws {
        try await TestDatabase.with { db in
            let report = try await Importer(db).run(.enterprises, data: Data((Self.header + row(1) + row(1)).utf8), actor: .system())
            #expect(!report.committed)
            #expect(report.issues.first?.message.contains("与第2行重复") == true)
        }
    }

    @Test func missingRequiredColumnIsReported() async throws {
        try await TestDatabase.with { db in
            let report = try await Importer(db).run(.enterprises, data: Data("企业名称,注册地址\n甲,乙\n".utf8), actor: .system())
            #expect(report.issues.contains { $0.row == 1 && $0.message.contains("统一社会信用代码") })
        }
    }

    @Test func xlsxRoundTripThroughTheImporter() async throws {
        try await TestDatabase.with { db in
            var rows = CSVReader.parse(Self.header + row(1) + row(2))
            rows[2][1] = "含\"引号\",逗号与<尖括号>&的企业"
            let xlsx = try XLSXWriter.data(rows)
            #expect(try XLSXReader.rows(xlsx) == rows)
            let report = try await Importer(db).run(.enterprises, data: xlsx, actor: .system())
            #expect(report.committed && report.inserted == 2, "\(report.issues)")
        }
    }

    @Test func productsImportWithTheirTestItems() async throws {
        try await TestDatabase.with { db in
            let csv = """
            产品编码,产品名称,大类,中类,快检快处产品,检验项目,标准条款,单位,限值,安全项目,重点安全项目,不合格程度
            P100,车用汽油,石油化工,车用成品油,是,硫含量,表1,mg/kg,<=10,是,是,严重
            P100,,,,,苯含量,表1,%,≤0.8,是,否,一般
            P101,塑料购物袋,塑料制品,塑料袋,否,厚度,5.3,mm,≥0.025,是,是,严重

            """
            let report = try await Importer(db).run(.products, data: Data(csv.utf8), actor: .system())
            #expect(report.committed, "\(report.issues)")
            #expect(report.inserted == 5)
            let items = try await MasterRepository<TestItem>(db).list(ListQuery(search: "硫"), as: TestDatabase.admin).items
            #expect(items.first?.limitExpression == "≤10")
            let again = try await Importer(db).run(.products, data: Data(csv.utf8), actor: .system())
            #expect(again.unchanged == 5)
        }
    }

    @Test func exportsNeutraliseFormulas() {
        let csv = String(decoding: CSVWriter.data([["=1+1", "-2", "@x", "正常", "a,b"]]), as: UTF8.self)
        #expect(csv == "\u{FEFF}'=1+1,-2,'@x,正常,\"a,b\"\r\n")
    }

    @Test func notASpreadsheetIsRefused() async throws {
        try await TestDatabase.with { db in
            var bytes = Data([0x50, 0x4B, 0x03, 0x04])
            bytes.append(Data(repeating: 0, count: 64))
            let report = try await Importer(db).run(.enterprises, data: bytes, actor: .system())
            #expect(!report.committed && report.issues.first?.message.contains("不是有效") == true)
        }
    }

    /// The national plan's list imports like the other master data: every row checked, nothing written on an error.
    @Test func nationalPlanEntriesImportAndABadCodeWritesNothing() async throws {
        try await TestDatabase.with { db in
            var product = Product()
            product.code = "P9"; product.name = "电动自行车"; product.categoryMajor = "交通运输设备"; product.categoryMiddle = "电动自行车"
            let p = try await MasterRepository<Product>(db).create(product, as: TestDatabase.admin)
            let header = NationalPlanEntry.fields.map(\.label).joined(separator: ",") + "\n"
            let good = "\(p.id),2027,\(USCC.complete("91310114000400004")),上海某车业有限公司,市场监管总局2027年国家监督抽查计划\n"
            let bad = "\(p.id),2027,91310114000400004X,上海另一车业有限公司,市场监管总局2027年国家监督抽查计划\n"
            let refused = try await Importer(db).run(.nationalPlan, data: Data((header + good + bad).utf8), actor: .system())
            #expect(!refused.committed && refused.issues.contains { $0.row == 3 && $0.column == "企业统一社会信用代码" })
            let entries = MasterRepository<NationalPlanEntry>(db)
            #expect(try await entries.list(ListQuery(), as: TestDatabase.admin).total == 0)
            let report = try await Importer(db).run(.nationalPlan, data: Data((header + good).utf8), actor: .system())
            #expect(report.committed && report.inserted == 1)
            #expect(try await entries.list(ListQuery(filters: ["year": "2027"]), as: TestDatabase.admin).items.first?.enterpriseName == "上海某车业有限公司")
        }
    }

    /// Issue 21 item 4: a bulk import is one chained audit row sealing the records it created; each record's history
    /// names it; audited edits and the model's credit class leave the seal intact; an unaudited change breaks it.
    @Test func aBulkImportIsOneSealedAuditRowThatVerifyChecks() async throws {
        try await TestDatabase.with { db in
            let csv = Self.header + (1...30).map { row($0) }.joined()
            let report = try await Importer(db).run(.enterprises, data: Data(csv.utf8), actor: .system())
            #expect(report.committed && report.inserted == 30)
            let log = try await AuditQueries(db).page(entity: nil, actor: nil, limit: 10, offset: 0)
            #expect(log.total == 1, "one row for the import, none per record")
            let seal = try #require(log.items.first.flatMap(ImportSeal.read))
            #expect(seal.count == 30 && seal.file == Hashing.sha256(Data(csv.utf8)))
            #expect(try await AuditVerifier(db).verify() == .intact(rows: 1))

            let repo = MasterRepository<Enterprise>(db)
            let all = try await repo.list(ListQuery(limit: 100), as: TestDatabase.admin).items.sorted { $0.id < $1.id }
            #expect(try await AuditQueries(db).history(entity: "enterprise", id: all[4].id).map(\.seq) == [1])

            // An audited edit, and the model's class written without one, leave the seal intact.
            var edited = all[3]
            edited.address = "上海市改过路1号"
            _ = try await repo.update(edited, expectedVersion: edited.version, as: TestDatabase.admin)
            try await db.session { try await $0.raw("UPDATE enterprises SET credit_class = 'D' WHERE id = \(bind: all[5].id)").run() }
            #expect(try await AuditVerifier(db).verify() == .intact(rows: 2))
            #expect(try await AuditQueries(db).history(entity: "enterprise", id: all[3].id).map(\.seq) == [2, 1])

            // A change behind the audit's back is found, though the record has no audit row of its own.
            try await db.session { try await $0.raw("UPDATE enterprises SET name = '篡改' WHERE id = \(bind: all[7].id)").run() }
            guard case .broken(let seq, let reason) = try await AuditVerifier(db).verify() else { Issue.record("not detected"); return }
            #expect(seq == 1 && reason.contains("未经审计"))
            try await db.session { try await $0.raw("UPDATE enterprises SET name = \(bind: all[7].name) WHERE id = \(bind: all[7].id)").run() }
            #expect(try await AuditVerifier(db).verify() == .intact(rows: 2))
            try await db.session { try await $0.raw("DELETE FROM enterprises WHERE id = \(bind: all[9].id)").run() }
            guard case .broken(_, let gone) = try await AuditVerifier(db).verify() else { Issue.record("deletion not detected"); return }
            #expect(gone.contains("已不存在"))
        }
    }

    /// Issue 21 item 4: the file is checked and written a slice at a time in one transaction. A bad row in a later
    /// slice still leaves nothing written, and every bad row is reported, those after the first too; a re-import finds
    /// the stored records whether it reads the table's keys (a table not much larger than the file) or looks each row
    /// up (a much larger table); the seal covers the records of every slice.
    @Test func slicesWriteAllOrNothingAndFindStoredRecordsEitherWay() async throws {
        try await TestDatabase.with { db in
            let importer = Importer(db, slice: 7)
            let rows = (1...30).map { row($0) }
            var bad = rows
            bad[9] = "91310114000000000X,坏企业,,地址,生产,小型,B\n"
            bad[27] = row(28).replacingOccurrences(of: ",小型,", with: ",巨型,")
            let rejected = try await importer.run(.enterprises, data: Data((Self.header + bad.joined()).utf8), actor: .system())
            #expect(!rejected.committed && rejected.rowsRead == 30)
            #expect(Set(rejected.issues.map(\.row)) == [11, 29], "both bad rows, the one in the last slice too")
            #expect(try await count(db) == 0)
            #expect(try await db.session { try await $0.raw("SELECT COUNT(*) AS n FROM enterprises_grams").first()?.decode(column: "n", as: Int.self) } == 0)
            #expect(try await AuditQueries(db).page(entity: nil, actor: nil, limit: 5, offset: 0).total == 0)

            let partial = try await importer.run(.enterprises, data: Data((Self.header + bad.joined()).utf8), mode: .validRowsOnly, actor: .system())
            #expect(partial.committed && partial.inserted == 28 && partial.skipped == 2)
            let first = try await importer.run(.enterprises, data: Data((Self.header + rows.joined()).utf8), actor: .system())
            #expect(first.committed && first.inserted == 2 && first.unchanged == 28, "the table's keys read once")
            #expect(try await AuditVerifier(db).verify() == .intact(rows: 2))

            // Five rows against thirty stored: each looked up by its key.
            let five = rows[0..<5].joined().replacingOccurrences(of: "上海导入测试3有限公司", with: "上海导入测试叁有限公司")
            let again = try await importer.run(.enterprises, data: Data((Self.header + five).utf8), actor: .system())
            #expect(again.committed && again.updated == 1 && again.unchanged == 4 && again.inserted == 0)
            let found = try await MasterRepository<Enterprise>(db).list(ListQuery(search: "导入测试叁"), as: TestDatabase.admin)
            #expect(found.items.map(\.name) == ["上海导入测试叁有限公司"])
            let piece = try await MasterRepository<Enterprise>(db).list(ListQuery(search: "测试29有"), as: TestDatabase.admin)
            #expect(piece.items.count == 1, "the pieces of a record of the last slice were written")
            #expect(try await AuditVerifier(db).verify() == .intact(rows: 4))
        }
    }
}
