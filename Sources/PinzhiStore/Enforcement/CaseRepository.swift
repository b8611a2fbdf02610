import PinzhiDomain
import SQLKit

/// Enforcement cases (SPEC EN-1): opened by filing a lead, read in the principal's scope, moved through the
/// workflow engine (CaseKind).
public struct CaseRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Filter: Sendable {
        public var state: CaseState?
        public var open: Bool?
        public var district: String?
        public var year: Int?
        public var search: String?
        public var enterpriseId: Int64?
        public var fromSpotCheck: Bool?
        /// Cases from the refused or failed batches of one plan year: with `fromSpotCheck`, the 转案率's numerator.
        public var planYear: Int?
        public init() {}
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        EnforcementScope.joined(db, "cases", as: "c") {
            $0.column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("c"))).column(SQLColumn("name", table: "e"), as: "enterprise_name")
        }
    }

    static func where_(_ q: SQLSelectBuilder, _ f: Filter, _ p: Principal) -> SQLSelectBuilder {
        var q = EnforcementScope.filtered(EnforcementScope.visible(q, p, table: "c"), table: "c", dayColumn: "filed_on", state: f.state?.rawValue,
                                          district: f.district, year: f.year, search: f.search, enterpriseId: f.enterpriseId)
        if let open = f.open {
            q = q.where(SQLColumn("state", table: "c"), open ? .notIn : .in, SQLBind.group(CaseState.finished.map(\.rawValue).sorted()))
        }
        if let spot = f.fromSpotCheck {
            q = q.where(SQLColumn("lead_source", table: "c"), spot ? .in : .notIn,
                        SQLBind.group(LeadSource.allCases.filter(\.fromSpotCheck).map(\.rawValue)))
        }
        if let y = f.planYear {
            // The batches the 转案率 counts (CaseTransferRate): refused, or failed with a final verdict.
            let final = SQLBind.group(BatchState.final.map(\.rawValue).sorted())
            q = q.where(SQLQueryString("c.batch_id IN (SELECT b.id FROM batches b JOIN plans pl ON pl.id = b.plan_id WHERE pl.year = \(bind: y) AND (b.state = 'refused' OR (b.verdict = 'fail' AND b.state IN \(final))))"))
        }
        return q
    }

    /// The cases of the filter, newest filed first.
    public func page(_ f: Filter, limit: Int, offset: Int, countLimit: Int? = nil, as p: Principal) async throws -> Page<EnforcementCase> {
        try await database.session { db in
            try await EnforcementScope.page(db, "cases", as: "c", search: f.search, filtered: { Self.where_($0, f, p) }, rows: Self.select(db),
                                            order: [(SQLColumn("filed_on", table: "c"), .descending), (SQLColumn("id", table: "c"), .descending)],
                                            decode: Self.decode, limit: limit, offset: offset, countLimit: countLimit)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> EnforcementCase? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    /// The cases filed from these leads, by lead, in the principal's scope.
    public func ofLeads(_ leadIds: [Int64], as p: Principal) async throws -> [Int64: EnforcementCase] {
        try await database.session { db in
            var out: [Int64: EnforcementCase] = [:]
            for start in stride(from: 0, to: leadIds.count, by: 500) {
                let chunk = Array(leadIds[start..<min(start + 500, leadIds.count)])
                for row in try await EnforcementScope.visible(Self.select(db).where(SQLColumn("lead_id", table: "c"), .in, SQLBind.group(chunk)), p, table: "c").all() {
                    let c = try Self.decode(row)
                    out[c.leadId] = c
                }
            }
            return out
        }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> EnforcementCase? {
        try await EnforcementScope.visible(select(db).where(SQLColumn("id", table: "c"), .equal, SQLBind(id)), p, table: "c").first().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> EnforcementCase {
        let filed = try EnforcementScope.day(row, "filed_on") ?? Day(year: 1970, month: 1, day: 1)!
        var c = EnforcementCase(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                                leadId: try row.decode(column: "lead_id", as: Int64.self),
                                leadSource: LeadSource(rawValue: try row.decode(column: "lead_source", as: String.self)) ?? .measure,
                                batchId: try row.decode(column: "batch_id", as: Int64?.self), enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                                enterpriseName: try row.decode(column: "enterprise_name", as: String.self),
                                districtCode: try row.decode(column: "district_code", as: String?.self),
                                handler: CaseHandler(rawValue: try row.decode(column: "handler", as: String.self)) ?? .district,
                                article: try row.decode(column: "article", as: String?.self).flatMap(PQLArticle.init(rawValue:)),
                                summary: try row.decode(column: "summary", as: String.self),
                                state: CaseState(rawValue: try row.decode(column: "state", as: String.self)) ?? .filed, filedOn: filed,
                                decisionDue: try EnforcementScope.day(row, "decision_due") ?? filed)
        c.enteredOn = try EnforcementScope.day(row, "entered_on") ?? filed
        c.extended = try row.decode(column: "extended", as: Bool.self)
        c.goodsValue = try row.decode(column: "goods_value", as: Double?.self)
        c.fine = try row.decode(column: "fine", as: Double?.self)
        c.confiscation = try row.decode(column: "confiscation", as: Double?.self)
        c.caseValue = try row.decode(column: "case_value", as: Double?.self)
        c.decidedOn = try EnforcementScope.day(row, "decided_on")
        c.closedOn = try EnforcementScope.day(row, "closed_on")
        c.referralDecidedOn = try EnforcementScope.day(row, "referral_decided_on")
        c.referredOn = try EnforcementScope.day(row, "referred_on")
        c.disciplineSentOn = try EnforcementScope.day(row, "discipline_sent_on")
        c.disciplineFeedback = try row.decode(column: "discipline_feedback", as: String?.self)
        return c
    }

    package static func stepColumns(_ c: EnforcementCase) -> [(String, BulkUpdate.Kind, SQLBind)] {
        [("entered_on", .text, SQLBind(c.enteredOn.description)), ("decision_due", .text, SQLBind(c.decisionDue.description)),
         ("extended", .bool, SQLBind(c.extended)), ("article", .text, SQLBind(c.article?.rawValue)), ("goods_value", .double, SQLBind(c.goodsValue)),
         ("fine", .double, SQLBind(c.fine)), ("confiscation", .double, SQLBind(c.confiscation)), ("case_value", .double, SQLBind(c.caseValue)),
         ("decided_on", .text, SQLBind(c.decidedOn?.description)), ("closed_on", .text, SQLBind(c.closedOn?.description)),
         ("referral_decided_on", .text, SQLBind(c.referralDecidedOn?.description)), ("referred_on", .text, SQLBind(c.referredOn?.description)),
         ("discipline_sent_on", .text, SQLBind(c.disciplineSentOn?.description)), ("discipline_feedback", .text, SQLBind(c.disciplineFeedback))]
    }

    static let insertColumns = ["lead_id", "lead_source", "batch_id", "enterprise_id", "district_code", "handler", "article", "summary", "state", "filed_on",
                                "entered_on", "decision_due", "created_by", "created_at", "updated_at"]

    static func insertRow(_ c: EnforcementCase, by user: String, at now: String) -> [any SQLExpression] {
        [SQLBind(c.leadId), SQLBind(c.leadSource.rawValue), SQLBind(c.batchId), SQLBind(c.enterpriseId), SQLBind(c.districtCode),
         SQLBind(c.handler.rawValue), SQLBind(c.article?.rawValue), SQLBind(c.summary), SQLBind(c.state.rawValue),
         SQLBind(c.filedOn.description), SQLBind(c.enteredOn.description), SQLBind(c.decisionDue.description), SQLBind(user),
         SQLBind(now), SQLBind(now)]
    }

    /// A new case from a filed lead, in the filing's transaction; its id.
    static func insert(_ db: any SQLDatabase, _ c: EnforcementCase, by user: String, at now: String) async throws -> Int64 {
        try await db.insert(into: "cases").columns(insertColumns).values(insertRow(c, by: user, at: now))
            .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
    }

    /// Many new cases in few statements; their ids in the order given.
    static func insert(_ db: any SQLDatabase, _ cases: [(EnforcementCase, String)], at now: String) async throws -> [Int64] {
        try await BulkInsert.run(db, "cases", insertColumns, cases.map { insertRow($0.0, by: $0.1, at: now) }, returning: ["id"])
            .map { try $0.decode(column: "id", as: Int64.self) }
    }

    /// The open cases a principal handles, for the workbench.
    public func open(as p: Principal, today _: Day) async throws -> [EnforcementCase] {
        var f = Filter()
        f.open = true
        return try await page(f, limit: 10_000, offset: 0, as: p).items
    }
}

extension CaseRepository: BulkWorkflowRecords {
    public typealias Kind = CaseKind
    package static let table = "cases"

    package static func withVersion(_ c: EnforcementCase, _ version: Int) -> EnforcementCase {
        var c = c
        c.version = version
        return c
    }

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<CaseKind>, before: EnforcementCase) async throws -> EnforcementCase {
        try await WorkflowRows.update(db, "cases", id: before.id, version: before.version, from: before.state.rawValue,
                                      to: step.record.state.rawValue, setting: stepColumns(step.record).map { ($0.0, $0.2) })
        var after = step.record
        after.version = before.version + 1
        return after
    }

    /// A serious violation notifies the issuers of the enterprise's valid certificates (SPEC EN-2).
    public static func record(_ db: any SQLDatabase, _ step: StepOutcome<CaseKind>, before: EnforcementCase, context: BasicContext, by p: Principal,
                              at now: String) async throws {
        guard let reason = step.effects.notifyIssuers else { return }
        try await IssuerNoticeRepository.notify(db, case: step.record, reason: reason, on: context.today, by: p, at: now)
    }
}

extension CaseRepository: OpenRecordDuties {}
