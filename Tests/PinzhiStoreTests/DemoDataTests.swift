@testable import PinzhiDemo
import PinzhiDomain
@testable import PinzhiStore
import PinzhiTestSupport
import SQLKit
import Testing

@Suite("演示数据")
struct DemoDataTests {
    @Test func demoDataIsDeterministicAndValid() async throws {
        let first = try await TestDatabase.with { db in
            let result = try await DemoDataSeeder(db, hasher: TestDatabase.hasher).seedIfEmpty(seed: 7, enterprises: 120, spotCheckYear: false)
            #expect(result.seeded)
            #expect(try await DemoDataSeeder(db, hasher: TestDatabase.hasher).seedIfEmpty(seed: 7, enterprises: 120, spotCheckYear: false).seeded == false)
            let enterprises = try await MasterRepository<Enterprise>(db).list(ListQuery(limit: 500), as: TestDatabase.admin).items
            #expect(enterprises.count == 120)
            #expect(enterprises.allSatisfy { USCC.isValid($0.uscc) && USCC.divisionCode($0.uscc) == $0.districtCode })
            let products = try await MasterRepository<Product>(db).list(ListQuery(limit: 50), as: TestDatabase.admin)
            #expect(products.total == 20)
            let items = try await MasterRepository<TestItem>(db).list(ListQuery(limit: 500), as: TestDatabase.admin).items
            #expect(items.allSatisfy { (try? LimitExpression.parse($0.limitExpression).get()) != nil })
            #expect(Set(items.map(\.productId)).count == 20, "every product has test items")
            #expect(try await MasterRepository<Agency>(db).list(ListQuery(), as: TestDatabase.admin).total >= 12)
            #expect(try await MasterRepository<Expert>(db).list(ListQuery(), as: TestDatabase.admin).total == 50)
            #expect(try await MasterRepository<Inspector>(db).list(ListQuery(), as: TestDatabase.admin).total == 40)
            #expect(try await AccountRepository(db, hasher: TestDatabase.hasher).list().total == DemoDataSeeder.accounts.count)
            if case .broken(let seq, let reason) = try await AuditVerifier(db).verify() { Issue.record("the audit chain breaks at \(seq): \(reason)") }
            return enterprises.map { "\($0.uscc) \($0.name)" }
        }
        let second = try await TestDatabase.with { db in
            try await DemoDataSeeder(db, hasher: TestDatabase.hasher).seedIfEmpty(seed: 7, enterprises: 120, spotCheckYear: false)
            return try await MasterRepository<Enterprise>(db).list(ListQuery(limit: 500), as: TestDatabase.admin).items.map { "\($0.uscc) \($0.name)" }
        }
        #expect(first == second)
    }
}
