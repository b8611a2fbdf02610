import PinzhiDomain
import SQLKit

/// Case leads (SPEC EN-1): written by a batch's steps or entered by hand, read in the principal's scope, decided
/// through the workflow engine; filing one opens its case in the same transaction.
public struct LeadRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Filter: Sendable {
        public var state: LeadState?
        public var source: LeadSource?
        public var district: String?
        public var year: Int?
        public var search: String?
        public var enterpriseId: Int64?
        public var batchId: Int64?
        public init() {}
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        EnforcementScope.joined(db, "leads", as: "l") {
            $0.column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("l"))).column(SQLColumn("name", table: "e"), as: "enterprise_name")
                .column(SQLColumn("number", table: "b"), as: "batch_number")
        }.join(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")), method: SQLJoinMethod.left,
               on: SQLColumn("batch_id", table: "l"), .equal, SQLColumn("id", table: "b"))
    }

    static func where_(_ q: SQLSelectBuilder, _ f: Filter, _ p: Principal) -> SQLSelectBuilder {
        var q = EnforcementScope.filtered(EnforcementScope.visible(q, p, table: "l"), table: "l", dayColumn: "received_on", state: f.state?.rawValue,
                                          district: f.district, year: f.year, search: f.search, enterpriseId: f.enterpriseId)
        if let s = f.source { q = q.where(SQLColumn("source", table: "l"), .equal, SQLBind(s.rawValue)) }
        if let b = f.batchId { q = q.where(SQLColumn("batch_id", table: "l"), .equal, SQLBind(b)) }
        return q
    }

    /// The leads of the filter, the open ones first by the day received, then the newest.
    /// Open leads first, then the newest: read in order from Migration040's index.
    static var listOrder: [(any SQLExpression, SQLDirection)] {
        [(SQLRaw("CASE WHEN l.state = 'open' THEN 0 ELSE 1 END"), .ascending),
         (SQLColumn("received_on", table: "l"), .descending), (SQLColumn("id", table: "l"), .descending)]
    }

    public func page(_ f: Filter, limit: Int, offset: Int, countLimit: Int? = nil, as p: Principal) async throws -> Page<CaseLead> {
        try await database.session { db in
            try await EnforcementScope.page(db, "leads", as: "l", search: f.search, filtered: { Self.where_($0, f, p) }, rows: Self.select(db),
                                            order: Self.listOrder,
                                            decode: Self.decode, limit: limit, offset: offset, countLimit: countLimit)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> CaseLead? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> CaseLead? {
        try await EnforcementScope.visible(select(db).where(SQLColumn("id", table: "l"), .equal, SQLBind(id)), p, table: "l").first().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> CaseLead {
        CaseLead(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                 source: LeadSource(rawValue: try row.decode(column: "source", as: String.self)) ?? .measure,
                 batchId: try row.decode(column: "batch_id", as: Int64?.self), batchNumber: try row.decode(column: "batch_number", as: String?.self),
                 enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self), enterpriseName: try row.decode(column: "enterprise_name", as: String.self),
                 districtCode: try row.decode(column: "district_code", as: String?.self), summary: try row.decode(column: "summary", as: String.self),
                 state: LeadState(rawValue: try row.decode(column: "state", as: String.self)) ?? .open,
                 receivedOn: try EnforcementScope.day(row, "received_on") ?? Day(year: 1970, month: 1, day: 1)!,
                 extended: try row.decode(column: "extended", as: Bool.self), decidedOn: try EnforcementScope.day(row, "decided_on"),
                 decisionNote: try row.decode(column: "decision_note", as: String?.self), caseId: try row.decode(column: "case_id", as: Int64?.self))
    }

    package static let columns = ["source", "batch_id", "enterprise_id", "district_code", "summary", "state", "received_on", "created_by", "created_at", "updated_at"]

    package static func row(_ draft: LeadDraft, batchId: Int64?, enterpriseId: Int64, district: String?, on day: Day, by user: String,
                            at now: String) -> [any SQLExpression] {
        [SQLBind(draft.source.rawValue), SQLBind(batchId), SQLBind(enterpriseId), SQLBind(district), SQLBind(draft.summary),
         SQLBind(LeadState.open.rawValue), SQLBind(day.description), SQLBind(user), SQLBind(now), SQLBind(now)]
    }

    /// A lead from a batch's step, in that step's transaction.
    package static func insert(_ db: any SQLDatabase, _ draft: LeadDraft, of b: Batch, on day: Day, by user: String, at now: String) async throws {
        try await db.insert(into: "leads").columns(columns)
            .values(row(draft, batchId: b.id, enterpriseId: b.enterpriseId, district: b.enterpriseDistrict, on: day, by: user, at: now)).run()
    }

    /// A lead entered by hand (a complaint, an inspection, monitoring, online opinion, a problem item), audited.
    public func create(source: LeadSource, enterpriseId: Int64?, uscc: String? = nil, summary: String, receivedOn: Day?, today: Day, as p: Principal) async throws -> CaseLead {
        var errors: [FieldError] = []
        if source.fromSpotCheck { errors.append(FieldError("source", "抽查产生的线索由批次流程自动生成，请选择其他来源")) }
        let text = summary.trimmed
        if text.count < 10 { errors.append(FieldError("summary", "请写明线索内容（至少10个字）")) }
        if text.count > 1000 { errors.append(FieldError("summary", "线索内容不能超过1000个字")) }
        if text.hasInvisibleControl { errors.append(FieldError("summary", "线索内容含有不可见的控制字符")) }
        if let d = receivedOn, d > today { errors.append(FieldError("receivedOn", "接收日期不能晚于今天（\(today)）")) }
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        guard EnforcementPolicy.handlerRoles.contains(p.role) else { throw StoreError.forbidden }
        return try await database.transaction { db in
            var query = db.select().column("id").column("district_code").from("enterprises")
            if let enterpriseId { query = query.where("id", .equal, SQLBind(enterpriseId)) } else { query = query.where("uscc", .equal, SQLBind(uscc?.trimmed.uppercased() ?? "")) }
            guard let enterprise = try await query.first() else {
                throw StoreError.invalid(ValidationFailure([enterpriseId == nil ? FieldError("uscc", "未找到该统一社会信用代码的企业") : FieldError("enterpriseId", "企业不存在")]))
            }
            let enterpriseId = try enterprise.decode(column: "id", as: Int64.self)
            let district = try enterprise.decode(column: "district_code", as: String?.self)
            guard EnforcementPolicy.handles(p, districtCode: district) else {
                throw StoreError.invalid(ValidationFailure([FieldError(uscc == nil ? "enterpriseId" : "uscc", "只能为本区企业登记线索")]))
            }
            let now = Clock.nowText()
            let id = try await db.insert(into: "leads").columns(Self.columns)
                .values(Self.row(LeadDraft(source, text), batchId: nil, enterpriseId: enterpriseId, district: district, on: receivedOn ?? today,
                                 by: p.username, at: now))
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            guard let lead = try await Self.find(db, id, p) else { throw StoreError.internalError("线索写入后未能读出") }
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: LeadKind.name, entityId: id,
                                      summary: "登记案件线索\(lead.number)（\(source.label)）：\(lead.enterpriseName)", before: nil, after: AuditLog.json(lead))
            return lead
        }
    }

    /// The open leads a principal decides, for the workbench.
    public func open(as p: Principal, today _: Day) async throws -> [CaseLead] {
        var f = Filter()
        f.state = .open
        return try await page(f, limit: 10_000, offset: 0, as: p).items
    }
}

