import PinzhiDomain
import SQLKit

/// Notices to the issuers of certificates (SPEC EN-2): written with the case step that establishes a serious
/// violation (CaseRepository.record), read in the enforcement scope (EnforcementScope), answered through the
/// workflow engine (IssuerNoticeKind); a revocation or suspension is written to the certificate in the same step.
public struct IssuerNoticeRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Filter: Sendable {
        public var state: IssuerNoticeState?
        public var district: String?
        public var year: Int?
        public var search: String?
        public var enterpriseId: Int64?
        public var caseId: Int64?
        public init() {}
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        EnforcementScope.joined(db, "issuer_notices", as: "n") {
            $0.column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("n"))).column(SQLColumn("name", table: "e"), as: "enterprise_name")
        }
    }

    static func where_(_ q: SQLSelectBuilder, _ f: Filter, _ p: Principal) -> SQLSelectBuilder {
        var q = EnforcementScope.filtered(EnforcementScope.visible(q, p, table: "n"), table: "n", dayColumn: "sent_on", state: f.state?.rawValue,
                                          district: f.district, year: f.year, search: f.search, enterpriseId: f.enterpriseId, textColumn: "issuer")
        if let c = f.caseId { q = q.where(SQLColumn("case_id", table: "n"), .equal, SQLBind(c)) }
        return q
    }

    /// The notices of the filter, newest first.
    public func page(_ f: Filter, limit: Int, offset: Int, as p: Principal) async throws -> Page<IssuerNotice> {
        try await database.session { db in
            try await EnforcementScope.page(db, "issuer_notices", as: "n", search: f.search, filtered: { Self.where_($0, f, p) }, rows: Self.select(db),
                                            order: [(SQLColumn("sent_on", table: "n"), .descending), (SQLColumn("id", table: "n"), .descending)],
                                            decode: Self.decode, limit: limit, offset: offset)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> IssuerNotice? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> IssuerNotice? {
        try await EnforcementScope.visible(select(db).where(SQLColumn("id", table: "n"), .equal, SQLBind(id)), p, table: "n").first().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> IssuerNotice {
        let sent = try EnforcementScope.day(row, "sent_on") ?? Day(year: 1970, month: 1, day: 1)!
        var n = IssuerNotice(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                             caseId: try row.decode(column: "case_id", as: Int64.self), licenceId: try row.decode(column: "licence_id", as: Int64.self),
                             licenceKind: LicenceKind(rawValue: try row.decode(column: "licence_kind", as: String.self)) ?? .production,
                             licenceNumber: try row.decode(column: "licence_number", as: String.self), issuer: try row.decode(column: "issuer", as: String.self),
                             enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                             enterpriseName: try row.decode(column: "enterprise_name", as: String.self),
                             districtCode: try row.decode(column: "district_code", as: String?.self),
                             handler: CaseHandler(rawValue: try row.decode(column: "handler", as: String.self)) ?? .district,
                             reason: try row.decode(column: "reason", as: String.self),
                             state: IssuerNoticeState(rawValue: try row.decode(column: "state", as: String.self)) ?? .sent, sentOn: sent)
        n.enteredOn = try EnforcementScope.day(row, "entered_on") ?? sent
        n.measure = try row.decode(column: "measure", as: String?.self).flatMap(IssuerMeasure.init(rawValue:))
        n.answer = try row.decode(column: "answer", as: String?.self)
        n.answeredOn = try EnforcementScope.day(row, "answered_on")
        return n
    }

    /// One notice per valid certificate of the case's enterprise that has none for this case yet, each audited;
    /// called in the transaction of the case step (CaseRepository.record). Returns how many were written.
    @discardableResult
    static func notify(_ db: any SQLDatabase, case c: EnforcementCase, reason: String, on day: Day, by p: Principal, at now: String) async throws -> Int {
        let licences = try await db.select().columns("id", "licence_kind", "number", "issuer").from("licences")
            .where("enterprise_id", .equal, SQLBind(c.enterpriseId)).where("active", .equal, SQLBind(true))
            .where("status", .equal, SQLBind(LicenceStatus.valid.rawValue))
            .where(SQLQueryString("id NOT IN (SELECT licence_id FROM issuer_notices WHERE case_id = \(bind: c.id))")).orderBy("id").all()
        for row in licences {
            let kind = LicenceKind(rawValue: try row.decode(column: "licence_kind", as: String.self)) ?? .production
            let number = try row.decode(column: "number", as: String.self), issuer = try row.decode(column: "issuer", as: String.self)
            let id = try await db.insert(into: "issuer_notices")
                .columns(["case_id", "licence_id", "licence_kind", "licence_number", "issuer", "enterprise_id", "district_code", "handler", "reason",
                          "state", "sent_on", "entered_on", "created_by", "created_at", "updated_at"])
                .values([SQLBind(c.id), SQLBind(try row.decode(column: "id", as: Int64.self)), SQLBind(kind.rawValue), SQLBind(number), SQLBind(issuer),
                         SQLBind(c.enterpriseId), SQLBind(c.districtCode), SQLBind(c.handler.rawValue), SQLBind(reason),
                         SQLBind(IssuerNoticeState.sent.rawValue), SQLBind(day.description), SQLBind(day.description), SQLBind(p.username),
                         SQLBind(now), SQLBind(now)])
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            guard let saved = try await find(db, id, p) else { throw StoreError.internalError("通报写入后未能读出") }
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: IssuerNoticeKind.name, entityId: id,
                                      summary: "通报发证机关\(issuer)：\(c.enterpriseName)的\(kind.label)\(number)。\(reason)", before: nil,
                                      after: AuditLog.json(saved))
        }
        return licences.count
    }

    /// The unanswered notices a principal may read, for the workbench.
    public func open(as p: Principal, today _: Day) async throws -> [IssuerNotice] {
        var f = Filter()
        f.state = .sent
        return try await page(f, limit: 10_000, offset: 0, as: p).items
    }
}

extension IssuerNoticeRepository: WorkflowRecords {
    public typealias Kind = IssuerNoticeKind

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<IssuerNoticeKind>, before: IssuerNotice) async throws -> IssuerNotice {
        let n = step.record
        try await WorkflowRows.update(db, table, id: n.id, version: before.version, from: before.state.rawValue, to: n.state.rawValue,
                                      setting: stepColumns(n).map { ($0.0, $0.2) })
        try await applyMeasure(db, n, at: Clock.nowText())
        return withVersion(n, before.version + 1)
    }

    /// A revoked or suspended certificate stops being valid (the expiry warnings and the enterprise's page read it).
    static func applyMeasure(_ db: any SQLDatabase, _ n: IssuerNotice, at now: String) async throws {
        guard let status = n.measure?.licenceStatus else { return }
        try await db.update("licences").set("status", to: SQLBind(status.rawValue)).set(SQLIdentifier("version"), to: SQLRaw("version + 1"))
            .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(n.licenceId)).run()
    }
}

extension IssuerNoticeRepository: BulkWorkflowRecords {
    package static let table = "issuer_notices"

    package static func stepColumns(_ n: IssuerNotice) -> [(String, BulkUpdate.Kind, SQLBind)] {
        [("entered_on", .text, SQLBind(n.enteredOn.description)), ("measure", .text, SQLBind(n.measure?.rawValue)),
         ("answer", .text, SQLBind(n.answer)), ("answered_on", .text, SQLBind(n.answeredOn?.description))]
    }

    package static func withVersion(_ n: IssuerNotice, _ version: Int) -> IssuerNotice {
        var n = n
        n.version = version
        return n
    }

    /// Many answers at once (the generator): the rows are the recorder's, the certificates' status each answer's own,
    /// as `save` writes it for one.
    package static func recordAll(_ db: any SQLDatabase, _ steps: [RecordedStep<IssuerNoticeKind>], at now: String) async throws {
        for s in steps { try await applyMeasure(db, s.step.record, at: now) }
    }
}

extension IssuerNoticeRepository: OpenRecordDuties {}
