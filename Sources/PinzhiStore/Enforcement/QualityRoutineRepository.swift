import PinzhiDomain
import SQLKit

/// The enterprise's 日管控 / 周排查 / 月调度 records and its 风险管控清单 (SPEC EN-4): written from the enterprise's own
/// account only, read by whoever reads its officers (OfficerPolicy); each write audited.
public struct QualityRoutineRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// Whether a principal may read the enterprise's records: nil when it is outside their scope (not found).
    static func readable(_ db: any SQLDatabase, enterpriseId: Int64, _ p: Principal) async throws -> Bool {
        guard OfficerPolicy.readerRoles.contains(p.role) else { throw StoreError.forbidden }
        if p.role == .enterpriseUser { return p.enterpriseId == enterpriseId }
        guard let row = try await db.select().column("district_code").from("enterprises").where("id", .equal, SQLBind(enterpriseId)).first()
        else { return false }
        switch OfficerPolicy.districtScope(p) {
        case .some(nil): return true
        case .some(let code?): return try row.decode(column: "district_code", as: String?.self) == code
        case nil: return false
        }
    }

    /// Whether the enterprise's officers and records are within the principal's scope.
    public func canRead(enterpriseId: Int64, as p: Principal) async throws -> Bool {
        try await database.session { db in try await Self.readable(db, enterpriseId: enterpriseId, p) }
    }

    /// The enterprise's own account writes; a bureau that reads the enterprise is refused, anyone else finds nothing.
    static func writable(_ db: any SQLDatabase, enterpriseId: Int64, _ p: Principal) async throws {
        guard try await readable(db, enterpriseId: enterpriseId, p) else { throw StoreError.notFound }
        guard p.role == .enterpriseUser else { throw StoreError.forbidden }
    }

    // MARK: Routine records

    public func routines(enterpriseId: Int64, kind: RoutineKind? = nil, limit: Int, offset: Int, as p: Principal) async throws -> Page<RoutineRecord> {
        try await database.session { db in
            guard try await Self.readable(db, enterpriseId: enterpriseId, p) else { throw StoreError.notFound }
            var q = db.select().from(SQLAlias(SQLIdentifier("routine_records"), as: SQLIdentifier("r")))
                .where(SQLColumn("enterprise_id", table: "r"), .equal, SQLBind(enterpriseId))
            if let kind { q = q.where(SQLColumn("kind", table: "r"), .equal, SQLBind(kind.rawValue)) }
            let total = try await q.column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").first()?.decode(column: "n", as: Int.self) ?? 0
            var rows = db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("r"))).column(SQLColumn("name", table: "o"), as: "officer_name")
                .from(SQLAlias(SQLIdentifier("routine_records"), as: SQLIdentifier("r")))
                .join(SQLAlias(SQLIdentifier("safety_officers"), as: SQLIdentifier("o")), method: SQLJoinMethod.left, on: SQLColumn("officer_id", table: "r"),
                      .equal, SQLColumn("id", table: "o"))
                .where(SQLColumn("enterprise_id", table: "r"), .equal, SQLBind(enterpriseId))
            if let kind { rows = rows.where(SQLColumn("kind", table: "r"), .equal, SQLBind(kind.rawValue)) }
            let items = try await rows.orderBy(SQLColumn("period", table: "r"), SQLDirection.descending).orderBy(SQLColumn("id", table: "r"), SQLDirection.descending)
                .limit(limit).offset(offset).all().map(Self.routine)
            return Page(items: items, total: total, offset: offset, limit: limit)
        }
    }

    static func routine(_ row: any SQLRow) throws -> RoutineRecord {
        RoutineRecord(id: try row.decode(column: "id", as: Int64.self), enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                      kind: RoutineKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .daily,
                      period: try EnforcementScope.day(row, "period") ?? Day(year: 1970, month: 1, day: 1)!,
                      officerId: try row.decode(column: "officer_id", as: Int64?.self), officerName: try row.decode(column: "officer_name", as: String?.self),
                      summary: try row.decode(column: "summary", as: String.self), problemsFound: try row.decode(column: "problems_found", as: Int.self),
                      problemsFixed: try row.decode(column: "problems_fixed", as: Int.self), filedBy: try row.decode(column: "filed_by", as: String.self),
                      filedAt: try row.decode(column: "filed_at", as: String.self))
    }

    /// Files one record from the form (QualityRoutine.check): one per enterprise, kind and period.
    public func file(_ input: [String: String], enterpriseId: Int64, today: Day, as p: Principal) async throws -> RoutineRecord {
        try await database.transaction { db in
            try await Self.writable(db, enterpriseId: enterpriseId, p)
            var form = StepForm(input.mapValues(\.trimmed), specs: QualityRoutine.fields)
            let officers = try await SafetyOfficerRepository.active(db, enterpriseId: enterpriseId)
            guard let r = QualityRoutine.check(&form, enterpriseId: enterpriseId, officers: officers, today: today) else {
                try form.finish()
                throw StoreError.invalid(ValidationFailure([FieldError("kind", "请选择类别")]))
            }
            let existing = try await db.select().column("id").from("routine_records").where("enterprise_id", .equal, SQLBind(enterpriseId))
                .where("kind", .equal, SQLBind(r.kind.rawValue)).where("period", .equal, SQLBind(r.period.description)).first()
            if existing != nil {
                let what = r.kind == .daily ? "\(r.period)的日管控记录" : r.kind == .weekly ? "\(r.period)起一周的周排查报告" : "\(r.period.year)年\(r.period.month)月的月调度纪要"
                throw StoreError.invalid(ValidationFailure([FieldError("day", "\(what)已填报")]))
            }
            let now = Clock.nowText()
            let id = try await db.insert(into: "routine_records")
                .columns(["enterprise_id", "kind", "period", "officer_id", "summary", "problems_found", "problems_fixed", "filed_by", "filed_at"])
                .values([SQLBind(enterpriseId), SQLBind(r.kind.rawValue), SQLBind(r.period.description), SQLBind(r.officerId), SQLBind(r.summary),
                         SQLBind(r.problemsFound), SQLBind(r.problemsFixed), SQLBind(p.username), SQLBind(now)])
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            var saved = r
            saved.id = id
            saved.filedBy = p.username
            saved.filedAt = now
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: "routine_record", entityId: id,
                                      summary: "填报\(r.kind.label)（\(r.period)）", before: nil, after: AuditLog.json(saved))
            return saved
        }
    }

    // MARK: The risk-control list

    public func riskControls(enterpriseId: Int64, includeInactive: Bool = false, as p: Principal) async throws -> [RiskControl] {
        try await database.session { db in
            guard try await Self.readable(db, enterpriseId: enterpriseId, p) else { throw StoreError.notFound }
            var q = db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("c"))).column(SQLColumn("name", table: "o"), as: "officer_name")
                .from(SQLAlias(SQLIdentifier("risk_controls"), as: SQLIdentifier("c")))
                .join(SQLAlias(SQLIdentifier("safety_officers"), as: SQLIdentifier("o")), method: SQLJoinMethod.left, on: SQLColumn("officer_id", table: "c"),
                      .equal, SQLColumn("id", table: "o"))
                .where(SQLColumn("enterprise_id", table: "c"), .equal, SQLBind(enterpriseId))
            if !includeInactive { q = q.where(SQLColumn("active", table: "c"), .equal, SQLBind(true)) }
            return try await q.orderBy(SQLColumn("id", table: "c")).all().map { row in
                RiskControl(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self), enterpriseId: enterpriseId, hazard: try row.decode(column: "hazard", as: String.self),
                            measure: try row.decode(column: "measure", as: String.self),
                            level: RiskLevel(rawValue: try row.decode(column: "level", as: String.self)) ?? .low,
                            officerId: try row.decode(column: "officer_id", as: Int64?.self), officerName: try row.decode(column: "officer_name", as: String?.self),
                            active: try row.decode(column: "active", as: Bool.self))
            }
        }
    }

    /// Adds an entry to the enterprise's list; the officer answering for it must be one of its own in post.
    public func addRiskControl(_ input: [String: String], enterpriseId: Int64, as p: Principal) async throws -> RiskControl {
        try await database.transaction { db in
            try await Self.writable(db, enterpriseId: enterpriseId, p)
            var form = StepForm(input.mapValues(\.trimmed), specs: RiskControl.fields)
            form.minLength("hazard", 2, "请写明风险点（至少2个字）")
            form.minLength("measure", 4, "请写明管控措施（至少4个字）")
            var officer: SafetyOfficer?
            if let text = form["officerId"] {
                let active = try await SafetyOfficerRepository.active(db, enterpriseId: enterpriseId)
                officer = Int64(text).flatMap { id in active.first { $0.id == id } }
                if officer == nil { form.fail("officerId", "请选择本企业在岗的质量安全人员") }
            }
            try form.finish()
            let level = form["level"].flatMap(RiskLevel.init(codeOrLabel:)) ?? .low
            let now = Clock.nowText()
            let id = try await db.insert(into: "risk_controls")
                .columns(["enterprise_id", "hazard", "measure", "level", "officer_id", "active", "created_by", "created_at", "updated_at"])
                .values([SQLBind(enterpriseId), SQLBind(form["hazard"] ?? ""), SQLBind(form["measure"] ?? ""), SQLBind(level.rawValue), SQLBind(officer?.id),
                         SQLBind(true), SQLBind(p.username), SQLBind(now), SQLBind(now)])
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            let saved = RiskControl(id: id, enterpriseId: enterpriseId, hazard: form["hazard"] ?? "", measure: form["measure"] ?? "", level: level,
                                    officerId: officer?.id, officerName: officer?.name)
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: "risk_control", entityId: id,
                                      summary: "风险管控清单新增：\(saved.hazard)（\(level.label)）", before: nil, after: AuditLog.json(saved))
            return saved
        }
    }

    /// Takes an entry off the list (kept, marked inactive, audited), if it is still the version the person saw.
    public func removeRiskControl(_ id: Int64, enterpriseId: Int64, expectedVersion: Int?, as p: Principal) async throws {
        try await database.transaction { db in
            try await Self.writable(db, enterpriseId: enterpriseId, p)
            guard let current = try await db.select().columns("hazard", "version").from("risk_controls").where("id", .equal, SQLBind(id))
                .where("enterprise_id", .equal, SQLBind(enterpriseId)).where("active", .equal, SQLBind(true)).first() else { throw StoreError.notFound }
            let version = try current.decode(column: "version", as: Int.self)
            guard let expectedVersion else { throw StoreError.invalid(ValidationFailure([FieldError("version", "缺少版本号，请刷新页面后重试")])) }
            guard expectedVersion == version else { throw StoreError.staleVersion(current: version) }
            try await db.update("risk_controls").set("active", to: SQLBind(false)).set(SQLIdentifier("version"), to: SQLRaw("version + 1"))
                .set("updated_at", to: SQLBind(Clock.nowText())).where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(version)).run()
            try await AuditLog.append(db, actor: AuditActor(p), action: "deactivate", entity: "risk_control", entityId: id,
                                      summary: "风险管控清单移除：\(try current.decode(column: "hazard", as: String.self))", before: nil, after: nil)
        }
    }
}
