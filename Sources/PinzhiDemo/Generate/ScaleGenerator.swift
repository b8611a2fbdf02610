import Foundation
import PinzhiDomain
import PinzhiStore
import SQLKit

/// A city-scale data set for benchmarks (issue 6), deterministic from a seed. It starts from the demo's master
/// data, adds enterprises in bulk (valid 统一社会信用代码, the demo's shapes), then for each year runs the real plan,
/// task and draw code and walks every drawn batch through BatchWorkflow in memory (BatchRowRecorder), writing each
/// task's batches, events, item results, publications and case leads in bulk with the rollup kept in the same
/// transaction. Every row is one the workflow produces; only the audit log is summarised, one row per task.
public struct ScaleGenerator: Sendable {
    let database: PinzhiDatabase
    let hasher: PasswordHasher

    public init(_ database: PinzhiDatabase, hasher: PasswordHasher) {
        self.database = database
        self.hasher = hasher
    }

    public struct Options: Sendable {
        public var enterprises: Int
        public var years: Int
        public var batches: Int
        public var seed: UInt64
        public var today: Day
        /// The most batches one plan line asks for (the form's limit); tests lower it to see a year in several plans.
        public var lineBatches: Int
        /// Whether the steps after the spot checks (leads, cases) are recorded and written in bulk; a test takes them
        /// one transaction each, as the demo does, to see that both give the same records.
        package var recordSteps = true

        public init(enterprises: Int, years: Int, batches: Int, seed: UInt64 = 2026, today: Day = Clock.today(),
                    lineBatches: Int = PlanLineRules.maxBatches) {
            self.enterprises = enterprises
            self.years = years
            self.batches = batches
            self.seed = seed
            self.today = today
            self.lineBatches = min(max(lineBatches, 1), PlanLineRules.maxBatches)
        }
    }

    public struct Summary: Sendable, Equatable {
        public var enterprises = 0
        public var tasks = 0
        public var batches = 0
        public var withVerdict = 0
        /// Steps taken on case leads and cases, after the spot checks that raised the leads.
        public var enforcementSteps = 0
        /// Steps taken on the risk items the failures raised.
        public var riskSteps = 0
    }

    public enum Failure: Error, CustomStringConvertible {
        case notEmpty

        public var description: String { "数据库已有数据：请对新的空数据库运行 pinzhi generate" }
    }

    public typealias Progress = @Sendable (_ phase: String, _ done: Int, _ total: Int) -> Void

    static let demoEnterprises = 200

    public func run(_ o: Options, progress: Progress = { _, _, _ in }) async throws -> Summary {
        let seeded = try await DemoDataSeeder(database, hasher: hasher)
            .seedIfEmpty(seed: o.seed, enterprises: min(Self.demoEnterprises, o.enterprises), spotCheckYear: false, today: o.today)
        guard seeded.seeded else { throw Failure.notEmpty }
        let trusted = try await mayLoadWithoutChecks()
        var rng = SeededGenerator(seed: o.seed &+ 17)
        var summary = Summary()
        summary.enterprises = try await addEnterprises(o.enterprises - Self.demoEnterprises, today: o.today, trusted: trusted, rng: &rng,
                                                            progress: progress)
            + min(Self.demoEnterprises, o.enterprises)
        // Statistics for the tables that just grew, before the years' queries are planned: without them SQLite chose
        // an index that made the campaign's coverage read every licence once per enterprise.
        try await analyze(sampled: true)
        let firstYear = o.today.year - o.years + 1
        try await copyContracts(to: Array(firstYear..<o.today.year), from: o.today.year)
        for year in firstYear...o.today.year {
            let perYear = o.batches / o.years + (year == o.today.year ? o.batches % o.years : 0)
            let done = try await generateYear(year, batches: perYear, options: o, trusted: trusted, rng: &rng, progress: progress)
            summary.tasks += done.tasks
            summary.batches += done.batches
            summary.withVerdict += done.withVerdict
            // The next year's draws and the later phases are planned on what the tables hold now, not on the counts of
            // when they were empty (SQLite keeps its statistics until the next ANALYZE).
            try await analyze(sampled: true)
        }
        summary.riskSteps = try await risk(o, progress: progress)
        summary.enforcementSteps = try await enforcement(o, progress: progress)
        try await stories(o, progress: progress)
        progress("专项行动", 0, 1)
        try await campaign(o)
        progress("专项行动", 1, 1)
        // The credit classes of the enterprises the cases and the campaign touched, recomputed as the server would (RK-3),
        // each with the cause it was queued with; and in the same pass every other enterprise's, as the server's daily
        // recompute would: the generator writes the spot checks' verdicts in bulk without queuing their enterprises.
        let credit = CreditClassStore(database)
        try await credit.enqueueEveryone(cause: "按积分模型计算（生成数据：抽查结论批量写入）")
        var recomputed = 0
        while case let n = try await credit.processQueue(today: o.today), n > 0 {
            recomputed += n
            progress("信用分类", recomputed, recomputed)
        }
        progress("统计信息", 0, 1)
        // The planner's statistics of tables that just grew from nothing, so that the first searches and statistics
        // are planned for the data they read (PostgreSQL's autovacuum would catch up later; SQLite never would).
        try await analyze(sampled: false)
        return summary
    }

