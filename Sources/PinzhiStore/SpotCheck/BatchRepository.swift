import Foundation
import PinzhiDomain
import SQLKit

/// Batches (SPEC SC-5 … SC-9): scoped lists with filters, a batch with its steps and results, and the one way to
/// move a batch on: `act`, which runs BatchWorkflow and writes the batch, the step, the results, the side effects
/// and the audit row in one transaction, refusing a stale version so that a step is never applied twice.
public struct BatchRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    static func visible<B: SQLPredicateBuilder>(_ builder: B, _ p: Principal) -> B {
        switch BatchPolicy.visibility(p) {
        case .all: builder
        case .district(let code):
            builder.where { group in
                group.where(SQLColumn("plan_district_code", table: "b"), .equal, SQLBind(code))
                    .orWhere(SQLColumn("enterprise_district", table: "b"), .equal, SQLBind(code))
            }
        case .agency(let id):
            builder.where { group in
                group.where(SQLColumn("agency_id", table: "b"), .equal, SQLBind(id)).orWhere(SQLColumn("recheck_agency_id", table: "b"), .equal, SQLBind(id))
            }
        case .enterprise(let id): builder.where(SQLColumn("enterprise_id", table: "b"), .equal, SQLBind(id))
        case .none: builder.where(SQLRaw("1 = 0"))
        }
    }

    static func from(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
        q.from(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "b"), .equal, SQLColumn("id", table: "e"))
            .join(SQLAlias(SQLIdentifier("agencies"), as: SQLIdentifier("a")), on: SQLColumn("agency_id", table: "b"), .equal, SQLColumn("id", table: "a"))
            .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), on: SQLColumn("product_id", table: "b"), .equal, SQLColumn("id", table: "p"))
            .join(SQLAlias(SQLIdentifier("plans"), as: SQLIdentifier("pl")), on: SQLColumn("plan_id", table: "b"), .equal, SQLColumn("id", table: "pl"))
            .join(SQLAlias(SQLIdentifier("agencies"), as: SQLIdentifier("ra")), method: SQLJoinMethod.left,
                  on: SQLColumn("recheck_agency_id", table: "b"), .equal, SQLColumn("id", table: "ra"))
    }

    /// The batches of a plan year as `b`, with their plans as `pl`: reached from the year's plans through their tasks
    /// (every batch has its task, of its plan), so a year's statistics read the year's batches by the task index
    /// instead of every batch of every year (issue 21: the dashboard's panels at city scale read 5 million rows each).
    static func ofPlanYear(_ q: SQLSelectBuilder, _ year: Int) -> SQLSelectBuilder {
        q.from(SQLAlias(SQLIdentifier("plans"), as: SQLIdentifier("pl")))
            .join(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")), on: SQLColumn("plan_id", table: "t"), .equal, SQLColumn("id", table: "pl"))
            .join(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")), on: SQLColumn("task_id", table: "b"), .equal, SQLColumn("id", table: "t"))
            .where(SQLColumn("year", table: "pl"), .equal, SQLBind(year))
    }

    /// The FROM of a count: only the tables the filter reads. Every batch has its enterprise, agency, product and
    /// plan (NOT NULL foreign keys), so joining them just to count would cost a lookup per batch for nothing.
    static func countFrom(_ q: SQLSelectBuilder, _ f: BatchFilter) -> SQLSelectBuilder {
        var q = q.from(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")))
        if f.hasSearch {
            q = q.join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "b"), .equal, SQLColumn("id", table: "e"))
        }
        if f.year != nil {
            q = q.join(SQLAlias(SQLIdentifier("plans"), as: SQLIdentifier("pl")), on: SQLColumn("plan_id", table: "b"), .equal, SQLColumn("id", table: "pl"))
        }
        return q
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        from(db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("b")))
            .column(SQLColumn("name", table: "e"), as: "enterprise_name").column(SQLColumn("uscc", table: "e"), as: "enterprise_uscc")
            .column(SQLColumn("cluster", table: "e"), as: "enterprise_cluster").column(SQLColumn("name", table: "a"), as: "agency_name").column(SQLColumn("name", table: "p"), as: "product_name")
            .column(SQLColumn("name", table: "ra"), as: "recheck_agency_name"))
    }

    static func filtered<B: SQLPredicateBuilder>(_ q: B, _ f: BatchFilter) -> B {
        var q = q
        if !f.states.isEmpty { q = q.where(SQLColumn("state", table: "b"), .in, SQLBind.group(f.states.map(\.rawValue))) }
        if let mode = f.mode { q = q.where(SQLColumn("mode", table: "b"), .equal, SQLBind(mode.rawValue)) }
        if let stage = f.stage { q = q.where(SQLColumn("stage", table: "b"), .equal, SQLBind(stage.rawValue)) }
        if let verdict = f.verdict { q = q.where(SQLColumn("verdict", table: "b"), .equal, SQLBind(verdict.rawValue)) }
        if let id = f.productId { q = q.where(SQLColumn("product_id", table: "b"), .equal, SQLBind(id)) }
        if let d = f.district { q = q.where(SQLColumn("enterprise_district", table: "b"), .equal, SQLBind(d)) }
        if let id = f.agencyId { q = q.where(SQLColumn("agency_id", table: "b"), .equal, SQLBind(id)) }
        if let y = f.year { q = q.where(SQLColumn("year", table: "pl"), .equal, SQLBind(y)) }
        if let id = f.enterpriseId { q = q.where(SQLColumn("enterprise_id", table: "b"), .equal, SQLBind(id)) }
        if let id = f.taskId { q = q.where(SQLColumn("task_id", table: "b"), .equal, SQLBind(id)) }
        if f.excludeSettled { q = q.where(SQLColumn("settled", table: "b"), .equal, SQLBind(false)) }
        if !f.publishedDoneIn.isEmpty {
            q = q.where { g in
                g.where(SQLColumn("state", table: "b"), .notIn, SQLBind.group(f.publishedDoneIn.map(\.rawValue).sorted()))
                    .orWhere(SQLColumn("published_on", table: "b"), .is, SQLLiteral.null)
            }
        }
        if let level = f.planLevel {
            q = level == "city" ? q.where(SQLColumn("plan_district_code", table: "b"), .is, SQLLiteral.null)
                : q.where(SQLColumn("plan_district_code", table: "b"), .equal, SQLBind(level))
        }
        if f.hasSearch, let s = f.search?.trimmingCharacters(in: .whitespaces) {
            let like = "%\(s)%"
            q = q.where { g in
                g.where(SQLColumn("name", table: "e"), .like, SQLBind(like)).orWhere(SQLColumn("uscc", table: "e"), .like, SQLBind(like))
                    .orWhere(SQLColumn("number", table: "b"), .like, SQLBind(like))
            }
        }
        return q
    }

    /// A page of the filter and the number of matches (at most `countLimit` + 1 when the filter sets one).
    public func list(_ filter: BatchFilter, as p: Principal) async throws -> (rows: [Batch], total: Int) {
        try await database.session { db in
            let total = try await PagedSelect.count(db, counting: { Self.filtered(Self.visible(Self.countFrom($0, filter), p), filter) }, limit: filter.countLimit)
            let rows = try await Self.filtered(Self.visible(Self.select(db), p), filter)
                .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "b"), direction: SQLDirection.descending)).limit(filter.limit).offset(filter.offset).all().map(Self.decode)
            return (rows, total)
        }
    }

    /// One page of the filter (its `limit` and `offset`) without counting the matches: for exports that read on
    /// until a page comes back short.
    public func rows(_ filter: BatchFilter, as p: Principal) async throws -> [Batch] {
        try await database.session { db in
            try await Self.filtered(Self.visible(Self.select(db), p), filter)
                .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "b"), direction: SQLDirection.descending)).limit(filter.limit).offset(filter.offset).all().map(Self.decode)
        }
    }

    /// Every batch of the filter, read in pages without counting: for the statistics that must see them all (the
    /// district assessment, the funnel, an enterprise's archive) instead of stopping silently at a limit.
    public func all(_ filter: BatchFilter, as p: Principal, page: Int = 10_000) async throws -> [Batch] {
        var out: [Batch] = []
        var f = filter
        f.limit = page
        f.offset = 0
        while true {
            let rows = try await rows(f, as: p)
            out += rows
            if rows.count < page { return out }
            f.offset += page
        }
    }

    /// The failed batches of a plan year within the principal's scope as the post-handling statistics read them:
    /// counted by state and district in SQL, and read in full only while not closed, for their deadlines (the
    /// domain's rules; a closed batch owes nothing). A city year holds tens of thousands of failures, mostly closed
    /// (issue 21).
    public struct FailedOfYear: Sendable {
        public struct Count: Sendable {
            public var state: BatchState
            public var district: String
            public var n: Int
        }

        public var counts: [Count]
        public var open: [Batch]

        /// The open failures past their deadline on `today`.
        public func overdue(on today: Day, rules: RuleSet, calendar: WorkingDayCalendar) -> [Batch] {
            open.filter { b in BatchWorkflow.deadline(b, rules: rules, calendar: calendar).map { $0 < today } ?? false }
        }
    }

    /// A plan year's failed batches counted by state and district (`state`, `district`, `n`): read from the index
    /// `batches_task_outcome` alone (Migration044).
    static func failureCounts(_ db: any SQLDatabase, _ year: Int, _ p: Principal) -> SQLSelectBuilder {
        visible(ofPlanYear(db.select().column(SQLColumn("state", table: "b"), as: "state")
            .column(SQLColumn("enterprise_district", table: "b"), as: "district").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"), year), p)
            .where(SQLColumn("verdict", table: "b"), .equal, SQLBind(ItemVerdict.fail.rawValue))
            .groupBy(SQLColumn("state", table: "b")).groupBy(SQLColumn("enterprise_district", table: "b"))
    }

    public func failedOfYear(_ year: Int, as p: Principal) async throws -> FailedOfYear {
        let counts = try await database.session { db in
            try await Self.failureCounts(db, year, p).all()
                .compactMap { row -> FailedOfYear.Count? in
                    guard let state = BatchState(rawValue: try row.decode(column: "state", as: String.self)) else { return nil }
                    return .init(state: state, district: try row.decode(column: "district", as: String.self), n: try row.decode(column: "n", as: Int.self))
                }
        }
        var filter = BatchFilter()
        filter.year = year
        filter.verdict = .fail
        filter.states = BatchState.allCases.filter { $0 != .closed }
        return FailedOfYear(counts: counts, open: try await all(filter, as: p))
    }

    /// The batches on which this principal has a step to take, for the to-do list; the caller sorts by deadline.
    public func todo(as p: Principal, today: Day) async throws -> [Batch] {
        var filter = BatchFilter()
        filter.states = BatchWorkflow.dutyStates(for: p.role).sorted { $0.rawValue < $1.rawValue }
        guard !filter.states.isEmpty else { return [] }
        // A settled batch is most of the history and nobody owes it a step (the equality with filtering every batch
        // is tested in DemoYearTests).
        filter.excludeSettled = true
        filter.publishedDoneIn = BatchWorkflow.publicationOnlyStates(for: p.role)
        filter.limit = 100_000
        return try await list(filter, as: p).rows.filter { b in
            BatchWorkflow.available(p, b, today: today).contains { BatchWorkflow.isDuty($0) }
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> Batch? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> Batch? {
        try await visible(select(db).where(SQLColumn("id", table: "b"), .equal, SQLBind(id)), p).first().map(decode)
    }

    public func events(_ batchId: Int64) async throws -> [BatchEvent] {
        try await WorkflowEvents.list(database, BatchKind.self, id: batchId)
    }

    /// The item results of every report version, newest version first.
    public func results(_ batchId: Int64) async throws -> [(version: Int, items: [ItemResult])] {
        try await database.session { db in
            let rows = try await db.select().column("*").from("batch_results").where("batch_id", .equal, batchId).orderBy("report_version", .descending).orderBy("id").all()
            var grouped: [(version: Int, items: [ItemResult])] = []
            for row in rows {
                let version = try row.decode(column: "report_version", as: Int.self)
                let item = ItemResult(testItemId: try row.decode(column: "test_item_id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                                      unit: try row.decode(column: "unit", as: String?.self), limit: try row.decode(column: "limit_expression", as: String.self),
                                      value: try row.decode(column: "value", as: String.self),
                                      verdict: ItemVerdict(rawValue: try row.decode(column: "verdict", as: String.self)) ?? .pass,
                                      severity: try row.decode(column: "severity", as: Severity.self))
                if grouped.last?.version == version { grouped[grouped.count - 1].items.append(item) } else { grouped.append((version, [item])) }
            }
            return grouped
        }
    }

    /// The test items a report of this batch must cover: those its plan line chose.
    public func testItems(_ batch: Batch) async throws -> [TestItem] {
        try await database.session { db in try await Self.testItems(db, batch) }
    }

    static func testItems(_ db: any SQLDatabase, _ batch: Batch) async throws -> [TestItem] {
        let chosen = try await db.select().column(SQLColumn("item_ids", table: "l"))
            .from(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier("plan_lines"), as: SQLIdentifier("l")), on: SQLColumn("plan_line_id", table: "t"), .equal, SQLColumn("id", table: "l"))
            .where(SQLColumn("id", table: "t"), .equal, SQLBind(batch.taskId)).first()?.decode(column: "item_ids", as: String.self)
        let ids = Set((chosen ?? "").split(separator: ",").compactMap { Int64($0) })
        return try await db.select().column("*").from("test_items").where("product_id", .equal, batch.productId).orderBy("id").all()
            .map { try $0.decode(model: TestItem.self, keyDecodingStrategy: .convertFromSnakeCase) }
            .filter { ids.isEmpty ? $0.active : ids.contains($0.id) }
    }

    /// Takes one step on a batch (WorkflowStore: checked by the engine against the batch as it is inside the
    /// transaction; the version guard refuses a second, concurrent step on the same batch).
    public func act(_ id: Int64, _ action: BatchAction, input: [String: String], expectedVersion: Int, today: Day,
                    as p: Principal, seed: UInt64? = nil, rules: RuleSet? = nil, calendar: WorkingDayCalendar? = nil) async throws -> Batch {
        try await WorkflowStore<Self>(database).act(id, action, input: input, expectedVersion: expectedVersion, today: today, as: p,
                                                    seed: seed, rules: rules, calendar: calendar)
    }

    /// One step inside the caller's transaction (an import takes many steps in one).
    static func act(_ db: any SQLDatabase, _ id: Int64, _ action: BatchAction, input: [String: String], expectedVersion: Int, today: Day,
                    as p: Principal, seed: UInt64?, rules: RuleSet, calendar: WorkingDayCalendar) async throws -> Batch {
        try await WorkflowStore<Self>.act(db, id, action, input: input, expectedVersion: expectedVersion, as: p,
                                          base: BasicContext(today: today, rules: rules, calendar: calendar), seed: seed)
    }

    /// Agencies with an active contract for the product in the plan's year: the pool of the recheck draw.
    /// The agencies with an active contract for the batch's product in its plan's year, with their codes: the recheck
    /// draw's list.
    package static func qualifiedAgencyCodes(_ db: any SQLDatabase, _ b: Batch) async throws -> [(id: Int64, code: String)] {
        let year = try await db.select().column("year").from("plans").where("id", .equal, b.planId).first()?.decode(column: "year", as: Int.self) ?? 0
        return try await db.select().column(SQLColumn("id", table: "a")).column(SQLColumn("code", table: "a"))
            .from(SQLAlias(SQLIdentifier("agency_contracts"), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier("agencies"), as: SQLIdentifier("a")), on: SQLColumn("id", table: "a"), .equal, SQLColumn("agency_id", table: "c"))
            .where(SQLColumn("product_id", table: "c"), .equal, SQLBind(b.productId)).where(SQLColumn("year", table: "c"), .equal, SQLBind(year))
            .where(SQLColumn("active", table: "c"), .equal, SQLBind(true)).all()
            .map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "code", as: String.self)) }
    }

    package static func qualifiedAgencies(_ db: any SQLDatabase, _ b: Batch) async throws -> [Int64] {
        let year = try await db.select().column("year").from("plans").where("id", .equal, b.planId).first()?.decode(column: "year", as: Int.self) ?? 0
        return try await db.select().column("agency_id").from("agency_contracts").where("product_id", .equal, b.productId)
            .where("year", .equal, year).where("active", .equal, true).all().map { try $0.decode(column: "agency_id", as: Int64.self) }
    }

    /// The batches a draw made, in the order drawn (their ids follow that order, which verify reads back): the
    /// batch rows, their numbers, which need the ids, and each one's first event, in a few statements for any size.
    static func create(_ db: any SQLDatabase, task: CheckTask, drawId: Int64, drawn: [(enterpriseId: Int64, inspectors: String)], today: Day,
                       rulesVersion: Int, actor: Principal) async throws {
        guard !drawn.isEmpty else { return }
        var districts: [Int64: String] = [:]
        let ids = drawn.map(\.enterpriseId)
        for start in stride(from: 0, to: ids.count, by: 5000) {
            for row in try await db.select().column("id").column("district_code").from("enterprises")
                .where("id", .in, SQLGroupExpression(ids[start..<min(start + 5000, ids.count)].map { SQLBind($0) })).all() {
                districts[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "district_code", as: String?.self)
            }
        }
        let meta = try await db.select().column(SQLColumn("fast_track", table: "p")).column(SQLColumn("year", table: "pl"))
            .from(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")))
            .join(SQLAlias(SQLIdentifier("plans"), as: SQLIdentifier("pl")), on: SQLColumn("id", table: "pl"), .equal, SQLBind(task.planId))
            .where(SQLColumn("id", table: "p"), .equal, SQLBind(task.productId)).first()
        let fastTrack = try meta?.decode(column: "fast_track", as: Bool.self) ?? false
        let year = try meta?.decode(column: "year", as: Int.self) ?? today.year
        let now = Clock.nowText()
        let rows: [[any SQLExpression]] = drawn.map { d in
            [SQLBind("pending-\(drawId)-\(d.enterpriseId)"), SQLBind(task.id), SQLBind(drawId), SQLBind(task.planId), SQLBind(task.districtCode),
             SQLBind(task.agencyId), SQLBind(d.enterpriseId), SQLBind(districts[d.enterpriseId] ?? ""), SQLBind(task.productId),
             SQLBind(task.mode.rawValue), SQLBind(task.stage.rawValue), SQLBind(fastTrack), SQLBind(task.dueDate.description),
             SQLBind(BatchState.drawn.rawValue), SQLBind(today.description), SQLBind(d.inspectors), SQLBind(false), SQLBind(false), SQLBind(0),
             SQLBind(false), SQLBind(false), SQLBind(rulesVersion), SQLBind(now), SQLBind(now)]
        }
        let made = try await BulkInsert.run(db, "batches", ["number", "task_id", "draw_id", "plan_id", "plan_district_code", "agency_id", "enterprise_id",
                                                            "enterprise_district", "product_id", "mode", "stage", "fast_track", "due_date", "state",
                                                            "state_since", "inspectors", "enterprise_confirmed", "online", "report_version", "serious",
                                                            "sensitive", "rules_version", "created_at", "updated_at"], rows, returning: ["id"])
            .map { try $0.decode(column: "id", as: Int64.self) }
        guard made.count == drawn.count else { throw StoreError.internalError("批次未保存") }
        _ = try await BulkUpdate.run(db, "batches", key: "id", columns: [("number", .text)],
                                     rows: made.map { [SQLBind($0), SQLBind("CJ\(year)-\(String(format: "%06d", $0))")] })
        try await BulkInsert.run(db, "batch_events", ["batch_id", "action", "from_state", "to_state", "day", "at", "actor_name", "actor_role",
                                                      "summary", "data_json", "rules_version"], zip(made, drawn).map { id, d in
            [SQLBind(id), SQLBind("draw"), SQLBind(BatchState.drawn.rawValue), SQLBind(BatchState.drawn.rawValue), SQLBind(today.description),
             SQLBind(now), SQLBind(actor.displayName), SQLBind(actor.role.label),
             SQLBind("双随机抽中（抽取记录#\(drawId)）" + (d.inspectors.isEmpty ? "" : "，抽样人员：\(d.inspectors)")), SQLBind("{}"), SQLBind(rulesVersion)]
        })
    }

    /// Writes the batch as it now is; `steps` is how many steps it took since `expectedVersion`.
    package static func update(_ db: any SQLDatabase, _ b: Batch, expectedVersion: Int, steps: Int = 1) async throws {
        var update = db.update("batches")
        for (column, _, value) in changes(b, version: expectedVersion + steps) { update = update.set(SQLIdentifier(column), to: value) }
        let row = try await update.where("id", .equal, b.id).where("version", .equal, expectedVersion).returning("id").first()
        guard row != nil else { throw StoreError.staleVersion(current: expectedVersion) }
    }

    /// Many batches as they now are, each with the version it was read at and the steps it took since (the
    /// generator writes a task's batches' whole lives at once); any batch changed meanwhile refuses them all.
    package static func update(_ db: any SQLDatabase, _ batches: [(batch: Batch, expectedVersion: Int, steps: Int)]) async throws {
        guard let first = batches.first else { return }
        let columns = changes(first.batch, version: 0).map { ($0.0, $0.1) }
        let rows = batches.map { b in [SQLBind(b.batch.id)] + changes(b.batch, version: b.expectedVersion + b.steps).map(\.2) + [SQLBind(b.expectedVersion)] }
        let changed = try await BulkUpdate.run(db, "batches", key: "id", columns: columns, rows: rows, expectingVersion: true)
        guard changed == batches.count else { throw StoreError.staleVersion(current: first.expectedVersion) }
    }

    /// Every column a step may change, with its new value.
    private static func changes(_ b: Batch, version: Int) -> [(String, BulkUpdate.Kind, any SQLExpression)] {
        func day(_ d: Day?) -> SQLBind { SQLBind(d?.description) }
        return [("state", .text, SQLBind(b.state.rawValue)), ("state_since", .text, SQLBind(b.stateSince.description)),
                ("enterprise_confirmed", .bool, SQLBind(b.enterpriseConfirmed)), ("sample_name", .text, SQLBind(b.sampleName)),
                ("lot_number", .text, SQLBind(b.lotNumber)), ("sampled_on", .text, day(b.sampledOn)), ("online", .bool, SQLBind(b.online)),
                ("report_number", .text, SQLBind(b.reportNumber)), ("report_version", .bigint, SQLBind(b.reportVersion)),
                ("reported_on", .text, day(b.reportedOn)), ("verdict", .text, SQLBind(b.verdict?.rawValue)), ("serious", .bool, SQLBind(b.serious)),
                ("failed_items", .text, SQLBind(b.failedItems)), ("delivered_on", .text, day(b.deliveredOn)),
                ("objection_deadline", .text, day(b.objectionDeadline)), ("objection_filed_on", .text, day(b.objectionFiledOn)),
                ("objection_decided_on", .text, day(b.objectionDecidedOn)), ("recheck_agency_id", .bigint, SQLBind(b.recheckAgencyId)),
                ("recheck_outcome", .text, SQLBind(b.recheckOutcome?.rawValue)), ("cost_bearer", .text, SQLBind(b.costBearer)),
                ("concluded_on", .text, day(b.concludedOn)), ("rectification_deadline", .text, day(b.rectificationDeadline)),
                ("sensitive", .bool, SQLBind(b.sensitive)), ("sensitive_reason", .text, SQLBind(b.sensitiveReason)),
                ("published_on", .text, day(b.publishedOn)), ("closed_on", .text, day(b.closedOn)), ("suggested_on", .text, day(b.suggestedOn)), ("settled", .bool, SQLBind(b.isSettled)),
                ("rules_version", .bigint, SQLBind(b.rulesVersion)), ("version", .bigint, SQLBind(version)), ("updated_at", .text, SQLBind(Clock.nowText()))]
    }

    static func decode(_ row: any SQLRow) throws -> Batch {
        func day(_ column: String) throws -> Day? { try row.decode(column: column, as: String?.self).flatMap(Day.init) }
        var b = Batch()
        b.id = try row.decode(column: "id", as: Int64.self)
        b.version = try row.decode(column: "version", as: Int.self)
        b.number = try row.decode(column: "number", as: String.self)
        b.taskId = try row.decode(column: "task_id", as: Int64.self)
        b.drawId = try row.decode(column: "draw_id", as: Int64.self)
        b.planId = try row.decode(column: "plan_id", as: Int64.self)
        b.planDistrictCode = try row.decode(column: "plan_district_code", as: String?.self)
        b.agencyId = try row.decode(column: "agency_id", as: Int64.self)
        b.agencyName = try row.decode(column: "agency_name", as: String.self)
        b.enterpriseId = try row.decode(column: "enterprise_id", as: Int64.self)
        b.enterpriseName = try row.decode(column: "enterprise_name", as: String.self)
        b.enterpriseUscc = try row.decode(column: "enterprise_uscc", as: String.self)
        b.enterpriseDistrict = try row.decode(column: "enterprise_district", as: String.self)
        b.enterpriseCluster = try row.decode(column: "enterprise_cluster", as: String?.self)
        b.productId = try row.decode(column: "product_id", as: Int64.self)
        b.productName = try row.decode(column: "product_name", as: String.self)
        b.mode = CheckMode(rawValue: try row.decode(column: "mode", as: String.self)) ?? .routine
        b.stage = try row.decode(column: "stage", as: SamplingStage.self)
        b.fastTrack = try row.decode(column: "fast_track", as: Bool.self)
        b.dueDate = try day("due_date") ?? b.dueDate
        b.state = BatchState(rawValue: try row.decode(column: "state", as: String.self)) ?? .drawn
        b.stateSince = try day("state_since") ?? b.stateSince
        b.inspectors = try row.decode(column: "inspectors", as: String.self)
        b.enterpriseConfirmed = try row.decode(column: "enterprise_confirmed", as: Bool.self)
        b.sampleName = try row.decode(column: "sample_name", as: String?.self)
        b.lotNumber = try row.decode(column: "lot_number", as: String?.self)
        b.sampledOn = try day("sampled_on")
        b.online = try row.decode(column: "online", as: Bool.self)
        b.reportNumber = try row.decode(column: "report_number", as: String?.self)
        b.reportVersion = try row.decode(column: "report_version", as: Int.self)
        b.reportedOn = try day("reported_on")
        b.verdict = try row.decode(column: "verdict", as: String?.self).flatMap(ItemVerdict.init(rawValue:))
        b.serious = try row.decode(column: "serious", as: Bool.self)
        b.failedItems = try row.decode(column: "failed_items", as: String?.self)
        b.deliveredOn = try day("delivered_on")
        b.objectionDeadline = try day("objection_deadline")
        b.objectionFiledOn = try day("objection_filed_on")
        b.objectionDecidedOn = try day("objection_decided_on")
        b.recheckAgencyId = try row.decode(column: "recheck_agency_id", as: Int64?.self)
        b.recheckAgencyName = try row.decode(column: "recheck_agency_name", as: String?.self)
        b.recheckOutcome = try row.decode(column: "recheck_outcome", as: RecheckOutcome?.self)
        b.costBearer = try row.decode(column: "cost_bearer", as: String?.self)
        b.concludedOn = try day("concluded_on")
        b.rectificationDeadline = try day("rectification_deadline")
        b.sensitive = try row.decode(column: "sensitive", as: Bool.self)
        b.sensitiveReason = try row.decode(column: "sensitive_reason", as: String?.self)
        b.publishedOn = try day("published_on")
        b.closedOn = try day("closed_on")
        b.suggestedOn = try day("suggested_on")
        b.rulesVersion = try row.decode(column: "rules_version", as: Int.self)
        return b
    }
}
