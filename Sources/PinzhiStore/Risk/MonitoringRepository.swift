import PinzhiDomain
import SQLKit

/// Risk monitoring (SPEC RK-6): the city's plans and the agency's monitoring batches, moved through the workflow
/// engine (MonitoringBatchKind). Reporting a finding writes its risk item (source 风险监测) in the step's
/// transaction. Nothing here is ever read by the portal: a finding is not a published result.
public struct MonitoringRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    // MARK: Plans

    /// Plans are read by every monitoring reader; an agency reads its own.
    static func visiblePlans(_ q: SQLSelectBuilder, _ p: Principal) -> SQLSelectBuilder {
        switch p.role {
        case .agencyUser: q.where(SQLColumn("agency_id", table: "m"), .equal, SQLBind(p.agencyId ?? -1))
        case _ where MonitoringPolicy.readerRoles.contains(p.role): q
        default: q.where(SQLRaw("1 = 0"))
        }
    }

    static func planSelect(_ db: any SQLDatabase) -> SQLSelectBuilder {
        db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("m"))).column(SQLColumn("name", table: "p"), as: "product_name")
            .column(SQLColumn("name", table: "a"), as: "agency_name")
            .column(SQLRaw("(SELECT COUNT(*) FROM monitoring_batches x WHERE x.plan_id = m.id)"), as: "recorded")
            .column(SQLRaw("(SELECT COUNT(*) FROM monitoring_batches x WHERE x.plan_id = m.id AND x.finding)"), as: "findings")
            .from(SQLAlias(SQLIdentifier("monitoring_plans"), as: SQLIdentifier("m")))
            .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), on: SQLColumn("product_id", table: "m"), .equal, SQLColumn("id", table: "p"))
            .join(SQLAlias(SQLIdentifier("agencies"), as: SQLIdentifier("a")), on: SQLColumn("agency_id", table: "m"), .equal, SQLColumn("id", table: "a"))
    }

    static func decodePlan(_ row: any SQLRow) throws -> MonitoringPlan {
        var plan = MonitoringPlan(id: try row.decode(column: "id", as: Int64.self), year: try row.decode(column: "year", as: Int.self),
                                  title: try row.decode(column: "title", as: String.self), productId: try row.decode(column: "product_id", as: Int64.self),
                                  productName: try row.decode(column: "product_name", as: String.self),
                                  agencyId: try row.decode(column: "agency_id", as: Int64.self), agencyName: try row.decode(column: "agency_name", as: String.self),
                                  items: try row.decode(column: "items", as: String.self),
                                  focus: MonitoringFocus(rawValue: try row.decode(column: "focus", as: String.self)) ?? .other,
                                  plannedBatches: try row.decode(column: "planned_batches", as: Int.self),
                                  createdBy: try row.decode(column: "created_by", as: String.self),
                                  createdOn: try EnforcementScope.day(row, "created_on") ?? Day(year: 1970, month: 1, day: 1)!)
        plan.recorded = try row.decode(column: "recorded", as: Int.self)
        plan.findings = try row.decode(column: "findings", as: Int.self)
        return plan
    }

    /// The plans of a year (all years when nil), newest first.
    public func plans(year: Int?, as p: Principal) async throws -> [MonitoringPlan] {
        try await database.session { db in
            var q = Self.visiblePlans(Self.planSelect(db), p)
            if let year { q = q.where(SQLColumn("year", table: "m"), .equal, SQLBind(year)) }
            return try await q.orderBy(SQLColumn("year", table: "m"), SQLDirection.descending).orderBy(SQLColumn("id", table: "m"), SQLDirection.descending).limit(500).all()
                .map(Self.decodePlan)
        }
    }

    public func plan(_ id: Int64, as p: Principal) async throws -> MonitoringPlan? {
        try await database.session { db in try await Self.plan(db, id, p) }
    }

    static func plan(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> MonitoringPlan? {
        try await visiblePlans(planSelect(db).where(SQLColumn("id", table: "m"), .equal, SQLBind(id)), p).first().map(decodePlan)
    }

    /// A new plan as the city writes it: the product by its code, the agency by its id.
    public struct PlanInput: Sendable {
        public var year: Int
        public var title: String
        public var productCode: String
        public var agencyId: Int64
        public var items: String
        public var focus: MonitoringFocus
        public var plannedBatches: Int

        public init(year: Int, title: String, productCode: String, agencyId: Int64, items: String, focus: MonitoringFocus, plannedBatches: Int) {
            self.year = year
            self.title = title
            self.productCode = productCode
            self.agencyId = agencyId
            self.items = items
            self.focus = focus
            self.plannedBatches = plannedBatches
        }
    }

    /// The city plans (RiskPolicy.graderRoles); audited.
    public func createPlan(_ input: PlanInput, today: Day, as p: Principal) async throws -> MonitoringPlan {
        guard RiskPolicy.graderRoles.contains(p.role) else { throw StoreError.forbidden }
        var errors = MonitoringPlan.check(title: input.title, items: input.items, plannedBatches: input.plannedBatches, year: input.year, today: today)
        for (field, text) in [("title", input.title), ("items", input.items), ("productCode", input.productCode)] where text.hasInvisibleControl {
            errors.append(FieldError(field, "含有不可见的控制字符"))
        }
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        return try await database.transaction { db in
            guard let product = try await db.select().column("id").from("products").where("code", .equal, SQLBind(input.productCode.trimmed)).first() else {
                throw StoreError.invalid(ValidationFailure([FieldError("productCode", "未找到该产品编码的产品")]))
            }
            guard try await db.select().column("id").from("agencies").where("id", .equal, SQLBind(input.agencyId)).first() != nil else {
                throw StoreError.invalid(ValidationFailure([FieldError("agencyId", "未找到该承检机构")]))
            }
            let id = try await db.insert(into: "monitoring_plans")
                .columns("year", "title", "product_id", "agency_id", "items", "focus", "planned_batches", "created_by", "created_on", "created_at")
                .values(SQLBind(input.year), SQLBind(input.title.trimmed), SQLBind(try product.decode(column: "id", as: Int64.self)), SQLBind(input.agencyId),
                        SQLBind(input.items.trimmed), SQLBind(input.focus.rawValue), SQLBind(input.plannedBatches), SQLBind(p.username),
                        SQLBind(today.description), SQLBind(Clock.nowText()))
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            guard let plan = try await Self.plan(db, id, p) else { throw StoreError.internalError("监测计划写入后未能读出") }
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: "monitoring_plan", entityId: id,
                                      summary: "制定风险监测计划\(plan.number)：\(plan.title)（\(plan.productName)，\(plan.agencyName)，\(plan.plannedBatches)批次）",
                                      before: nil, after: AuditLog.json(plan))
            return plan
        }
    }

    // MARK: Batches

    public struct Filter: Sendable {
        public var state: MonitoringState?
        public var planId: Int64?
        public var year: Int?
        public var finding: Bool?
        public var search: String?
        public init() {}
    }

    /// The city and 执法总队 read every batch, a district bureau those of its district's enterprises, an agency its own.
    static func visible(_ q: SQLSelectBuilder, _ p: Principal) -> SQLSelectBuilder {
        switch p.role {
        case .cityAdmin, .citySupervisor, .enforcementOfficer: q
        case .districtSupervisor: q.where(SQLColumn("district_code", table: "k"), .equal, SQLBind(p.districtCode ?? ""))
        case .agencyUser: q.where(SQLColumn("agency_id", table: "k"), .equal, SQLBind(p.agencyId ?? -1))
        default: q.where(SQLRaw("1 = 0"))
        }
    }

    static func from(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
        q.from(SQLAlias(SQLIdentifier("monitoring_batches"), as: SQLIdentifier("k")))
            .join(SQLAlias(SQLIdentifier("monitoring_plans"), as: SQLIdentifier("m")), on: SQLColumn("plan_id", table: "k"), .equal, SQLColumn("id", table: "m"))
            .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), on: SQLColumn("product_id", table: "m"), .equal, SQLColumn("id", table: "p"))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), method: SQLJoinMethod.left,
                  on: SQLColumn("enterprise_id", table: "k"), .equal, SQLColumn("id", table: "e"))
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        from(db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("k"))).column(SQLColumn("title", table: "m"), as: "plan_title")
            .column(SQLColumn("year", table: "m"), as: "year").column(SQLColumn("product_id", table: "m"), as: "product_id")
            .column(SQLColumn("name", table: "p"), as: "product_name").column(SQLColumn("name", table: "e"), as: "enterprise_name"))
    }

    static func where_(_ q: SQLSelectBuilder, _ f: Filter, _ p: Principal) -> SQLSelectBuilder {
        var q = visible(q, p)
        if let s = f.state { q = q.where(SQLColumn("state", table: "k"), .equal, SQLBind(s.rawValue)) }
        if let id = f.planId { q = q.where(SQLColumn("plan_id", table: "k"), .equal, SQLBind(id)) }
        if let y = f.year { q = q.where(SQLColumn("year", table: "m"), .equal, SQLBind(y)) }
        if let finding = f.finding { q = q.where(SQLColumn("finding", table: "k"), .equal, SQLBind(finding)) }
        if let s = f.search?.trimmed, !s.isEmpty {
            let like = "%\(s)%"
            q = q.where { g in
                g.where(SQLColumn("sample_name", table: "k"), .like, SQLBind(like)).orWhere(SQLColumn("source", table: "k"), .like, SQLBind(like))
                    .orWhere(SQLColumn("name", table: "e"), .like, SQLBind(like))
            }
        }
        return q
    }

    /// The batches of the filter: those waiting for a step first, then the newest.
    public func page(_ f: Filter, limit: Int, offset: Int, as p: Principal) async throws -> Page<MonitoringBatch> {
        try await database.session { db in
            try await PagedSelect.page(db, counting: { Self.where_(Self.from($0), f, p) }, rows: Self.where_(Self.select(db), f, p),
                                       order: [(SQLRaw("CASE WHEN k.state IN ('sampled', 'tested') THEN 0 ELSE 1 END"), .ascending),
                                               (SQLColumn("sampled_on", table: "k"), .descending), (SQLColumn("id", table: "k"), .descending)],
                                       limit: limit, offset: offset, decode: Self.decode)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> MonitoringBatch? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> MonitoringBatch? {
        try await visible(select(db).where(SQLColumn("id", table: "k"), .equal, SQLBind(id)), p).first().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> MonitoringBatch {
        var b = MonitoringBatch(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                                planId: try row.decode(column: "plan_id", as: Int64.self), planTitle: try row.decode(column: "plan_title", as: String.self),
                                productId: try row.decode(column: "product_id", as: Int64.self),
                                productName: try row.decode(column: "product_name", as: String.self),
                                agencyId: try row.decode(column: "agency_id", as: Int64.self), year: try row.decode(column: "year", as: Int.self),
                                channel: MonitoringChannel(rawValue: try row.decode(column: "channel", as: String.self)) ?? .market,
                                source: try row.decode(column: "source", as: String.self), sampleName: try row.decode(column: "sample_name", as: String.self),
                                enterpriseId: try row.decode(column: "enterprise_id", as: Int64?.self),
                                enterpriseName: try row.decode(column: "enterprise_name", as: String?.self),
                                districtCode: try row.decode(column: "district_code", as: String?.self),
                                sampledOn: try EnforcementScope.day(row, "sampled_on") ?? Day(year: 1970, month: 1, day: 1)!,
                                state: MonitoringState(rawValue: try row.decode(column: "state", as: String.self)) ?? .sampled,
                                enteredOn: try EnforcementScope.day(row, "entered_on"), createdBy: try row.decode(column: "created_by", as: String.self))
        b.results = try row.decode(column: "results", as: String?.self)
        b.finding = try row.decode(column: "finding", as: Bool?.self)
        b.findingText = try row.decode(column: "finding_text", as: String?.self)
        b.riskItemId = try row.decode(column: "risk_item_id", as: Int64?.self)
        return b
    }

    /// A sample as the agency records it: the enterprise by its USCC when known (never published either way).
    public struct BatchInput: Sendable {
        public var planId: Int64
        public var channel: MonitoringChannel
        public var source: String
        public var sampleName: String
        public var uscc: String?
        public var sampledOn: Day

        public init(planId: Int64, channel: MonitoringChannel, source: String, sampleName: String, uscc: String?, sampledOn: Day) {
            self.planId = planId
            self.channel = channel
            self.source = source
            self.sampleName = sampleName
            self.uscc = uscc
            self.sampledOn = sampledOn
        }
    }

    /// The plan's agency records a sample; audited.
    public func create(_ input: BatchInput, today: Day, as p: Principal) async throws -> MonitoringBatch {
        guard p.role == .agencyUser else { throw StoreError.forbidden }
        var errors: [FieldError] = []
        let source = input.source.trimmed, sample = input.sampleName.trimmed, uscc = input.uscc?.trimmed.uppercased() ?? ""
        if source.count < 2 || source.count > 200 { errors.append(FieldError("source", "请填写抽样地点或网店（2至200个字）")) }
        if sample.count < 2 || sample.count > 100 { errors.append(FieldError("sampleName", "请填写样品名称与规格（2至100个字）")) }
        if input.sampledOn > today { errors.append(FieldError("sampledOn", "抽样日期不能晚于今天（\(today)）")) }
        for (field, text) in [("source", source), ("sampleName", sample), ("uscc", uscc)] where text.hasInvisibleControl {
            errors.append(FieldError(field, "含有不可见的控制字符"))
        }
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        return try await database.transaction { db in
            guard let plan = try await Self.plan(db, input.planId, p) else {
                throw StoreError.invalid(ValidationFailure([FieldError("planId", "未找到本机构承担的该监测计划")]))
            }
            var enterpriseId: Int64?, district: String?
            if !uscc.isEmpty {
                guard let e = try await db.select().column("id").column("district_code").from("enterprises").where("uscc", .equal, SQLBind(uscc)).first() else {
                    throw StoreError.invalid(ValidationFailure([FieldError("uscc", "未找到该统一社会信用代码的企业")]))
                }
                enterpriseId = try e.decode(column: "id", as: Int64.self)
                district = try e.decode(column: "district_code", as: String?.self)
            }
            let now = Clock.nowText()
            let id = try await db.insert(into: "monitoring_batches")
                .columns("plan_id", "agency_id", "channel", "source", "sample_name", "enterprise_id", "district_code", "sampled_on", "state", "entered_on",
                         "created_by", "created_at", "updated_at")
                .values(SQLBind(plan.id), SQLBind(plan.agencyId), SQLBind(input.channel.rawValue), SQLBind(source), SQLBind(sample), SQLBind(enterpriseId),
                        SQLBind(district), SQLBind(input.sampledOn.description), SQLBind(MonitoringState.sampled.rawValue),
                        SQLBind(input.sampledOn.description), SQLBind(p.username), SQLBind(now), SQLBind(now))
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            guard let batch = try await Self.find(db, id, p) else { throw StoreError.internalError("监测批次写入后未能读出") }
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: MonitoringBatchKind.name, entityId: id,
                                      summary: "登记风险监测批次\(batch.number)：\(batch.sampleName)（\(batch.channel.label)：\(batch.source)）",
                                      before: nil, after: AuditLog.json(batch))
            return batch
        }
    }

    /// The batches on which a principal may owe a step, for the workbench.
    public func open(as p: Principal, today _: Day) async throws -> [MonitoringBatch] {
        try await database.session { db in
            try await Self.visible(Self.select(db), p).where(SQLColumn("state", table: "k"), .in,
                                                             SQLBind.group(Workflow<MonitoringBatchKind>.dutyStates(for: p.role).map(\.rawValue)))
                .orderBy(SQLColumn("id", table: "k")).limit(1000).all().map(Self.decode)
        }
    }
}

extension MonitoringRepository: WorkflowRecords {
    public typealias Kind = MonitoringBatchKind

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<MonitoringBatchKind>, before: MonitoringBatch) async throws -> MonitoringBatch {
        let b = step.record
        try await WorkflowRows.update(db, "monitoring_batches", id: b.id, version: before.version, from: before.state.rawValue, to: b.state.rawValue,
                                      setting: [("entered_on", SQLBind(b.enteredOn.description)), ("results", SQLBind(b.results)),
                                                ("finding", SQLBind(b.finding)), ("finding_text", SQLBind(b.findingText))])
        var after = b
        after.version = before.version + 1
        return after
    }

    /// A reported finding becomes a risk item (source 风险监测) linked both ways, in the step's transaction.
    public static func record(_ db: any SQLDatabase, _ step: StepOutcome<MonitoringBatchKind>, before: MonitoringBatch, context: BasicContext,
                              by p: Principal, at now: String) async throws {
        guard let report = step.effects.report else { return }
        let agency = try await db.select().column("name").from("agencies").where("id", .equal, SQLBind(before.agencyId)).first()?
            .decode(column: "name", as: String.self) ?? ""
        let item = step.record.riskItem(severity: report.severity, probability: report.probability, hazard: report.hazard, userGroup: report.userGroup,
                                        agencyName: agency, on: context.today)
        let id = try await RiskItemRepository.insert(db, item, today: context.today, rules: context.rules, by: p.username, actor: AuditActor(p), at: now)
        try await db.update("monitoring_batches").set("risk_item_id", to: SQLBind(id)).where("id", .equal, SQLBind(before.id)).run()
    }
}

extension MonitoringRepository: OpenRecordDuties {}