    /// ANALYZE; `sampled` on SQLite reads at most 1,000 rows of each index (PRAGMA analysis_limit), enough to choose
    /// between indexes in seconds where a full pass over a million enterprises' search grams would take minutes.
    /// PostgreSQL samples anyway.
    func analyze(sampled: Bool) async throws {
        try await database.session { db in
            if sampled, database.dialect == .sqlite { try await db.raw("PRAGMA analysis_limit = 1000").run() }
            // On PostgreSQL the loaded tables are vacuumed as well: the visibility map VACUUM sets lets a count be
            // read from an index alone, where the rows just written were fetched one by one (the risk map's clusters
            // at L: 295 → 52 ms). Autovacuum would get there later, at a time of its own.
            try await db.raw(SQLQueryString(database.dialect == .postgres && !sampled ? "VACUUM (ANALYZE)" : "ANALYZE")).run()
            if sampled, database.dialect == .sqlite { try await db.raw("PRAGMA analysis_limit = 0").run() }
        }
    }

    /// The risk items the failed batches raised, studied, graded and handled as the demo's are (DemoRisk), the steps
    /// recorded by the engine and written 50,000 items at a time (each write re-grades the products it touched).
    func risk(_ o: Options, progress: Progress) async throws -> Int {
        let rules = try await RuleRepository(database).effective(on: o.today)
        let calendar = try await CalendarRepository(database).calendar()
        let recorder = o.recordSteps ? WorkflowRowRecorder<RiskItemRepository>(context: { BasicContext(today: $0, rules: rules, calendar: calendar) }) : nil
        return try await DemoRisk(database: database, today: o.today, recorded: recorder).handleSpotChecks { progress("风险信息", $0, $1) }
    }

    /// The demo's stories of letters, hand-reported risk items and alerts, risk monitoring and quality assistance
    /// (DemoLetters, DemoRisk, DemoMonitoring, DemoAssistance), each step its own transaction as a user's would be: a
    /// few dozen records on this year's cases and failed batches, so those pages have records in every state. Not
    /// at realistic city-scale ratios yet; the officers' records (one per enterprise in scope) are not generated.
    func stories(_ o: Options, progress: Progress) async throws {
        let own = try await demoEnterprise()
        progress("演示业务（函件、风险、监测、帮扶）", 0, 4)
        try await DemoLetters(database: database, today: o.today).run()
        progress("演示业务（函件、风险、监测、帮扶）", 1, 4)
        try await DemoRisk(database: database, today: o.today).run()
        progress("演示业务（函件、风险、监测、帮扶）", 2, 4)
        try await DemoMonitoring(database: database, today: o.today).run()
        progress("演示业务（函件、风险、监测、帮扶）", 3, 4)
        if let own { try await DemoAssistance(database: database, today: o.today).run(demoEnterprise: own) }
        progress("演示业务（函件、风险、监测、帮扶）", 4, 4)
    }

    /// The enterprise of the demo's `enterprise` account.
    func demoEnterprise() async throws -> Int64? {
        try await database.session { db in
            try await db.select().column("enterprise_id").from("accounts").where("username", .equal, SQLBind("enterprise")).first()?
                .decode(column: "enterprise_id", as: Int64?.self)
        }
    }