extension LeadRepository: BulkWorkflowRecords {
    public typealias Kind = LeadKind
    package static let table = "leads"

    package static func stepColumns(_ l: CaseLead) -> [(String, BulkUpdate.Kind, SQLBind)] {
        [("extended", .bool, SQLBind(l.extended)), ("decided_on", .text, SQLBind(l.decidedOn?.description)), ("decision_note", .text, SQLBind(l.decisionNote))]
    }

    package static func withVersion(_ l: CaseLead, _ version: Int) -> CaseLead {
        var l = l
        l.version = version
        return l
    }

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<LeadKind>, before: CaseLead) async throws -> CaseLead {
        let l = step.record
        try await WorkflowRows.update(db, "leads", id: l.id, version: before.version, from: before.state.rawValue, to: l.state.rawValue,
                                      setting: stepColumns(l).map { ($0.0, $0.2) })
        return withVersion(l, before.version + 1)
    }

    /// Many filings at once (the generator): the cases in one multi-row INSERT, the leads linked in one UPDATE, the
    /// credit queue and the audit rows (one appendAll per actor) as `record` would write them one by one.
    package static func recordAll(_ db: any SQLDatabase, _ steps: [RecordedStep<LeadKind>], at now: String) async throws {
        let filings = steps.compactMap { s in s.step.effects.newCase.map { (step: s, case: $0) } }
        guard !filings.isEmpty else { return }
        let ids = try await CaseRepository.insert(db, filings.map { ($0.case, $0.step.by.username) }, at: now)
        _ = try await BulkUpdate.run(db, "leads", key: "id", columns: [("case_id", .bigint)],
                                     rows: zip(filings, ids).map { [SQLBind($0.step.before.id), SQLBind($1)] })
        func number(_ c: EnforcementCase, _ id: Int64) -> String { EnforcementNumber.make("AJ", c.filedOn.year, id) }
        try await CreditClassStore.enqueue(db, zip(filings, ids).map { ($0.case.enterpriseId, "立案\(number($0.case, $1))") })
        var byActor: [String: (actor: AuditActor, rows: [AuditLog.Pending])] = [:]
        for (f, id) in zip(filings, ids) {
            let actor = AuditActor(f.step.by)
            byActor[f.step.by.username, default: (actor, [])].rows.append(AuditLog.Pending(
                action: "create", entity: CaseKind.name, entityId: id, summary: "立案\(number(f.case, id))（线索\(f.step.before.number)）：\(f.case.enterpriseName)",
                before: nil, after: AuditLog.json(f.case)))
        }
        for (_, entry) in byActor.sorted(by: { $0.key < $1.key }) { try await AuditLog.appendAll(db, actor: entry.actor, entry.rows) }
    }

    /// Filing opens the case and links the lead to it.
    public static func record(_ db: any SQLDatabase, _ step: StepOutcome<LeadKind>, before: CaseLead, context: BasicContext, by p: Principal,
                              at now: String) async throws {
        guard let c = step.effects.newCase else { return }
        let caseId = try await CaseRepository.insert(db, c, by: p.username, at: now)
        try await db.update("leads").set("case_id", to: SQLBind(caseId)).where("id", .equal, SQLBind(before.id)).run()
        try await CreditClassStore.enqueue(db, [c.enterpriseId], cause: "立案\(EnforcementNumber.make("AJ", c.filedOn.year, caseId))")
        try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: CaseKind.name, entityId: caseId,
                                  summary: "立案\(EnforcementNumber.make("AJ", c.filedOn.year, caseId))（线索\(before.number)）：\(c.enterpriseName)",
                                  before: nil, after: AuditLog.json(c))
    }
}

extension LeadRepository: OpenRecordDuties {}
