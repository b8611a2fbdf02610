import PinzhiDomain
import PinzhiTestSupport
import Testing
@testable import PinzhiStore

@Suite("规则参数的版本")
struct RuleRepositoryTests {
    @Test func versionOneHoldsTheDefaults() async throws {
        try await TestDatabase.with { db in
            let rules = try await RuleRepository(db).effective(on: Day("2026-11-24")!)
            #expect(rules.version == 1)
            #expect(rules.values == RuleSet.defaults)
        }
    }

    @Test func newVersionsTakeEffectOnTheirDateAndNeverBackwards() async throws {
        try await TestDatabase.with { db in
            let repo = RuleRepository(db)
            let today = Day("2026-11-24")!
            var values = RuleSet.defaults
            values["objectionDays"] = 20
            await #expect(throws: StoreError.forbidden) {
                _ = try await repo.create(values: values, effectiveFrom: Day("2027-01-01")!, reason: "依新规调整", today: today, by: TestDatabase.district("310114"))
            }
            await #expect(throws: StoreError.self) {
                _ = try await repo.create(values: values, effectiveFrom: Day("2026-11-01")!, reason: "追溯调整", today: today, by: TestDatabase.admin)
            }
            let v2 = try await repo.create(values: values, effectiveFrom: Day("2027-01-01")!, reason: "依新规调整", today: today, by: TestDatabase.admin)
            #expect(v2.version == 2)
            let before = try await repo.effective(on: Day("2026-12-31")!)
            let after = try await repo.effective(on: Day("2027-01-01")!)
            #expect(before.int("objectionDays") == 15 && after.int("objectionDays") == 20)
            await #expect(throws: StoreError.self) {
                _ = try await repo.create(values: values, effectiveFrom: Day("2026-12-15")!, reason: "早于最新版本", today: today, by: TestDatabase.admin)
            }
            let audit = try await AuditQueries(db).history(entity: "rule_version", id: 2)
            #expect(audit.first?.summary.contains("异议申请期限（自收到结果之日起） 15→20") == true)
        }
    }
}