    /// The leads the spot checks raised, decided and their cases handled up to `today` as the demo's are
    /// (DemoEnforcement), the steps recorded by the engine and written 5000 leads at a time.
    func enforcement(_ o: Options, progress: Progress) async throws -> Int {
        let rules = try await RuleRepository(database).effective(on: o.today)
        let calendar = try await CalendarRepository(database).calendar()
        let recorded = o.recordSteps ? DemoEnforcement.Recorded(rules: rules, calendar: calendar) : nil
        let steps = try await DemoEnforcement(database: database, today: o.today, recorded: recorded).run { progress("案件线索", $0, $1) }
        return steps
    }

    /// The year's campaign as the demo's (DemoCampaign): each district inspects up to one licence holder per 5,000
    /// enterprises of the city (at least 20), every failed key-product batch is listed, the items are worked on
    /// (recorded and written in bulk), every district's monthly forms are submitted and approved.
    func campaign(_ o: Options) async throws {
        let rules = try await RuleRepository(database).effective(on: o.today)
        let calendar = try await CalendarRepository(database).calendar()
        let own = try await demoEnterprise()
        let recorder = o.recordSteps ? WorkflowRowRecorder<ProblemItemRepository>(context: { ProblemContext(today: $0, rules: rules, calendar: calendar) }) : nil
        let scaled = DemoCampaign.Scaled(inspectionsPerDistrict: max(20, o.enterprises / 5000), items: recorder)
        try await DemoCampaign(database: database, today: o.today, scaled: scaled).run(demoEnterprise: own ?? 0)
    }

    /// Whether this generator's own bulk writes may skip PostgreSQL's per-row foreign-key checks, as pg_restore
    /// --disable-triggers does: only a superuser may, and every row it writes refers to master data or to rows written
    /// earlier in the same transaction. The checks took a third of PostgreSQL's time; SQLite does not enforce them.
    func mayLoadWithoutChecks() async throws -> Bool {
        guard database.dialect == .postgres else { return false }
        return try await database.session { db in
            try await db.raw("SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user").first()?.decode(column: "s", as: Bool.self) ?? false
        }
    }

    static func withoutChecks(_ db: any SQLDatabase, _ trusted: Bool) async throws {
        if trusted { try await db.raw("SET LOCAL session_replication_role = replica").run() }
    }

