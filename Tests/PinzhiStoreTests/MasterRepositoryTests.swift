import PinzhiDomain
import SQLKit
import PinzhiTestSupport
import Testing
@testable import PinzhiStore

@Suite("主数据仓库")
struct MasterRepositoryTests {
    @Test func createListSearchFilterAndScope() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            let a = try await repo.create(TestDatabase.enterprise(name: "上海嘉定甲电缆有限公司", district: "310114", index: 1), as: TestDatabase.admin)
            _ = try await repo.create(TestDatabase.enterprise(name: "上海嘉定乙水泥有限公司", district: "310114", index: 2), as: TestDatabase.admin)
            _ = try await repo.create(TestDatabase.enterprise(name: "上海浦东丙电缆有限公司", district: "310115", index: 3), as: TestDatabase.admin)
            #expect(a.id > 0 && a.version == 1 && a.districtCode == "310114")

            #expect(try await repo.list(ListQuery(), as: TestDatabase.admin).total == 3)
            #expect(try await repo.list(ListQuery(search: "电缆"), as: TestDatabase.admin).total == 2)
            #expect(try await repo.list(ListQuery(search: a.uscc.lowercased()), as: TestDatabase.admin).items.map(\.id) == [a.id])
            // A code prefix is searched as a range: every code that starts with it, and a district's scope still applies.
            let prefix = String(a.uscc.prefix(8))
            let byPrefix = try await repo.list(ListQuery(search: prefix.lowercased()), as: TestDatabase.admin).items
            #expect(!byPrefix.isEmpty && byPrefix.allSatisfy { $0.uscc.hasPrefix(prefix) } && byPrefix.contains { $0.id == a.id })
            #expect(try await repo.list(ListQuery(search: prefix), as: TestDatabase.district("310115")).items.allSatisfy { $0.districtCode == "310115" })
            #expect(try await repo.list(ListQuery(filters: ["district_code": "310115"]), as: TestDatabase.admin).total == 1)
            #expect(try await repo.list(ListQuery(filters: ["no_such_column": "x"]), as: TestDatabase.admin).total == 3, "unknown filters are ignored")

            let jiading = TestDatabase.district("310114")
            #expect(try await repo.list(ListQuery(), as: jiading).total == 2)
            let pudongRecord = try await repo.list(ListQuery(filters: ["district_code": "310115"]), as: TestDatabase.admin).items[0]
            #expect(try await repo.find(pudongRecord.id, as: jiading) == nil, "another district's enterprise is invisible")

            let agency = Principal(accountId: 9, username: "ag", displayName: "机构", role: .agencyUser, organisationId: 5, agencyId: 1)
            #expect(try await repo.list(ListQuery(), as: agency).total == 0)
            let own = Principal(accountId: 8, username: "en", displayName: "企业", role: .enterpriseUser, organisationId: 6, enterpriseId: a.id)
            #expect(try await repo.list(ListQuery(), as: own).items.map(\.id) == [a.id])
        }
    }

    @Test func pagingAndSorting() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            for i in 0..<25 {
                _ = try await repo.create(TestDatabase.enterprise(name: "企业\(String(format: "%02d", i))", district: "310114", index: i), as: TestDatabase.admin)
            }
            let first = try await repo.list(ListQuery(sort: "name", descending: true, limit: 10), as: TestDatabase.admin)
            #expect(first.items.count == 10 && first.total == 25 && first.hasNext)
            #expect(first.items.first?.name == "企业24")
            let last = try await repo.list(ListQuery(limit: 10, offset: 20), as: TestDatabase.admin)
            #expect(last.items.count == 5 && !last.hasNext && last.nextCursor == nil)
        }
    }

    @Test func districtUserCannotWriteIntoAnotherDistrict() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            await #expect(throws: StoreError.forbidden) {
                _ = try await repo.create(TestDatabase.enterprise(name: "越权企业", district: "310115", index: 1), as: TestDatabase.district("310114"))
            }
            let written = try await repo.list(ListQuery(), as: TestDatabase.admin).total
            let audited = try await AuditQueries(db).page(entity: nil, actor: nil, limit: 10, offset: 0).total
            #expect(written == 0, "nothing written")
            #expect(audited == 0, "no audit row either")
        }
    }

    @Test func staleEditIsRefusedAndNothingIsOverwritten() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            let created = try await repo.create(TestDatabase.enterprise(name: "原名", district: "310114", index: 1), as: TestDatabase.admin)
            var first = created
            first.name = "第一人修改"
            let saved = try await repo.update(first, expectedVersion: 1, as: TestDatabase.admin)
            #expect(saved.version == 2)
            var second = created
            second.name = "第二人修改"
            await #expect(throws: StoreError.staleVersion(current: 2)) {
                _ = try await repo.update(second, expectedVersion: 1, as: TestDatabase.admin)
            }
            #expect(try await repo.find(created.id, as: TestDatabase.admin)?.name == "第一人修改")
        }
    }

    @Test func duplicateNaturalKeyIsRefused() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            let e = TestDatabase.enterprise(name: "甲", district: "310114", index: 1)
            _ = try await repo.create(e, as: TestDatabase.admin)
            var copy = e
            copy.name = "乙"
            do {
                _ = try await repo.create(copy, as: TestDatabase.admin)
                Issue.record("duplicate accepted")
            } catch let StoreError.duplicate(field, message) {
                #expect(field == "uscc")
                #expect(message.contains("统一社会信用代码相同"))
            }
        }
    }

    @Test func deactivateHidesFromListsButKeepsTheRecord() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            let e = try await repo.create(TestDatabase.enterprise(name: "甲", district: "310114", index: 1), as: TestDatabase.admin)
            let off = try await repo.setActive(e.id, false, expectedVersion: e.version, as: TestDatabase.admin)
            #expect(!off.active && off.version == 2)
            #expect(try await repo.list(ListQuery(), as: TestDatabase.admin).total == 0)
            #expect(try await repo.list(ListQuery(includeInactive: true), as: TestDatabase.admin).total == 1)
            #expect(try await repo.find(e.id, as: TestDatabase.admin) != nil)
            let history = try await AuditQueries(db).history(entity: "enterprise", id: e.id)
            #expect(history.map(\.action) == ["deactivate", "create"])
        }
    }

    @Test func childRecordsReferenceTheirParent() async throws {
        try await TestDatabase.with { db in
            var p = Product()
            p.code = "P1"; p.name = "水泥"; p.categoryMajor = "建材"; p.categoryMiddle = "水泥"
            let product = try await MasterRepository<Product>(db).create(p, as: TestDatabase.admin)
            var item = TestItem()
            item.productId = product.id; item.name = "安定性"; item.limitExpression = "符合"; item.severity = .serious
            _ = try await MasterRepository<TestItem>(db).create(item, as: TestDatabase.admin)
            let items = try await MasterRepository<TestItem>(db).list(ListQuery(filters: ["product_id": String(product.id)]), as: TestDatabase.admin)
            #expect(items.items.map(\.name) == ["安定性"])
            var orphan = item
            orphan.productId = 9999
            orphan.name = "孤儿"
            await #expect(throws: StoreError.self) { _ = try await MasterRepository<TestItem>(db).create(orphan, as: TestDatabase.admin) }
        }
    }
}
