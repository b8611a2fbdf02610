import Foundation
import PinzhiDomain
import SQLKit

/// Annual plans: visible by PlanPolicy, edited only in draft by their own level, moved through its workflow (PlanKind). Every
/// change bumps the plan's version and writes its audit row in the same transaction; a change that names a stale
/// version, or a transition from a state the plan has already left, is refused and applies nothing.
public struct PlanRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    static func visible<B: SQLPredicateBuilder>(_ builder: B, _ p: Principal) -> B {
        switch PlanPolicy.visibility(p) {
        case .all: return builder
        case .none: return builder.where(SQLRaw("1 = 0"))
        case .districtAndCity(let code):
            return builder.where { $0.where("district_code", .equal, code).orWhere(SQLIdentifier("district_code"), .is, SQLLiteral.null) }
        }
    }

    /// The year of the earliest plan, whoever's: where the year pickers start.
    public func firstYear() async throws -> Int? {
        try await database.session { db in
            try await db.select().column(SQLFunction("MIN", args: SQLIdentifier("year")), as: "y").from("plans").first()?
                .decode(column: "y", as: Int?.self)
        }
    }

    public func list(year: Int?, state: PlanState?, as p: Principal) async throws -> [Plan] {
        try await page(year: year, state: state, limit: nil, offset: 0, as: p).items
    }

    /// The visible plans, newest year first, `limit` of them from `offset` (all when nil), with the count of all.
    public func page(year: Int?, state: PlanState?, limit: Int?, offset: Int, as p: Principal) async throws -> Page<Plan> {
        try await database.session { db in
            func filtered(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
                var select = Self.visible(builder, p)
                if let year { select = select.where("year", .equal, year) }
                if let state { select = select.where("state", .equal, state.rawValue) }
                return select
            }
            let total = try await filtered(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("plans"))
                .first()?.decode(column: "n", as: Int.self) ?? 0
            var select = filtered(db.select().column("*").from("plans")).orderBy("year", .descending).orderBy("id")
            if let limit { select = select.limit(limit).offset(offset) }
            let plans = try await select.all().map(Self.decodePlan)
            let lines = try await Self.lines(db, planIds: plans.map(\.id))
            return Page(items: plans.map { plan in
                var p = plan
                p.lines = lines[plan.id] ?? []
                return p
            }, total: total, offset: offset, limit: limit ?? total)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> Plan? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> Plan? {
        guard var plan = try await visible(db.select().column("*").from("plans").where("id", .equal, id), p).first().map(decodePlan)
        else { return nil }
        plan.lines = try await lines(db, planIds: [id])[id] ?? []
        return plan
    }

    public func create(year: Int, title: String, as p: Principal) async throws -> Plan {
        let district = p.role == .districtSupervisor ? p.districtCode : nil
        guard PlanPolicy.mayEdit(p, planDistrict: district) else { throw StoreError.forbidden }
        var errors: [FieldError] = []
        if !(2000...2100).contains(year) { errors.append(FieldError("year", "年度应为2000至2100之间的四位数")) }
        let name = title.trimmingCharacters(in: .whitespaces)
        if name.isEmpty || name.count > 100 { errors.append(FieldError("title", "计划名称应为1至100个字")) }
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        return try await database.transaction { db in
            let now = Clock.nowText()
            let row = try await db.insert(into: "plans")
                .columns("year", "district_code", "title", "state", "created_by", "created_at", "updated_at")
                .values(SQLBind(year), SQLBind(district), SQLBind(name), SQLBind(PlanState.draft.rawValue), SQLBind(p.username), SQLBind(now), SQLBind(now))
                .returning("id").first()
            guard let id = try row?.decode(column: "id", as: Int64.self), let plan = try await Self.find(db, id, p) else {
                throw StoreError.internalError("计划未保存")
            }
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: "plan", entityId: id,
                                      summary: "新建\(plan.levelLabel)\(year)年度抽查计划：\(name)", after: AuditLog.json(plan))
            return plan
        }
    }

    /// Adds a line to a draft plan after checking it against the product's test items.
    public func addLine(_ line: PlanLine, to planId: Int64, expectedVersion: Int, as p: Principal) async throws -> Plan {
        try await change(planId, expectedVersion, p, requireDraft: true) { db, plan in
            // Read on this transaction's connection, not a second one from the pool.
            let items = try await db.select().column("*").from("test_items").where("product_id", .equal, line.productId).all()
                .map { try $0.decode(model: TestItem.self, keyDecodingStrategy: .convertFromSnakeCase) }
            guard let product = try await MasterRepository<Product>(database).find(db, line.productId, .all), product.active else {
                throw StoreError.invalid(ValidationFailure([FieldError("productId", "产品不存在或已停用")]))
            }
            var errors = PlanLineRules.check(productItems: items, chosen: Set(line.itemIds), batches: line.batches,
                                              season: line.seasonStart.flatMap { s in line.seasonEnd.map { (s, $0) } })
            if plan.lines.contains(where: { $0.productId == line.productId && $0.stage == line.stage && $0.mode == line.mode }) {
                errors.append(FieldError("productId", "计划中已有该产品同一环节、同一方式的计划行，请修改原行"))
            }
            guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
            try await db.insert(into: "plan_lines")
                .columns("plan_id", "product_id", "mode", "stage", "batches", "item_ids", "focus_areas", "premises", "budget",
                         "season_start", "season_end", "created_at")
                .values(SQLBind(planId), SQLBind(line.productId), SQLBind(line.mode.rawValue), SQLBind(line.stage.rawValue), SQLBind(line.batches),
                        SQLBind(line.itemIds.sorted().map(String.init).joined(separator: ",")), SQLBind(line.focusAreas), SQLBind(line.premises),
                        SQLBind(line.budget), SQLBind(line.seasonStart), SQLBind(line.seasonEnd), SQLBind(Clock.nowText())).run()
            return ("add_line", "计划“\(plan.title)”增加：\(product.name)（\(line.stage.label)，\(line.mode.label)，\(line.batches)批次）")
        }
    }

    public func removeLine(_ lineId: Int64, from planId: Int64, expectedVersion: Int, as p: Principal) async throws -> Plan {
        try await change(planId, expectedVersion, p, requireDraft: true) { db, plan in
            guard let line = plan.lines.first(where: { $0.id == lineId }) else { throw StoreError.notFound }
            try await db.delete(from: "plan_lines").where("id", .equal, lineId).where("plan_id", .equal, planId).run()
            return ("remove_line", "计划“\(plan.title)”删除：\(line.productName)（\(line.stage.label)，\(line.batches)批次）")
        }
    }

    /// Moves the plan on by one step of its workflow (PlanKind).
    public func transition(_ planId: Int64, _ action: PlanAction, expectedVersion: Int, today: Day, as p: Principal) async throws -> Plan {
        try await WorkflowStore<Self>(database).act(planId, action, input: [:], expectedVersion: expectedVersion, today: today, as: p)
    }

    /// One edit of a draft plan: checks scope, level, state and version, runs the edit, bumps the version, audits.
    func change(_ planId: Int64, _ expectedVersion: Int, _ p: Principal, requireDraft: Bool,
                _ edit: @Sendable (any SQLDatabase, Plan) async throws -> (action: String, summary: String)) async throws -> Plan {
        try await database.transaction { db in
            guard let plan = try await Self.find(db, planId, p) else { throw StoreError.notFound }
            guard PlanPolicy.mayEdit(p, planDistrict: plan.districtCode) else { throw StoreError.forbidden }
            guard plan.version == expectedVersion else { throw StoreError.staleVersion(current: plan.version) }
            if requireDraft && plan.state != .draft { throw StoreError.conflict("计划已\(plan.state.label)，只有草稿可以修改；如需修改请由市局退回") }
            let (action, summary) = try await edit(db, plan)
            let row = try await db.update("plans").set(SQLIdentifier("version"), to: SQLRaw("version + 1")).set("updated_at", to: Clock.nowText())
                .where("id", .equal, planId).where("version", .equal, plan.version).returning("id").first()
            guard row != nil else { throw StoreError.staleVersion(current: plan.version) }
            guard let after = try await Self.find(db, planId, p) else { throw StoreError.notFound }
            try await AuditLog.append(db, actor: AuditActor(p), action: action, entity: "plan", entityId: planId, summary: summary,
                                      before: AuditLog.json(plan), after: AuditLog.json(after))
            return after
        }
    }

    static func lines(_ db: any SQLDatabase, planIds: [Int64]) async throws -> [Int64: [PlanLine]] {
        guard !planIds.isEmpty else { return [:] }
        let rows = try await db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("l"))).column(SQLColumn("name", table: "p"), as: "product_name")
            .from(SQLAlias(SQLIdentifier("plan_lines"), as: SQLIdentifier("l")))
            .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), on: SQLColumn("product_id", table: "l"), .equal, SQLColumn("id", table: "p"))
            .where(SQLColumn("plan_id", table: "l"), .in, SQLBind.group(planIds)).orderBy(SQLColumn("id", table: "l")).all()
        var out: [Int64: [PlanLine]] = [:]
        for row in rows {
            let line = PlanLine(
                id: try row.decode(column: "id", as: Int64.self), planId: try row.decode(column: "plan_id", as: Int64.self),
                productId: try row.decode(column: "product_id", as: Int64.self), productName: try row.decode(column: "product_name", as: String.self),
                mode: CheckMode(rawValue: try row.decode(column: "mode", as: String.self)) ?? .routine,
                stage: try row.decode(column: "stage", as: SamplingStage.self), batches: try row.decode(column: "batches", as: Int.self),
                itemIds: try row.decode(column: "item_ids", as: String.self).split(separator: ",").compactMap { Int64($0) },
                focusAreas: try row.decode(column: "focus_areas", as: String?.self), premises: try row.decode(column: "premises", as: String?.self),
                budget: try row.decode(column: "budget", as: Double?.self), seasonStart: try row.decode(column: "season_start", as: Int?.self),
                seasonEnd: try row.decode(column: "season_end", as: Int?.self))
            out[line.planId, default: []].append(line)
        }
        return out
    }

    static func decodePlan(_ row: any SQLRow) throws -> Plan {
        Plan(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
             year: try row.decode(column: "year", as: Int.self), districtCode: try row.decode(column: "district_code", as: String?.self),
             title: try row.decode(column: "title", as: String.self),
             state: PlanState(rawValue: try row.decode(column: "state", as: String.self)) ?? .draft,
             notes: try row.decode(column: "notes", as: String?.self), rulesVersion: try row.decode(column: "rules_version", as: Int?.self))
    }
}

extension PlanRepository: WorkflowRecords {
    public typealias Kind = PlanKind

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<PlanKind>, before plan: Plan) async throws -> Plan {
        try await WorkflowRows.update(db, "plans", id: plan.id, version: plan.version, from: plan.state.rawValue, to: step.record.state.rawValue,
                                      setting: [("rules_version", SQLBind(step.record.rulesVersion))])
        var after = step.record
        after.version = plan.version + 1
        return after
    }
}