    /// Enterprises, their product links and their licences and CCC certificates as records (as the demo's,
    /// DemoDataSeeder.licences), 50,000 to a transaction: every commit writes each page it changed, and the search
    /// pieces of 5,000 enterprises land on most pages of the pieces' B-tree, so at a million enterprises 5,000 to a
    /// transaction wrote some 45 GB.
    func addEnterprises(_ count: Int, today: Day, trusted: Bool, rng: inout SeededGenerator, progress: Progress) async throws -> Int {
        guard count > 0 else { return 0 }
        let products = try await MasterRepository<Product>(database).list(ListQuery(limit: 500), as: DemoPrincipals.city).items
        let productIds = Dictionary(products.map { ($0.code, $0.id) }, uniquingKeysWith: { a, _ in a })
        let existing = try await database.session { db in
            try await db.select().column("name").from("enterprises").all().map { try $0.decode(column: "name", as: String.self) }
        }
        var usedNames = Set(existing)
        let chunk = 50_000
        for start in stride(from: 0, to: count, by: chunk) {
            var planned: [(Enterprise, Int)] = []
            for index in start..<min(start + chunk, count) {
                planned.append(DemoEnterpriseFactory.make(&rng, index: Self.demoEnterprises + index, usedNames: &usedNames, scheme: .bulk))
            }
            let batch = planned
            try await database.transaction { db in
                try await Self.withoutChecks(db, trusted)
                let now = Clock.nowText()
                let before = try await db.select().column(SQLFunction("MAX", args: SQLColumn("id")), as: "m").from("enterprises").first()?
                    .decode(column: "m", as: Int64?.self) ?? 0
                var columns: [String] = []
                var rows: [[any SQLExpression]] = []
                for (e, _) in batch {
                    let pairs = try MasterRepository<Enterprise>.encoder.encode(e).filter { $0.0 != "id" && $0.0 != "version" }
                        + [("version", SQLBind(1) as any SQLExpression), ("created_at", SQLBind(now)), ("updated_at", SQLBind(now))]
                    columns = pairs.map(\.0)
                    rows.append(pairs.map(\.1))
                }
                try await BulkInsert.run(db, "enterprises", columns, rows)
                let ids = Dictionary(try await db.select().column("id").column("uscc").from("enterprises").where("id", .greaterThan, SQLBind(before)).all()
                    .map { (try $0.decode(column: "uscc", as: String.self), try $0.decode(column: "id", as: Int64.self)) }, uniquingKeysWith: { a, _ in a })
                try await SearchIndex.add(db, "enterprises", columns: Enterprise.indexedSearchColumns, ids: Array(ids.values))
                var links: [[any SQLExpression]] = []
                for (e, productIndex) in batch {
                    guard let id = ids[e.uscc], let product = productIds[DemoCatalogue.entries[productIndex].code] else { continue }
                    links.append([SQLBind(1), SQLBind(true), SQLBind(now), SQLBind(id), SQLBind(product), SQLBind(DemoEnterpriseFactory.stage(e).rawValue), SQLBind(now)])
                }
                try await BulkInsert.run(db, "enterprise_products", ["version", "active", "updated_at", "enterprise_id", "product_id", "stage", "created_at"], links)
                var licenceColumns: [String] = [], licences: [[any SQLExpression]] = []
                for (e, productIndex) in batch {
                    guard let id = ids[e.uscc] else { continue }
                    var stored = e
                    stored.id = id
                    for licence in DemoDataSeeder.licences(of: stored, product: DemoCatalogue.entries[productIndex].name, today: today) {
                        let pairs = try MasterRepository<Licence>.encoder.encode(licence).filter { $0.0 != "id" && $0.0 != "version" }
                            + [("version", SQLBind(1) as any SQLExpression), ("created_at", SQLBind(now)), ("updated_at", SQLBind(now))]
                        licenceColumns = pairs.map(\.0)
                        licences.append(pairs.map(\.1))
                    }
                }
                if !licences.isEmpty { try await BulkInsert.run(db, "licences", licenceColumns, licences) }
                _ = try await AuditLog.append(db, actor: .system("generate"), action: "generate", entity: "enterprise", entityId: nil,
                                              summary: "pinzhi generate 批量写入企业\(batch.count)家（编号\(before + 1)起）")
            }
            progress("企业", min(start + chunk, count), count)
        }
        return count
    }

    /// The demo's tenders are for today's year and the one before; earlier years had the same agencies under
    /// contract, without the two newcomers. Years that already have tenders are left as they are.
    func copyContracts(to years: [Int], from source: Int) async throws {
        let admin = DemoPrincipals.city
        let repo = MasterRepository<AgencyContract>(database)
        let agencies = try await MasterRepository<Agency>(database).list(ListQuery(limit: 500), as: admin).items
        let newcomers = Set(agencies.filter(\.firstTime).map(\.id))
        let all = try await repo.list(ListQuery(limit: 5000), as: admin).items
        let signed = Set(all.map(\.year))
        let current = all.filter { $0.year == source }
        try await database.transaction { db in
            for year in years where !signed.contains(year) {
                for var c in current where !newcomers.contains(c.agencyId) {
                    c.id = 0
                    c.year = year
                    c.tenderNumber = c.tenderNumber.replacingOccurrences(of: String(source), with: String(year))
                    _ = try await repo.insert(db, c, actor: .system("generate"))
                }
            }
        }
    }

    struct YearResult { var tasks = 0, batches = 0, withVerdict = 0 }

    /// Tasks walked ahead of the one being written (each holds its batches' rows in memory until written).
    static let walksAhead = 3

    /// A task drawn, to be walked: its draw day, its agency and the seed of its batches' lives.
    struct DrawnTask: Sendable {
        var id: Int64
        var drawDay: Day
        var agent: Principal
        var seed: UInt64
    }

    /// What walking a task's batches needs besides the task.
    struct WalkContext: Sendable {
        let database: PinzhiDatabase
        let walker: DemoBatchWalk
        let rules: RuleSet
        let calendar: WorkingDayCalendar
        let agencyNames: [Int64: String]

