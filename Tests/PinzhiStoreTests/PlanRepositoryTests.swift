import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

@Suite("年度计划的存储与流转")
struct PlanRepositoryTests {
    let today = Day("2026-11-24")!
    static let city = Principal(accountId: 1, username: "city", displayName: "市局", role: .citySupervisor, organisationId: 1)

    /// A product with two key safety items and one ordinary item.
    func product(_ db: PinzhiDatabase) async throws -> (Product, [TestItem]) {
        var p = Product()
        p.code = "P9"; p.name = "车用汽油"; p.categoryMajor = "石油化工"; p.categoryMiddle = "车用成品油"
        let product = try await MasterRepository<Product>(db).create(p, as: TestDatabase.admin)
        var items: [TestItem] = []
        for (name, key) in [("硫含量", true), ("苯含量", true), ("烯烃含量", false)] {
            var t = TestItem()
            t.productId = product.id; t.name = name; t.limitExpression = "≤10"; t.keySafety = key; t.severity = key ? .serious : .general
            items.append(try await MasterRepository<TestItem>(db).create(t, as: TestDatabase.admin))
        }
        return (product, items)
    }

    @Test func aDistrictDraftsSubmitsAndTheCityApprovesAndIssues() async throws {
        try await TestDatabase.with { db in
            let repo = PlanRepository(db)
            let (product, items) = try await product(db)
            let jiading = TestDatabase.district("310114")
            var plan = try await repo.create(year: 2027, title: "嘉定区2027年监督抽查计划", as: jiading)
            #expect(plan.districtCode == "310114" && plan.state == .draft)

            let missing = PlanLine(productId: product.id, mode: .routine, stage: .circulation, batches: 20, itemIds: [items[0].id, items[2].id])
            do {
                _ = try await repo.addLine(missing, to: plan.id, expectedVersion: plan.version, as: jiading)
                Issue.record("a line without every key safety item was accepted")
            } catch let StoreError.invalid(failure) {
                #expect(failure.summary.contains("缺少重点安全项目：苯含量"))
            }
            #expect(try await repo.find(plan.id, as: jiading)?.lines.isEmpty == true, "nothing written")

            plan = try await repo.addLine(PlanLine(productId: product.id, mode: .routine, stage: .circulation, batches: 20, itemIds: items.map(\.id)),
                                          to: plan.id, expectedVersion: plan.version, as: jiading)
            #expect(plan.lines.count == 1 && plan.totalBatches == 20 && plan.lines[0].productName == "车用汽油")

            await #expect(throws: StoreError.forbidden) {
                _ = try await repo.transition(plan.id, .approve, expectedVersion: plan.version, today: today, as: jiading)
            }
            plan = try await repo.transition(plan.id, .submit, expectedVersion: plan.version, today: today, as: jiading)
            #expect(plan.state == .submitted)
            await #expect(throws: StoreError.self) {
                _ = try await repo.addLine(PlanLine(productId: product.id, mode: .special, stage: .production, batches: 1, itemIds: items.map(\.id)),
                                           to: plan.id, expectedVersion: plan.version, as: jiading)
            }
            plan = try await repo.transition(plan.id, .approve, expectedVersion: plan.version, today: today, as: Self.city)
            #expect(plan.state == .approved && plan.rulesVersion == 1)
            plan = try await repo.transition(plan.id, .issue, expectedVersion: plan.version, today: today, as: Self.city)
            #expect(plan.state == .issued)
            let actions = try await AuditQueries(db).history(entity: "plan", id: plan.id).map(\.action)
            // Each step is on the plan's timeline too, with its states (WorkflowStore).
            let events = try await WorkflowEvents.list(db, PlanKind.self, id: plan.id)
            #expect(events.map(\.action) == ["submit", "approve", "issue"])
            #expect(events.map(\.toState) == ["submitted", "approved", "issued"] && events[0].fromState == "draft")
            #expect(actions == ["issue", "approve", "submit", "add_line", "create"])
            if case .broken(let seq, let reason) = try await AuditVerifier(db).verify() { Issue.record("the audit chain breaks at \(seq): \(reason)") }
        }
    }

    @Test func scopeLevelAndWrongStateAreRefused() async throws {
        try await TestDatabase.with { db in
            let repo = PlanRepository(db)
            let jiading = TestDatabase.district("310114")
            let pudong = TestDatabase.district("310115")
            let plan = try await repo.create(year: 2027, title: "嘉定计划", as: jiading)
            let cityPlan = try await repo.create(year: 2027, title: "市级计划", as: Self.city)
            #expect(try await repo.find(plan.id, as: pudong) == nil, "another district's plan is invisible")
            #expect(try await repo.find(cityPlan.id, as: pudong) != nil, "districts see the city's plan")
            #expect(try await repo.list(year: 2027, state: nil, as: pudong).map(\.id) == [cityPlan.id])
            #expect(try await repo.list(year: 2027, state: nil, as: Self.city).count == 2)
            await #expect(throws: StoreError.forbidden) {
                _ = try await repo.transition(cityPlan.id, .submit, expectedVersion: 1, today: today, as: jiading)
            }
            await #expect(throws: StoreError.conflict(PlanWorkflow.refusal(.draft, .approve))) {
                _ = try await repo.transition(plan.id, .approve, expectedVersion: 1, today: today, as: Self.city)
            }
            await #expect(throws: StoreError.self) {
                _ = try await repo.transition(plan.id, .submit, expectedVersion: 1, today: today, as: jiading)
            }
        }
    }

    @Test func racingTransitionsApplyOnce() async throws {
        try await TestDatabase.with { db in
            let repo = PlanRepository(db)
            let (product, items) = try await product(db)
            var plan = try await repo.create(year: 2027, title: "市级计划", as: Self.city)
            plan = try await repo.addLine(PlanLine(productId: product.id, mode: .routine, stage: .production, batches: 5, itemIds: items.map(\.id)),
                                          to: plan.id, expectedVersion: plan.version, as: Self.city)
            plan = try await repo.transition(plan.id, .submit, expectedVersion: plan.version, today: today, as: Self.city)
            let version = plan.version
            let id = plan.id
            let wins = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<6 {
                    group.addTask { (try? await repo.transition(id, .approve, expectedVersion: version, today: today, as: Self.city)) != nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1)
            let approvals = try await AuditQueries(db).history(entity: "plan", id: id).filter { $0.action == "approve" }
            #expect(approvals.count == 1)
        }
    }
}
