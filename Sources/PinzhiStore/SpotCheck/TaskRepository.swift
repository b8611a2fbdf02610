import PinzhiDomain
import SQLKit

/// Tasks given to agencies (SPEC SC-3). Visibility comes from TaskPolicy; assignment is the plan owner's, response
/// the agency's; each change is version-checked and audited in its transaction.
public struct TaskRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    static func visible<B: SQLPredicateBuilder>(_ builder: B, _ p: Principal) -> B {
        switch TaskPolicy.visibility(p) {
        case .all: builder
        case .district(let code): builder.where(SQLColumn("district_code", table: "t"), .equal, SQLBind(code))
        case .agency(let id): builder.where(SQLColumn("agency_id", table: "t"), .equal, SQLBind(id))
        case .none: builder.where(SQLRaw("1 = 0"))
        }
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("t")))
            .column(SQLColumn("name", table: "a"), as: "agency_name").column(SQLColumn("name", table: "p"), as: "product_name")
            .column(SQLColumn("year", table: "pl"), as: "plan_year")
            .from(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier("plans"), as: SQLIdentifier("pl")), on: SQLColumn("plan_id", table: "t"), .equal, SQLColumn("id", table: "pl"))
            .join(SQLAlias(SQLIdentifier("agencies"), as: SQLIdentifier("a")), on: SQLColumn("agency_id", table: "t"), .equal, SQLColumn("id", table: "a"))
            .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), on: SQLColumn("product_id", table: "t"), .equal, SQLColumn("id", table: "p"))
    }

    public func list(state: TaskState? = nil, planId: Int64? = nil, as p: Principal) async throws -> [CheckTask] {
        try await page(state: state, planId: planId, limit: nil, offset: 0, as: p).items
    }

    /// The visible tasks by due date, `limit` of them from `offset` (all when nil), with the count of all.
    public func page(state: TaskState?, planId: Int64?, limit: Int?, offset: Int, as p: Principal) async throws -> Page<CheckTask> {
        try await database.session { db in
            func filtered(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
                var q = Self.visible(builder, p)
                if let state { q = q.where(SQLColumn("state", table: "t"), .equal, SQLBind(state.rawValue)) }
                if let planId { q = q.where(SQLColumn("plan_id", table: "t"), .equal, SQLBind(planId)) }
                return q
            }
            let total = try await filtered(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")))).first()?.decode(column: "n", as: Int.self) ?? 0
            var q = filtered(Self.select(db)).orderBy(SQLColumn("due_date", table: "t")).orderBy(SQLColumn("id", table: "t"))
            if let limit { q = q.limit(limit).offset(offset) }
            return Page(items: try await q.all().map(Self.decode), total: total, offset: offset, limit: limit ?? total)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> CheckTask? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> CheckTask? {
        try await visible(select(db).where(SQLColumn("id", table: "t"), .equal, SQLBind(id)), p).first().map(decode)
    }

    /// Gives part of an issued plan's line to an agency under its contract for the product and year.
    public func assign(planId: Int64, lineId: Int64, agencyId: Int64, batches: Int, dueDate: Day?, area: String?, today: Day,
                       as p: Principal) async throws -> CheckTask {
        try await database.transaction { db in
            guard let plan = try await PlanRepository.find(db, planId, p), let line = plan.lines.first(where: { $0.id == lineId }) else {
                throw StoreError.notFound
            }
            guard PlanPolicy.mayEdit(p, planDistrict: plan.districtCode) else { throw StoreError.forbidden }
            let contract = try await db.select().column("*").from("agency_contracts").where("agency_id", .equal, agencyId)
                .where("year", .equal, plan.year).where("product_id", .equal, line.productId).where("active", .equal, true)
                .orderBy("id").first()
                .map { try $0.decode(model: AgencyContract.self, keyDecodingStrategy: .convertFromSnakeCase) }
            let capacity = try await db.select().column("capacity").from("agencies").where("id", .equal, agencyId).first()?
                .decode(column: "capacity", as: Int?.self)
            var contractLoad = 0
            if let contract { contractLoad = try await Self.assignedBatches(db, SQLColumn("contract_id", table: "t"), contract.id) }
            let load = TaskRules.Load(
                line: try await Self.assignedBatches(db, SQLColumn("plan_line_id", table: "t"), lineId),
                contract: contractLoad,
                agencyYear: try await Self.assignedBatches(db, SQLColumn("agency_id", table: "t"), agencyId, year: plan.year),
                agencyCapacity: capacity)
            let errors = TaskRules.check(plan: plan, line: line, batches: batches, load: load, contract: contract,
                                         dueDate: dueDate, today: today)
            guard errors.isEmpty, let contract, let dueDate else { throw StoreError.invalid(ValidationFailure(errors)) }
            let now = Clock.nowText()
            let row = try await db.insert(into: "tasks")
                .columns("plan_id", "plan_line_id", "district_code", "agency_id", "contract_id", "product_id", "mode", "stage", "batches",
                         "area", "due_date", "state", "created_by", "created_at", "updated_at")
                .values(SQLBind(planId), SQLBind(lineId), SQLBind(plan.districtCode), SQLBind(agencyId), SQLBind(contract.id),
                        SQLBind(line.productId), SQLBind(line.mode.rawValue), SQLBind(line.stage.rawValue), SQLBind(batches),
                        SQLBind(area?.isEmpty == false ? area : nil), SQLBind(dueDate.description), SQLBind(TaskState.assigned.rawValue),
                        SQLBind(p.username), SQLBind(now), SQLBind(now))
                .returning("id").first()
            guard let id = try row?.decode(column: "id", as: Int64.self), let task = try await Self.find(db, id, p) else {
                throw StoreError.internalError("任务未保存")
            }
            try await AuditLog.append(db, actor: AuditActor(p), action: "assign", entity: "task", entityId: id,
                                      summary: "分配任务：\(line.productName)\(batches)批次给\(task.agencyName)，\(dueDate)前完成（计划“\(plan.title)”）",
                                      after: AuditLog.json(task))
            return task
        }
    }

    /// Batches already given out in a plan year, per contract and per agency (tasks not declined): what the assignment
    /// form shows beside each holder.
    public func assignedBatches(year: Int) async throws -> (contracts: [Int64: Int], agencies: [Int64: Int]) {
        try await database.session { db in
            let rows = try await db.select().column(SQLColumn("contract_id", table: "t"), as: "c").column(SQLColumn("agency_id", table: "t"), as: "a")
                .column(SQLRaw("CAST(SUM(t.batches) AS BIGINT)"), as: "n")
                .from(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")))
                .join(SQLAlias(SQLIdentifier("plans"), as: SQLIdentifier("p")), on: SQLColumn("plan_id", table: "t"), .equal, SQLColumn("id", table: "p"))
                .where(SQLColumn("year", table: "p"), .equal, SQLBind(year))
                .where(SQLColumn("state", table: "t"), .notEqual, SQLBind(TaskState.declined.rawValue))
                .groupBy(SQLColumn("contract_id", table: "t")).groupBy(SQLColumn("agency_id", table: "t")).all()
            var contracts: [Int64: Int] = [:], agencies: [Int64: Int] = [:]
            for row in rows {
                let n = try row.decode(column: "n", as: Int.self)
                contracts[try row.decode(column: "c", as: Int64.self), default: 0] += n
                agencies[try row.decode(column: "a", as: Int64.self), default: 0] += n
            }
            return (contracts, agencies)
        }
    }

    /// Batches of the tasks not declined whose column holds the value (in the plan year, if given).
    static func assignedBatches(_ db: any SQLDatabase, _ column: SQLColumn, _ value: Int64, year: Int? = nil) async throws -> Int {
        // PostgreSQL sums BIGINT into NUMERIC; the cast keeps both databases answering an integer.
        var q = db.select().column(SQLRaw("CAST(COALESCE(SUM(t.batches), 0) AS BIGINT)"), as: "n")
            .from(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")))
            .where(column, .equal, SQLBind(value)).where(SQLColumn("state", table: "t"), .notEqual, SQLBind(TaskState.declined.rawValue))
        if let year {
            q = q.join(SQLAlias(SQLIdentifier("plans"), as: SQLIdentifier("p")), on: SQLColumn("plan_id", table: "t"), .equal, SQLColumn("id", table: "p"))
                .where(SQLColumn("year", table: "p"), .equal, SQLBind(year))
        }
        return try await q.first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The agency accepts its task, or sends it back with a reason (the batches return to the line): TaskKind's steps.
    public func respond(_ id: Int64, accept: Bool, reason: String?, expectedVersion: Int, today: Day, as p: Principal) async throws -> CheckTask {
        try await WorkflowStore<Self>(database).act(id, accept ? .accept : .decline, input: reason.map { ["reason": $0] } ?? [:],
                                                    expectedVersion: expectedVersion, today: today, as: p)
    }

    static func decode(_ row: any SQLRow) throws -> CheckTask {
        var task = CheckTask(
            id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
            planId: try row.decode(column: "plan_id", as: Int64.self), planLineId: try row.decode(column: "plan_line_id", as: Int64.self),
            districtCode: try row.decode(column: "district_code", as: String?.self), agencyId: try row.decode(column: "agency_id", as: Int64.self),
            agencyName: try row.decode(column: "agency_name", as: String.self), contractId: try row.decode(column: "contract_id", as: Int64.self),
            productId: try row.decode(column: "product_id", as: Int64.self), productName: try row.decode(column: "product_name", as: String.self),
            mode: CheckMode(rawValue: try row.decode(column: "mode", as: String.self)) ?? .routine, stage: try row.decode(column: "stage", as: SamplingStage.self),
            batches: try row.decode(column: "batches", as: Int.self), area: try row.decode(column: "area", as: String?.self),
            dueDate: Day(try row.decode(column: "due_date", as: String.self)) ?? Day("2000-01-01")!,
            state: TaskState(rawValue: try row.decode(column: "state", as: String.self)) ?? .assigned,
            declineReason: try row.decode(column: "decline_reason", as: String?.self))
        task.planYear = try row.decode(column: "plan_year", as: Int.self)
        return task
    }
}

extension TaskRepository: WorkflowRecords {
    public typealias Kind = TaskKind

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<TaskKind>, before task: CheckTask) async throws -> CheckTask {
        try await WorkflowRows.update(db, "tasks", id: task.id, version: task.version, from: task.state.rawValue, to: step.record.state.rawValue,
                                      setting: [("decline_reason", SQLBind(step.record.declineReason))])
        var after = step.record
        after.version = task.version + 1
        return after
    }
}
