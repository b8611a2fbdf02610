import Foundation
import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

/// The credit class is the model's (SPEC RK-3, issue 18 item 3): no form, import or API body can type it. A new
/// enterprise is queued and gets the model's class; an edit or a re-import that names another class changes nothing.
@Suite("信用风险分类只能由模型计算")
struct CreditClassInputTests {
    let admin = TestDatabase.admin
    let today = Day("2026-11-24")!

    func build(_ values: [String: String], over base: Enterprise = Enterprise()) throws -> Enterprise {
        try RecordBuilder.build(Enterprise.self, values: values, over: base).get()
    }

    @Test func noFormImportOrEditCanTypeTheClass() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            let uscc = USCC.complete("91310114" + String(format: "%09d", 700_001))
            let values = ["uscc": uscc, "name": "上海信用分类测试有限公司", "address": "上海市嘉定区测试路1号", "enterpriseType": "生产", "scale": "小型",
                          "creditClass": "D"]
            #expect(!Enterprise.fields.filter(\.computed).isEmpty && !FieldSpec.typed(Enterprise.fields).contains { $0.key == "creditClass" })
            let created = try await repo.create(try build(values), as: admin)
            #expect(created.creditClass == "B", "the typed D was not read")
            // The model computes it from the queue: no products, no history → A.
            #expect(try await CreditClassStore(db).processQueue(today: today) == 1)
            let computed = try #require(try await repo.find(created.id, as: admin))
            let change = try #require(try await CreditClassStore(db).history(created.id).first)
            #expect(computed.creditClass == change.creditClass.rawValue && change.cause == "新建企业")
            // An edit naming another class and nothing else writes nothing.
            let edited = try await repo.update(try build(["creditClass": computed.creditClass == "D" ? "A" : "D"], over: computed),
                                               expectedVersion: computed.version, as: admin)
            #expect(edited.version == computed.version && edited.creditClass == computed.creditClass)
            // A re-import with another class leaves it alone.
            let csv = "统一社会信用代码,企业名称,所属区,注册地址,企业类型,企业规模,信用风险分类\n\(uscc),上海信用分类测试有限公司,310114,上海市嘉定区测试路1号,生产,小型,D\n"
            let report = try await Importer(db).run(.enterprises, data: Data(csv.utf8), actor: .system())
            #expect(report.committed && report.unchanged == 1 && report.updated == 0, "\(report.issues)")
            #expect(try await repo.find(created.id, as: admin)?.creditClass == computed.creditClass)
            // The import template has no class column.
            #expect(!ImportKind.enterprises.templateHeader.contains("信用风险分类"))
        }
    }
}
