import PinzhiDomain
import SQLKit

/// Quality-safety officers (SPEC EN-4): appointed by the enterprise (or a bureau for it), read in OfficerPolicy's
/// scope, moved through the workflow engine (SafetyOfficerKind); scoring an assessment writes the drawn item.
public struct SafetyOfficerRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Filter: Sendable {
        public var state: OfficerState?
        public var role: OfficerRole?
        public var active: Bool?
        public var district: String?
        public var enterpriseId: Int64?
        public var search: String?
        /// Officers drawn for an assessment and not yet scored.
        public var pendingAssessment: Bool?
        public init() {}
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        EnforcementScope.joined(db, "safety_officers", as: "o") {
            $0.column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("o"))).column(SQLColumn("name", table: "e"), as: "enterprise_name")
                .column(SQLQueryString("(SELECT MIN(i.id) FROM officer_assessment_items i WHERE i.officer_id = o.id AND i.score IS NULL)"),
                        as: "pending_assessment")
        }
    }

    /// The officers a principal may read: all for the city and 执法总队, a district's own, an enterprise's own.
    static func visible<B: SQLPredicateBuilder>(_ q: B, _ p: Principal, table: String = "o") -> B {
        if p.role == .enterpriseUser { return q.where(SQLColumn(SQLIdentifier("enterprise_id"), table: SQLIdentifier(table)), .equal, SQLBind(p.enterpriseId ?? -1)) }
        switch OfficerPolicy.districtScope(p) {
        case .some(nil): return q
        case .some(let code?): return q.where(SQLColumn(SQLIdentifier("district_code"), table: SQLIdentifier(table)), .equal, SQLBind(code))
        case nil: return q.where(SQLRaw("1 = 0"))
        }
    }

    static func where_(_ q: SQLSelectBuilder, _ f: Filter, _ p: Principal) -> SQLSelectBuilder {
        var q = visible(q, p)
        if let s = f.state { q = q.where(SQLColumn("state", table: "o"), .equal, SQLBind(s.rawValue)) }
        if let r = f.role { q = q.where(SQLColumn("role", table: "o"), .equal, SQLBind(r.rawValue)) }
        if let a = f.active { q = q.where(SQLColumn("state", table: "o"), a ? .notEqual : .equal, SQLBind(OfficerState.dismissed.rawValue)) }
        if let d = f.district, !d.isEmpty { q = q.where(SQLColumn("district_code", table: "o"), .equal, SQLBind(d)) }
        if let e = f.enterpriseId { q = q.where(SQLColumn("enterprise_id", table: "o"), .equal, SQLBind(e)) }
        if let pending = f.pendingAssessment {
            q = q.where(SQLQueryString("\(unsafeRaw: pending ? "" : "NOT ")EXISTS (SELECT 1 FROM officer_assessment_items i WHERE i.officer_id = o.id AND i.score IS NULL)"))
        }
        if let s = f.search?.trimmed, !s.isEmpty {
            q = q.where { g in g.where(SQLColumn("name", table: "e"), .like, SQLBind("%\(s)%")).orWhere(SQLColumn("name", table: "o"), .like, SQLBind("%\(s)%")) }
        }
        return q
    }

    public func page(_ f: Filter, limit: Int, offset: Int, as p: Principal) async throws -> Page<SafetyOfficer> {
        try await database.session { db in
            try await EnforcementScope.page(db, "safety_officers", as: "o", search: f.search, filtered: { Self.where_($0, f, p) }, rows: Self.select(db),
                                            order: [(SQLColumn("enterprise_id", table: "o"), .ascending), (SQLColumn("id", table: "o"), .ascending)],
                                            decode: Self.decode, limit: limit, offset: offset)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> SafetyOfficer? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> SafetyOfficer? {
        try await visible(select(db).where(SQLColumn("id", table: "o"), .equal, SQLBind(id)), p).first().map(decode)
    }

    /// The active officers of one enterprise, as the routine's form offers them.
    public static func active(_ db: any SQLDatabase, enterpriseId: Int64) async throws -> [SafetyOfficer] {
        try await select(db).where(SQLColumn("enterprise_id", table: "o"), .equal, SQLBind(enterpriseId))
            .where(SQLColumn("state", table: "o"), .notEqual, SQLBind(OfficerState.dismissed.rawValue)).orderBy(SQLColumn("id", table: "o")).all().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> SafetyOfficer {
        let appointed = try EnforcementScope.day(row, "appointed_on") ?? Day(year: 1970, month: 1, day: 1)!
        var o = SafetyOfficer(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                              enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                              enterpriseName: try row.decode(column: "enterprise_name", as: String.self),
                              districtCode: try row.decode(column: "district_code", as: String?.self),
                              role: OfficerRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .officer,
                              name: try row.decode(column: "name", as: String.self), phone: try row.decode(column: "phone", as: String?.self),
                              appointedOn: appointed, appointmentDocument: try row.decode(column: "appointment_document", as: String.self),
                              state: OfficerState(rawValue: try row.decode(column: "state", as: String.self)) ?? .appointed)
        o.enteredOn = try EnforcementScope.day(row, "entered_on") ?? appointed
        o.trainedOn = try EnforcementScope.day(row, "trained_on")
        o.trainingHours = try row.decode(column: "training_hours", as: Int.self)
        o.dismissedOn = try EnforcementScope.day(row, "dismissed_on")
        o.pendingAssessment = try row.decode(column: "pending_assessment", as: Int64?.self)
        o.lastScore = try row.decode(column: "last_score", as: Int?.self)
        o.lastPassed = try row.decode(column: "last_passed", as: Bool?.self)
        return o
    }

    /// An appointment, checked by `SafetyOfficerKind.checkAppointment`.
    public struct Appointment: Sendable {
        public var role: OfficerRole
        public var name: String
        public var phone: String?
        public var appointedOn: Day
        public var appointmentDocument: String

        public init(role: OfficerRole, name: String, phone: String?, appointedOn: Day, appointmentDocument: String) {
            self.role = role
            self.name = name
            self.phone = phone
            self.appointedOn = appointedOn
            self.appointmentDocument = appointmentDocument
        }

        public init?(_ form: StepForm) {
            guard let role = form["role"].flatMap(OfficerRole.init(codeOrLabel:)), let day = form["appointedOn"].flatMap(Day.init) else { return nil }
            self.init(role: role, name: form["name"] ?? "", phone: form["phone"].flatMap { $0.isEmpty ? nil : $0 }, appointedOn: day,
                      appointmentDocument: form["appointmentDocument"] ?? "")
        }
    }

    /// Appoints an officer of an enterprise, audited: the enterprise itself, or the city or its district for it.
    /// An enterprise has one 质量安全总监 at a time: a new one is refused until the old one is dismissed.
    public func appoint(_ a: Appointment, enterpriseId: Int64, as p: Principal) async throws -> SafetyOfficer {
        try await database.transaction { db in
            guard let row = try await db.select().columns("id", "district_code").from("enterprises").where("id", .equal, SQLBind(enterpriseId)).first()
            else { throw StoreError.notFound }
            let district = try row.decode(column: "district_code", as: String?.self)
            let mayAppoint = (p.role == .enterpriseUser && p.enterpriseId == enterpriseId) || OfficerPolicy.follows(p, districtCode: district)
            guard mayAppoint else {
                // Outside the reader's scope the enterprise does not exist; inside it, appointing is refused.
                if p.role == .enterpriseUser || (p.role == .districtSupervisor && p.districtCode != district) { throw StoreError.notFound }
                throw StoreError.forbidden
            }
            if a.role == .director, try await Self.active(db, enterpriseId: enterpriseId).contains(where: { $0.role == .director }) {
                throw StoreError.invalid(ValidationFailure([FieldError("role", "本企业已有在岗的质量安全总监，请先将其免职再任命")]))
            }
            let now = Clock.nowText()
            let id = try await db.insert(into: "safety_officers")
                .columns(["enterprise_id", "district_code", "role", "name", "phone", "appointed_on", "appointment_document", "state", "entered_on",
                          "created_by", "created_at", "updated_at"])
                .values([SQLBind(enterpriseId), SQLBind(district), SQLBind(a.role.rawValue), SQLBind(a.name.trimmed), SQLBind(a.phone?.trimmed),
                         SQLBind(a.appointedOn.description), SQLBind(a.appointmentDocument.trimmed), SQLBind(OfficerState.appointed.rawValue),
                         SQLBind(a.appointedOn.description), SQLBind(p.username), SQLBind(now), SQLBind(now)])
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            guard let saved = try await Self.find(db, id, p) else { throw StoreError.internalError("任命写入后未能读出") }
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: SafetyOfficerKind.name, entityId: id,
                                      summary: "任命\(saved.role.label)\(saved.name)：\(saved.enterpriseName)（\(a.appointmentDocument)）", before: nil,
                                      after: AuditLog.json(saved))
            return saved
        }
    }

    /// The enterprise of a USCC within the principal's scope (a bureau appointing for it), nil if none.
    public func enterpriseId(uscc: String, as p: Principal) async throws -> Int64? {
        try await database.session { db in
            var q = db.select().column("id").from("enterprises").where("uscc", .equal, SQLBind(uscc.trimmed.uppercased()))
            switch OfficerPolicy.districtScope(p) {
            case .some(nil): break
            case .some(let code?): q = q.where("district_code", .equal, SQLBind(code))
            case nil: return nil
            }
            return try await q.first()?.decode(column: "id", as: Int64.self)
        }
    }

    /// Officers a principal owes a step, for the workbench: new appointments to train, drawn officers to score.
    public func open(as p: Principal, today _: Day) async throws -> [SafetyOfficer] {
        try await database.session { db in
            try await Self.where_(Self.select(db), Filter(), p)
                .where { g in
                    g.where(SQLColumn("state", table: "o"), .equal, SQLBind(OfficerState.appointed.rawValue))
                        .orWhere(SQLQueryString("EXISTS (SELECT 1 FROM officer_assessment_items i WHERE i.officer_id = o.id AND i.score IS NULL)"))
                }
                .orderBy(SQLColumn("id", table: "o")).limit(10_000).all().map(Self.decode)
        }
    }
}

extension SafetyOfficerRepository: WorkflowRecords {
    public typealias Kind = SafetyOfficerKind

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<SafetyOfficerKind>, before: SafetyOfficer) async throws -> SafetyOfficer {
        let o = step.record
        try await WorkflowRows.update(db, "safety_officers", id: o.id, version: before.version, from: before.state.rawValue, to: o.state.rawValue,
                                      setting: [("entered_on", SQLBind(o.enteredOn.description)), ("trained_on", SQLBind(o.trainedOn?.description)),
                                                ("training_hours", SQLBind(o.trainingHours)), ("dismissed_on", SQLBind(o.dismissedOn?.description)),
                                                ("last_score", SQLBind(o.lastScore)), ("last_passed", SQLBind(o.lastPassed))])
        var after = o
        after.version = before.version + 1
        return after
    }

    /// A score is written to the drawn item, once.
    public static func record(_ db: any SQLDatabase, _ step: StepOutcome<SafetyOfficerKind>, before: SafetyOfficer, context: BasicContext, by p: Principal,
                              at now: String) async throws {
        guard let s = step.effects.score else { return }
        let updated = try await db.update("officer_assessment_items").set("score", to: SQLBind(s.score)).set("passed", to: SQLBind(s.passed))
            .set("assessed_on", to: SQLBind(s.day.description)).set("note", to: SQLBind(s.note))
            .where("id", .equal, SQLBind(s.item)).where("officer_id", .equal, SQLBind(before.id)).where("score", .is, SQLLiteral.null)
            .returning("id").first()
        guard updated != nil else { throw StoreError.conflict("该考核已评分") }
    }
}

extension SafetyOfficerRepository: OpenRecordDuties {}
