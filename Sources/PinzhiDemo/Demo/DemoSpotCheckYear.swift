import Foundation
import PinzhiDomain
import PinzhiStore
import SQLKit

/// A year of spot checks on the 20 key products (SPEC X-4, issue 4 item 14), made by running the real workflow:
/// plans are drafted, approved and issued, tasks given and accepted, enterprises drawn, and every batch moved
/// step by step through BatchRepository as its parties would, on simulated days that never pass `today`. What is
/// still open on `today` stays open, some of it overdue.
struct DemoSpotCheckYear {
    let database: PinzhiDatabase
    /// The year whose plans this runs: the demo runs the year before today's, complete, and today's, up to today.
    let year: Int
    let today: Day
    var rng: SeededGenerator
    /// About what Shanghai reports for its spot checks: a few percent of batches fail.
    static let failureRate = 0.08

    struct Stats { var batches = 0, steps = 0 }

    /// One newcomer that bid low reports every batch as passing, so that oversight has something real to find.
    static let lenientAgency = "上海沪检质量技术服务有限公司"
    var lenientAgencyId: Int64?

    var city: Principal { DemoPrincipals.city }
    func district(_ code: String) -> Principal { DemoPrincipals.district(code) }
    func agency(_ id: Int64, _ name: String) -> Principal { DemoPrincipals.agency(id, name) }

    mutating func run() async throws -> Stats {
        var stats = Stats()
        let products = try await MasterRepository<Product>(database).list(ListQuery(limit: 100), as: city).items
        let items = try await MasterRepository<TestItem>(database).list(ListQuery(limit: 500), as: city).items
        let contracts = try await MasterRepository<AgencyContract>(database).list(ListQuery(limit: 500), as: city).items.filter { $0.year == year }
        lenientAgencyId = try await MasterRepository<Agency>(database).list(ListQuery(limit: 100), as: city).items.first { $0.name == Self.lenientAgency }?.id
        try await enterNationalPlan(products.prefix(3))
        let cityPlan: [(SamplingStage, Int)] = [(.production, 40), (.circulation, 12), (.online, 4)]
        try await runPlan(title: "\(year)年上海市产品质量监督抽查计划", district: nil, products: products, items: items, contracts: contracts,
                          lines: cityPlan, issued: Day(year: year, month: 3, day: 2)!, due: Day(year: year, month: 10, day: 30)!, stats: &stats)
        try await runPlan(title: "\(year)年嘉定区产品质量评价性抽查计划", district: "310114", products: Array(products.prefix(12)), items: items,
                          contracts: contracts, lines: [(.production, 8)], issued: Day(year: year, month: 9, day: 14)!,
                          due: Day(year: year, month: 12, day: 15)!, mode: .evaluation, stats: &stats)
        try await runPlan(title: "\(year)年浦东新区产品质量监督抽查计划", district: "310115", products: Array(products.suffix(12)), items: items,
                          contracts: contracts, lines: [(.production, 8)], issued: Day(year: year, month: 10, day: 19)!,
                          due: Day(year: year, month: 11, day: 20)!, stats: &stats)
        return stats
    }