        /// The task's drawn batches taken through their lives in memory (each batch its own random stream, so the
        /// order of the walks does not matter); nil when nothing was drawn.
        func walk(_ task: DrawnTask) async throws -> BatchRowRecorder? {
            var filter = BatchFilter()
            filter.taskId = task.id
            filter.limit = 1_000_000
            let repo = BatchRepository(database)
            let drawn = try await repo.list(filter, as: DemoPrincipals.city).rows
            guard let first = drawn.first else { return nil }
            let qualified = try await database.session { try await BatchRepository.qualifiedAgencyCodes($0, first) }
            let recorder = BatchRowRecorder(rules: rules, calendar: calendar, items: try await repo.testItems(first), qualified: qualified,
                                            agencyNames: agencyNames)
            for b in drawn {
                var generator = SeededGenerator(seed: task.seed ^ (UInt64(b.id) &* 0x9E37_79B9_7F4A_7C15))
                _ = try await walker.walk(b, from: task.drawDay, owner: DemoPrincipals.city, agent: task.agent, rng: &generator, steps: recorder.steps)
            }
            return recorder
        }
    }

    /// One year: a city plan with a line per product and stage, sized to the enterprises there, each line's task
    /// accepted and drawn, and its batches walked to `today`.
    func generateYear(_ year: Int, batches target: Int, options o: Options, trusted: Bool, rng: inout SeededGenerator,
                      progress: Progress) async throws -> YearResult {
        let city = DemoPrincipals.city
        let issued = Day(year: year, month: 3, day: 2)!
        let rules = try await RuleRepository(database).effective(on: issued)
        let calendar = try await CalendarRepository(database).calendar()
        let products = try await MasterRepository<Product>(database).list(ListQuery(limit: 500), as: city).items
        let items = try await MasterRepository<TestItem>(database).list(ListQuery(limit: 5000), as: city).items
        let agencies = try await MasterRepository<Agency>(database).list(ListQuery(limit: 500), as: city).items
        let agencyNames = Dictionary(agencies.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let lenient = agencies.first { $0.name == DemoSpotCheckYear.lenientAgency }?.id
        let contracts = try await MasterRepository<AgencyContract>(database).list(ListQuery(filters: ["year": String(year)], limit: 5000), as: city).items
        let population = try await database.session { db in
            try await db.select().column("product_id").column("stage").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("enterprise_products").groupBy("product_id").groupBy("stage").all()
                .map { (try $0.decode(column: "product_id", as: Int64.self), try $0.decode(column: "stage", as: SamplingStage.self), try $0.decode(column: "n", as: Int.self)) }
        }
        let everyone = max(population.reduce(0) { $0 + $1.2 }, 1)
        // Each product and stage gets its share of the year's batches. A plan line may ask for at most
        // `lineBatches` (PlanLineRules.maxBatches) and a plan holds one line per product and stage, so at a million enterprises the
        // year is planned in several plans (批次), the k-th part of every large share in the k-th plan.
        var shares: [(productId: Int64, stage: SamplingStage, parts: [Int])] = []
        for (productId, stage, count) in population.sorted(by: { ($0.0, $0.1.rawValue) < ($1.0, $1.1.rawValue) }) {
            guard products.contains(where: { $0.id == productId }) else { continue }
            let share = max(1, Int((Double(target) * Double(count) / Double(everyone)).rounded(.up)))
            let lines = (share + o.lineBatches - 1) / o.lineBatches
            shares.append((productId, stage, (0..<lines).map { share / lines + ($0 < share % lines ? 1 : 0) }))
        }
        let planCount = shares.map(\.parts.count).max() ?? 1
        let plans = PlanRepository(database)
        var issuedPlans: [Plan] = []
        for k in 0..<planCount {
            let title = "\(year)年上海市产品质量监督抽查计划（生成" + (planCount > 1 ? "，第\(k + 1)批）" : "）")
            var plan = try await plans.create(year: year, title: title, as: city)
            for share in shares where k < share.parts.count {
                plan = try await plans.addLine(PlanLine(productId: share.productId, mode: .routine, stage: share.stage, batches: share.parts[k],
                                                        itemIds: items.filter { $0.productId == share.productId && $0.active }.map(\.id)),
                                               to: plan.id, expectedVersion: plan.version, as: city)
            }
            for action in [PlanAction.submit, .approve, .issue] {
                plan = try await plans.transition(plan.id, action, expectedVersion: plan.version, today: issued, as: city)
            }
            issuedPlans.append(plan)
        }
        let planLines = issuedPlans.flatMap { plan in plan.lines.map { (plan: plan, line: $0) } }
        var result = YearResult()
        let tasks = TaskRepository(database)
        // First every line's task assigned, accepted and drawn, in March as the plan has it; then each task's batches
        // walked through the year. A draw reads only what was drawn before it, as on its day: the batches of the
        // earlier tasks drawn, not yet sampled.
        var drawnTasks: [DrawnTask] = []
        for (index, (plan, line)) in planLines.enumerated() {
            let holders = contracts.filter { $0.productId == line.productId && $0.active }.sorted { $0.agencyId < $1.agencyId }
            guard !holders.isEmpty else { continue }
            let holder = holders[index % holders.count]
            let agencyId = holder.agencyId
            // A generated year is far larger than the demo's tenders: the holder's contract and capacity grow by what
            // it is given, so that assignment's limits pass as they would for tenders sized to the plan.
            try await database.transaction { db in
                try await db.update("agency_contracts").set(SQLIdentifier("batches"), to: SQLBinaryExpression(SQLIdentifier("batches"), .add, SQLBind(line.batches)))
                    .where("id", .equal, holder.id).run()
                try await db.update("agencies").set(SQLIdentifier("capacity"), to: SQLBinaryExpression(SQLFunction("COALESCE", args: SQLIdentifier("capacity"), SQLLiteral.numeric("0")), .add, SQLBind(line.batches)))
                    .where("id", .equal, agencyId).run()
            }
            let agent = DemoPrincipals.agency(agencyId, agencyNames[agencyId] ?? "")
            let task = try await tasks.assign(planId: plan.id, lineId: line.id, agencyId: agencyId, batches: line.batches,
                                              dueDate: Day(year: year, month: 11, day: 30)!, area: nil, today: issued.adding(days: 1), as: city)
            _ = try await tasks.respond(task.id, accept: true, reason: nil, expectedVersion: task.version, today: issued.adding(days: 2), as: agent)
            let drawDay = issued.adding(days: 3 + rng.below(10))
            guard drawDay <= o.today else { continue }
            _ = try await DrawRepository(database).commitAndDraw(taskId: task.id, reason: nil, publicValue: String(rng.next()), saltSeed: rng.next(),
                                                                 committedAt: "\(drawDay)T01:00:00.000Z", today: drawDay, as: city)
            drawnTasks.append(DrawnTask(id: task.id, drawDay: drawDay, agent: agent, seed: rng.next()))
            progress("\(year)年抽样任务抽取", drawnTasks.count, planLines.count)
        }
        result.tasks = drawnTasks.count
        let walker = DemoBatchWalk(database: database, today: o.today, lenientAgencyId: lenient, rules: rules, calendar: calendar)
        let context = WalkContext(database: database, walker: walker, rules: rules, calendar: calendar, agencyNames: agencyNames)
        // The walks are computation only, so the next tasks' are taken on the other cores while this one's rows are
        // written; the writes keep the tasks' order, so the same seed gives the same rows.
        try await withThrowingTaskGroup(of: (Int, BatchRowRecorder?).self) { group in
            var launched = 0, written = 0
            var ready: [Int: BatchRowRecorder?] = [:]
            func launch() {
                let (index, task) = (launched, drawnTasks[launched])
                group.addTask { (index, try await context.walk(task)) }
                launched += 1
            }
            while launched < min(Self.walksAhead, drawnTasks.count) { launch() }
            while written < drawnTasks.count {
                while ready[written] == nil {
                    guard let done = try await group.next() else { break }
                    ready[done.0] = done.1
                }
                let recorder = ready.removeValue(forKey: written) ?? nil
                if launched < drawnTasks.count { launch() }
                if let recorder {
                    let taskId = drawnTasks[written].id
                    let summary = "pinzhi generate：任务\(taskId)的\(recorder.batchCount)个批次按流程生成（\(recorder.eventCount)个步骤）"
                    try await database.transaction { db in
                        try await Self.withoutChecks(db, trusted)
                        try await recorder.write(db, by: "generate")
                        _ = try await AuditLog.append(db, actor: .system("generate"), action: "generate", entity: "task", entityId: taskId, summary: summary)
                    }
                    result.batches += recorder.batchCount
                    result.withVerdict += recorder.verdicts
                }
                written += 1
                progress("\(year)年抽查任务", written, drawnTasks.count)
            }
        }
        return result
    }
}
