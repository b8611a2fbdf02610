import PinzhiDemo
import PinzhiDomain
import PinzhiStore

/// A spot check ready for its draw, for store and app tests: the demo catalogue, two agencies with contracts for
/// one product, an issued city plan with one line, its task accepted by the first agency, and enterprises that
/// make the product (half in 嘉定, half in 浦东), plus two inspectors of the city bureau.
public struct SpotCheckFixture: Sendable {
    public var product: Product
    public var agency: Agency
    public var otherAgency: Agency
    public var plan: Plan
    public var task: CheckTask
    public var enterprises: [Enterprise]
    public var today: Day

    public static let city = Principal(accountId: 1, username: "city", displayName: "市局", role: .citySupervisor, organisationId: 1)

    public func agencyUser(_ agency: Agency? = nil) -> Principal {
        let a = agency ?? self.agency
        return Principal(accountId: 5, username: "ag\(a.id)", displayName: a.name, role: .agencyUser, organisationId: 9, agencyId: a.id)
    }

    public func enterpriseUser(_ e: Enterprise) -> Principal {
        Principal(accountId: 7, username: "en\(e.id)", displayName: e.name, role: .enterpriseUser, organisationId: 9, enterpriseId: e.id)
    }

    /// Samples a drawn batch on the given day, as the task's agency.
    public func sample(_ db: PinzhiDatabase, _ b: Batch, on day: String) async throws -> Batch {
        try await BatchRepository(db).act(b.id, .sample, input: ["sampledOn": day, "sampleName": "样品", "lotNumber": "L", "quantity": "1",
                                                                  "backupQuantity": "1", "backupSealed": "是", "place": "仓库"],
                                          expectedVersion: b.version, today: today, as: agencyUser())
    }

    /// The task's first batch drawn, sampled and reported failing its first item (a serious one).
    public func failedBatch(_ db: PinzhiDatabase) async throws -> Batch {
        _ = try await DrawRepository(db).commitAndDraw(taskId: task.id, reason: nil, publicValue: "77", today: today, as: Self.city)
        var filter = BatchFilter()
        filter.taskId = task.id
        let b = try await BatchRepository(db).list(filter, as: Self.city).rows[0]
        let sampled = try await sample(db, b, on: "2026-11-20")
        return try await report(db, sampled, failing: true, on: "2026-11-23", number: "R-RISK-1")
    }

    /// Reports a sampled batch with values that pass every item, or fail the first one.
    public func report(_ db: PinzhiDatabase, _ b: Batch, failing: Bool, on day: String, number: String) async throws -> Batch {
        let repo = BatchRepository(db)
        var input = ["reportNumber": number, "signatory": "王工", "reportedOn": day]
        for (column, item) in try await repo.testItems(b).enumerated() {
            input["item\(item.id)"] = try LimitExpression.parse(item.limitExpression).get().sampleValue(passing: !(failing && column == 0))
        }
        return try await repo.act(b.id, .report, input: input, expectedVersion: b.version, today: today, as: agencyUser())
    }

    public static func make(_ db: PinzhiDatabase, batches: Int = 3, enterprises count: Int = 6, today: Day = Day("2026-11-24")!) async throws -> SpotCheckFixture {
        let admin = TestDatabase.admin
        let products = try await DemoDataSeeder(db, hasher: TestDatabase.hasher).seedProducts(.system())
        let product = products.first { $0.code == "P009" }!
        let items = try await MasterRepository<TestItem>(db).list(ListQuery(filters: ["product_id": String(product.id)]), as: admin).items
        var agencies: [Agency] = []
        for (code, name) in [("A1", "甲检测"), ("A2", "乙检测")] {
            var a = Agency(); a.code = code; a.name = name; a.cmaNumber = code
            let saved = try await MasterRepository<Agency>(db).create(a, as: admin)
            var c = AgencyContract(); c.agencyId = saved.id; c.year = today.year; c.tenderNumber = "T-\(code)"; c.name = product.name; c.productId = product.id
            c.bidPrice = 2000; c.batches = 50
            _ = try await MasterRepository<AgencyContract>(db).create(c, as: admin)
            agencies.append(saved)
        }
        var enterprises: [Enterprise] = []
        for index in 0..<count {
            let district = index % 2 == 0 ? "310114" : "310115"
            let e = try await MasterRepository<Enterprise>(db).create(
                TestDatabase.enterprise(name: "上海测试电动车\(index)有限公司", district: district, index: index), as: admin)
            var link = EnterpriseProduct(); link.enterpriseId = e.id; link.productId = product.id; link.stage = .production
            _ = try await MasterRepository<EnterpriseProduct>(db).create(link, as: admin)
            enterprises.append(e)
        }
        let cityOrg = try await OrganisationRepository(db).find(code: "SH-CITY")!
        for name in ["张三", "李四"] {
            var i = Inspector(); i.organisationId = cityOrg.id; i.name = name; i.certificateNumber = "C-\(name)"
            _ = try await MasterRepository<Inspector>(db).create(i, as: admin)
        }
        let plans = PlanRepository(db)
        var plan = try await plans.create(year: today.year, title: "市级计划", as: city)
        plan = try await plans.addLine(PlanLine(productId: product.id, mode: .routine, stage: .production, batches: batches, itemIds: items.map { (item: TestItem) in item.id }),
                                       to: plan.id, expectedVersion: plan.version, as: city)
        for action in [PlanAction.submit, .approve, .issue] {
            plan = try await plans.transition(plan.id, action, expectedVersion: plan.version, today: today, as: city)
        }
        let tasks = TaskRepository(db)
        var task = try await tasks.assign(planId: plan.id, lineId: plan.lines[0].id, agencyId: agencies[0].id, batches: batches,
                                          dueDate: today.adding(days: 40), area: nil, today: today, as: city)
        let fixture = SpotCheckFixture(product: product, agency: agencies[0], otherAgency: agencies[1], plan: plan, task: task,
                                       enterprises: enterprises, today: today)
        task = try await tasks.respond(task.id, accept: true, reason: nil, expectedVersion: task.version, today: today, as: fixture.agencyUser())
        var accepted = fixture
        accepted.task = task
        return accepted
    }
}