    /// A few producers of the first products are in this year's national plan, as the State Administration's list
    /// names them: the city's draws leave them out with that reason.
    func enterNationalPlan(_ products: ArraySlice<Product>) async throws {
        let entries = MasterRepository<NationalPlanEntry>(database)
        for product in products {
            let makers = try await database.session { db in
                try await db.select().column(SQLColumn("uscc", table: "e")).column(SQLColumn("name", table: "e"))
                    .from(SQLAlias(SQLIdentifier("enterprise_products"), as: SQLIdentifier("ep")))
                    .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("id", table: "e"), .equal, SQLColumn("enterprise_id", table: "ep"))
                    .where(SQLColumn("product_id", table: "ep"), .equal, SQLBind(product.id)).where(SQLColumn("stage", table: "ep"), .equal, SQLBind(SamplingStage.production.rawValue))
                    .orderBy(SQLColumn("id", table: "e")).limit(3).all()
                    .map { (try $0.decode(column: "uscc", as: String.self), try $0.decode(column: "name", as: String.self)) }
            }
            for (uscc, name) in makers {
                var entry = NationalPlanEntry()
                entry.productId = product.id
                entry.year = year
                entry.enterpriseUscc = uscc
                entry.enterpriseName = name
                entry.source = "市场监管总局\(year)年国家产品质量监督抽查计划"
                _ = try await entries.create(entry, as: city)
            }
        }
    }

    mutating func runPlan(title: String, district: String?, products: [Product], items: [TestItem], contracts: [AgencyContract],
                          lines: [(SamplingStage, Int)], issued: Day, due: Day, mode: CheckMode = .routine, stats: inout Stats) async throws {
        guard issued <= today else { return }
        let owner = district.map(self.district) ?? city
        let plans = PlanRepository(database)
        var plan = try await plans.create(year: year, title: title, as: owner)
        for product in products {
            let chosen = items.filter { $0.productId == product.id && $0.active }.map(\.id)
            for (stage, batches) in lines {
                plan = try await plans.addLine(PlanLine(productId: product.id, mode: mode, stage: stage, batches: batches, itemIds: chosen),
                                               to: plan.id, expectedVersion: plan.version, as: owner)
            }
        }
        // The city approves and issues every plan, its own and the districts'.
        let approver = city
        plan = try await plans.transition(plan.id, .submit, expectedVersion: plan.version, today: issued, as: owner)
        plan = try await plans.transition(plan.id, .approve, expectedVersion: plan.version, today: issued, as: approver)
        plan = try await plans.transition(plan.id, .issue, expectedVersion: plan.version, today: issued, as: approver)
        let tasks = TaskRepository(database)
        let draws = DrawRepository(database)
        let batches = BatchRepository(database)
        let rules = try await RuleRepository(database).effective(on: issued)
        let calendar = try await CalendarRepository(database).calendar()
        for (index, line) in plan.lines.enumerated() {
            // Lines go round the agencies holding a contract for the product, as the tender splits the work.
            let holders = contracts.filter { $0.productId == line.productId && $0.active }.sorted { $0.agencyId < $1.agencyId }
            guard !holders.isEmpty else { continue }
            let contract = holders[index % holders.count]
            let agencyName = try await MasterRepository<Agency>(database).find(contract.agencyId, as: city)?.name ?? ""
            let agent = agency(contract.agencyId, agencyName)
            let task = try await tasks.assign(planId: plan.id, lineId: line.id, agencyId: contract.agencyId, batches: line.batches, dueDate: due,
                                              area: nil, today: issued.adding(days: 1), as: owner)
            _ = try await tasks.respond(task.id, accept: true, reason: nil, expectedVersion: task.version, today: issued.adding(days: 2), as: agent)
            let drawDay = issued.adding(days: 3 + rng.below(10))
            guard drawDay <= today else { continue }
            // The candidate list is committed first; the seed then comes from a lottery draw announced afterwards (here
            // a made-up one: six red balls and a blue one) and, for every other task, a discipline officer's secret
            // registered from the 纪检 account before the commitment and revealed from it after (PZ-DRAW-2, DrawWitness).
            let reds = (1...33).shuffled(using: &rng).prefix(6).sorted().map { String(format: "%02d", $0) }
            let lottery = reds.joined(separator: " ") + " + " + String(format: "%02d", 1 + rng.below(16))
            let record = try await draws.commitAndDraw(taskId: task.id, reason: nil, publicValue: lottery,
                                                       source: "演示数据：模拟的福利彩票双色球\(drawDay.year)年第\((1..<drawDay.month).reduce(drawDay.day) { $0 + Day.length(drawDay.year, $1) })期开奖号码",
                                                       witness: index % 2 == 0 ? (DemoPrincipals.witness, "jijian-\(rng.next())") : nil, saltSeed: rng.next(),
                                                       committedAt: "\(drawDay)T01:00:00.000Z", today: drawDay, as: owner)
            var filter = BatchFilter()
            filter.taskId = task.id
            filter.states = [.drawn]
            filter.limit = 1000
            // The batches of one task are independent: they are walked four at a time, each with its own generator
            // seeded from the batch id, so the outcome does not depend on the order they finish in.
            let drawn = try await batches.list(filter, as: owner).rows.filter { $0.drawId == record.id }
            let base = rng.next()
            let walker = DemoBatchWalk(database: database, today: today, lenientAgencyId: lenientAgencyId, rules: rules, calendar: calendar)
            for chunk in stride(from: 0, to: drawn.count, by: 4).map({ Array(drawn[$0..<min($0 + 4, drawn.count)]) }) {
                stats.steps += try await withThrowingTaskGroup(of: Int.self) { group in
                    for batch in chunk {
                        group.addTask {
                            var generator = SeededGenerator(seed: base ^ (UInt64(batch.id) &* 0x9E37_79B9_7F4A_7C15))
                            return try await walker.walk(batch, from: drawDay, owner: owner, agent: agent, rng: &generator)
                        }
                    }
                    return try await group.reduce(0, +)
                }
                stats.batches += chunk.count
            }
        }
    }
}
