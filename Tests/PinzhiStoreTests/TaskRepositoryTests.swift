@testable import PinzhiDemo
import PinzhiDomain
@testable import PinzhiStore
import PinzhiTestSupport
import SQLKit
import Testing

@Suite("抽查任务（SC-3）")
struct TaskRepositoryTests {
    let today = Day("2026-11-24")!
    static let city = Principal(accountId: 1, username: "city", displayName: "市局", role: .citySupervisor, organisationId: 1)

    /// An issued city plan with one line of 10 batches, and two agencies of which only the first has a contract.
    func fixture(_ db: PinzhiDatabase) async throws -> (Plan, Agency, Agency) {
        let demo = DemoDataSeeder(db, hasher: TestDatabase.hasher)
        let products = try await demo.seedProducts(.system())
        let product = products.first { $0.code == "P012" }!
        let items = try await MasterRepository<TestItem>(db).list(ListQuery(filters: ["product_id": String(product.id)]), as: Self.city).items
        var a1 = Agency(); a1.code = "A1"; a1.name = "甲检测"; a1.cmaNumber = "1"
        var a2 = Agency(); a2.code = "A2"; a2.name = "乙检测"; a2.cmaNumber = "2"
        let first = try await MasterRepository<Agency>(db).create(a1, as: TestDatabase.admin)
        let second = try await MasterRepository<Agency>(db).create(a2, as: TestDatabase.admin)
        var contract = AgencyContract()
        contract.agencyId = first.id; contract.year = 2027; contract.tenderNumber = "T1"; contract.name = product.name; contract.productId = product.id
        contract.bidPrice = 2000; contract.batches = 50
        _ = try await MasterRepository<AgencyContract>(db).create(contract, as: TestDatabase.admin)
        let plans = PlanRepository(db)
        var plan = try await plans.create(year: 2027, title: "市级计划", as: Self.city)
        plan = try await plans.addLine(PlanLine(productId: product.id, mode: .routine, stage: .circulation, batches: 10, itemIds: items.map(\.id)),
                                       to: plan.id, expectedVersion: plan.version, as: Self.city)
        for action in [PlanAction.submit, .approve, .issue] {
            plan = try await plans.transition(plan.id, action, expectedVersion: plan.version, today: today, as: Self.city)
        }
        return (plan, first, second)
    }

    @Test func assignUnderContractWithinTheLineAndTheAgencyResponds() async throws {
        try await TestDatabase.with { db in
            let (plan, agency, other) = try await fixture(db)
            let repo = TaskRepository(db)
            let line = plan.lines[0]
            let due = Day("2027-03-31")!
            do {
                _ = try await repo.assign(planId: plan.id, lineId: line.id, agencyId: other.id, batches: 4, dueDate: due, area: nil, today: today, as: Self.city)
                Issue.record("an agency without a contract got a task")
            } catch let StoreError.invalid(failure) {
                #expect(failure.summary.contains("没有2027年度“车用汽油”的承检合同"))
            }
            let task = try await repo.assign(planId: plan.id, lineId: line.id, agencyId: agency.id, batches: 6, dueDate: due,
                                             area: "嘉定工业区", today: today, as: Self.city)
            #expect(task.state == .assigned && task.agencyName == "甲检测" && task.productName == "车用汽油")
            await #expect(throws: StoreError.self) {
                _ = try await repo.assign(planId: plan.id, lineId: line.id, agencyId: agency.id, batches: 5, dueDate: due, area: nil, today: today, as: Self.city)
            }
            let agencyUser = Principal(accountId: 5, username: "ag", displayName: "甲", role: .agencyUser, organisationId: 9, agencyId: agency.id)
            let otherUser = Principal(accountId: 6, username: "ag2", displayName: "乙", role: .agencyUser, organisationId: 9, agencyId: other.id)
            #expect(try await repo.list(as: agencyUser).map(\.id) == [task.id])
            #expect(try await repo.list(as: otherUser).isEmpty)
            #expect(try await repo.find(task.id, as: otherUser) == nil)
            await #expect(throws: StoreError.notFound) { _ = try await repo.respond(task.id, accept: true, reason: nil, expectedVersion: 1, today: Clock.today(), as: otherUser) }
            await #expect(throws: StoreError.self) { _ = try await repo.respond(task.id, accept: false, reason: "忙", expectedVersion: 1, today: Clock.today(), as: agencyUser) }
            let declined = try await repo.respond(task.id, accept: false, reason: "检测设备检修中", expectedVersion: 1, today: Clock.today(), as: agencyUser)
            #expect(declined.state == .declined)
            await #expect(throws: StoreError.self) { _ = try await repo.respond(task.id, accept: true, reason: nil, expectedVersion: 2, today: Clock.today(), as: agencyUser) }
            // Declined batches go back to the line.
            let again = try await repo.assign(planId: plan.id, lineId: line.id, agencyId: agency.id, batches: 10, dueDate: due, area: nil, today: today, as: Self.city)
            let accepted = try await repo.respond(again.id, accept: true, reason: nil, expectedVersion: 1, today: Clock.today(), as: agencyUser)
            #expect(accepted.state == .accepted)
            #expect(try await AuditQueries(db).history(entity: "task", id: again.id).map(\.action) == ["accept", "assign"])
            let events = try await WorkflowEvents.list(db, TaskKind.self, id: task.id)
            #expect(events.map(\.action) == ["decline"] && events[0].data["reason"] == "检测设备检修中")
            // The agency owes nothing more on either task; the city never owed a task's acceptance.
            let calendar = WorkingDayCalendar(WorkingDayCalendar.official)
            let rules = try await RuleRepository(db).effective(on: today)
            #expect(try await repo.duties(as: agencyUser, today: today, rules: rules, calendar: calendar).isEmpty)
            #expect(try await repo.duties(as: Self.city, today: today, rules: rules, calendar: calendar).isEmpty)
        }
    }

    @Test func onlyIssuedPlansAreSplitAndOnlyByTheirOwnLevel() async throws {
        try await TestDatabase.with { db in
            let (plan, agency, _) = try await fixture(db)
            let repo = TaskRepository(db)
            let jiading = TestDatabase.district("310114")
            await #expect(throws: StoreError.forbidden) {
                _ = try await repo.assign(planId: plan.id, lineId: plan.lines[0].id, agencyId: agency.id, batches: 1, dueDate: Day("2027-03-01"),
                                          area: nil, today: today, as: jiading)
            }
            var draft = try await PlanRepository(db).create(year: 2027, title: "草稿", as: Self.city)
            draft = try await PlanRepository(db).addLine(plan.lines[0], to: draft.id, expectedVersion: draft.version, as: Self.city)
            await #expect(throws: StoreError.self) {
                _ = try await repo.assign(planId: draft.id, lineId: draft.lines[0].id, agencyId: agency.id, batches: 1, dueDate: Day("2027-03-01"),
                                          area: nil, today: today, as: Self.city)
            }
        }
    }
}
