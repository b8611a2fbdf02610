import PinzhiDomain
import SQLKit

/// "三书一函" (SPEC EN-3): drafted by a bureau, read by the issuer, the addressee once sent, the addressed
/// enterprise's district and 执法总队; moved through the workflow engine (LetterKind); escalating one drafts the next
/// in the same transaction.
public struct LetterRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Filter: Sendable {
        public var state: LetterState?
        public var type: LetterType?
        public var target: LetterTarget?
        public var open: Bool?
        public var district: String?
        public var year: Int?
        public var search: String?
        public var enterpriseId: Int64?
        public init() {}
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        EnforcementScope.joined(db, "letters", as: "t", method: .left) {
            $0.column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("t"))).column(SQLColumn("name", table: "e"), as: "enterprise_name")
        }
    }

    /// The letters a principal may read: the issuing bureau's own (drafts too); once sent, the addressee's, the
    /// district's that follows it, and all for the city and 执法总队.
    static func visible(_ q: SQLSelectBuilder, _ p: Principal) -> SQLSelectBuilder {
        let unsent = SQLBind.group(LetterState.unsent.map(\.rawValue).sorted())
        switch p.role {
        case .cityAdmin, .citySupervisor:
            return q.where { g in g.where(SQLColumn("issuer_district", table: "t"), .is, SQLLiteral.null).orWhere(SQLColumn("state", table: "t"), .notIn, unsent) }
        case .enforcementOfficer:
            return q.where(SQLColumn("state", table: "t"), .notIn, unsent)
        case .districtSupervisor:
            let code = p.districtCode ?? ""
            return q.where { g in
                g.where(SQLColumn("issuer_district", table: "t"), .equal, SQLBind(code)).orWhere { h in
                    h.where(SQLColumn("district_code", table: "t"), .equal, SQLBind(code)).where(SQLColumn("state", table: "t"), .notIn, unsent)
                }
            }
        case .enterpriseUser:
            return q.where(SQLColumn("target", table: "t"), .equal, SQLBind(LetterTarget.enterprise.rawValue))
                .where(SQLColumn("enterprise_id", table: "t"), .equal, SQLBind(p.enterpriseId ?? -1))
                .where(SQLColumn("state", table: "t"), .notIn, unsent)
        default:
            return q.where(SQLRaw("1 = 0"))
        }
    }

    static func where_(_ q: SQLSelectBuilder, _ f: Filter, _ p: Principal) -> SQLSelectBuilder {
        var q = EnforcementScope.filtered(visible(q, p), table: "t", dayColumn: "created_on", state: f.state?.rawValue, district: f.district,
                                          year: f.year, search: f.search, enterpriseId: f.enterpriseId, textColumn: "reason")
        if let t = f.type { q = q.where(SQLColumn("letter_type", table: "t"), .equal, SQLBind(t.rawValue)) }
        if let t = f.target { q = q.where(SQLColumn("target", table: "t"), .equal, SQLBind(t.rawValue)) }
        if let open = f.open {
            q = q.where(SQLColumn("state", table: "t"), open ? .notIn : .in, SQLBind.group(LetterState.finished.map(\.rawValue).sorted()))
        }
        return q
    }

    /// The letters of the filter, newest first.
    public func page(_ f: Filter, limit: Int, offset: Int, as p: Principal) async throws -> Page<Letter> {
        try await database.session { db in
            try await EnforcementScope.page(db, "letters", as: "t", method: .left, search: f.search, filtered: { Self.where_($0, f, p) }, rows: Self.select(db),
                                            order: [(SQLColumn("created_on", table: "t"), .descending), (SQLColumn("id", table: "t"), .descending)],
                                            decode: Self.decode, limit: limit, offset: offset)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> Letter? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> Letter? {
        try await visible(select(db).where(SQLColumn("id", table: "t"), .equal, SQLBind(id)), p).first().map(decode)
    }

    static func decode(_ row: any SQLRow) throws -> Letter {
        let created = try EnforcementScope.day(row, "created_on") ?? Day(year: 1970, month: 1, day: 1)!
        var l = Letter(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                       type: LetterType(rawValue: try row.decode(column: "letter_type", as: String.self)) ?? .reminder,
                       target: LetterTarget(rawValue: try row.decode(column: "target", as: String.self)) ?? .enterprise,
                       enterpriseId: try row.decode(column: "enterprise_id", as: Int64?.self),
                       enterpriseName: try row.decode(column: "enterprise_name", as: String?.self),
                       districtCode: try row.decode(column: "district_code", as: String?.self),
                       issuerDistrict: try row.decode(column: "issuer_district", as: String?.self),
                       reason: try row.decode(column: "reason", as: String.self),
                       requiredActions: try row.decode(column: "required_actions", as: String.self),
                       deadline: try EnforcementScope.day(row, "deadline") ?? created,
                       linkedRecords: try row.decode(column: "linked_records", as: String?.self),
                       state: LetterState(rawValue: try row.decode(column: "state", as: String.self)) ?? .draft, createdOn: created,
                       escalatedFrom: try row.decode(column: "escalated_from", as: Int64?.self))
        l.enteredOn = try EnforcementScope.day(row, "entered_on") ?? created
        l.signer = try row.decode(column: "signer", as: String?.self)
        l.issuedOn = try EnforcementScope.day(row, "issued_on")
        l.servedOn = try EnforcementScope.day(row, "served_on")
        l.reply = try row.decode(column: "reply", as: String?.self)
        l.repliedOn = try EnforcementScope.day(row, "replied_on")
        l.interviewRecord = try row.decode(column: "interview_record", as: String?.self)
        l.verificationNote = try row.decode(column: "verification_note", as: String?.self)
        l.verifiedOn = try EnforcementScope.day(row, "verified_on")
        l.closedOn = try EnforcementScope.day(row, "closed_on")
        l.escalatedTo = try row.decode(column: "escalated_to", as: Int64?.self)
        return l
    }

    /// What a principal asks for in a new letter; checked by `LetterKind.checkDraft` and `LetterPolicy.refusal`.
    public struct Draft: Sendable {
        public var type: LetterType
        public var target: LetterTarget
        /// The enterprise addressed, by id (the API) or by its USCC (the form).
        public var enterpriseId: Int64?
        public var uscc: String?
        public var district: String?
        public var reason: String
        public var requiredActions: String
        public var deadline: Day
        public var linkedRecords: String?

        public init(type: LetterType, target: LetterTarget, enterpriseId: Int64? = nil, uscc: String? = nil, district: String?, reason: String,
                    requiredActions: String, deadline: Day, linkedRecords: String?) {
            self.type = type
            self.target = target
            self.enterpriseId = enterpriseId
            self.uscc = uscc
            self.district = district
            self.reason = reason
            self.requiredActions = requiredActions
            self.deadline = deadline
            self.linkedRecords = linkedRecords
        }

        /// A draft from a form already checked by `LetterKind.checkDraft`.
        public init?(_ form: StepForm) {
            guard let type = form["type"].flatMap(LetterType.init(codeOrLabel:)), let target = form["target"].flatMap(LetterTarget.init(codeOrLabel:)),
                  let deadline = form["deadline"].flatMap(Day.init) else { return nil }
            self.init(type: type, target: target, uscc: form["uscc"], district: form["district"], reason: form["reason"] ?? "",
                      requiredActions: form["requiredActions"] ?? "", deadline: deadline, linkedRecords: form["linkedRecords"].flatMap { $0.isEmpty ? nil : $0 })
        }
    }

    /// A new letter in 草稿, audited. A district writes only to its own enterprises; the city to any enterprise or district.
    public func create(_ draft: Draft, today: Day, as p: Principal) async throws -> Letter {
        guard LetterPolicy.issuer(p) != nil else { throw StoreError.forbidden }
        return try await database.transaction { db in
            var enterpriseId: Int64?
            var district = draft.district
            if draft.target == .enterprise {
                var query = db.select().column("id").column("district_code").from("enterprises")
                if let id = draft.enterpriseId { query = query.where("id", .equal, SQLBind(id)) } else {
                    query = query.where("uscc", .equal, SQLBind(draft.uscc?.trimmed.uppercased() ?? ""))
                }
                guard let row = try await query.first() else {
                    throw StoreError.invalid(ValidationFailure([draft.enterpriseId != nil ? FieldError("enterpriseId", "企业不存在")
                                                                : FieldError("uscc", "未找到统一社会信用代码为\(draft.uscc ?? "")的企业")]))
                }
                enterpriseId = try row.decode(column: "id", as: Int64.self)
                district = try row.decode(column: "district_code", as: String?.self)
            } else if District.all.first(where: { $0.code == district }) == nil {
                throw StoreError.invalid(ValidationFailure([FieldError("district", "请选择区局")]))
            }
            if let refusal = LetterPolicy.refusal(p, target: draft.target, districtCode: district) {
                throw StoreError.invalid(ValidationFailure([FieldError(draft.target == .enterprise ? "uscc" : "target", refusal)]))
            }
            let letter = Letter(type: draft.type, target: draft.target, enterpriseId: enterpriseId, districtCode: district,
                                issuerDistrict: LetterPolicy.issuer(p) ?? nil, reason: draft.reason.trimmed, requiredActions: draft.requiredActions.trimmed,
                                deadline: draft.deadline, linkedRecords: draft.linkedRecords?.trimmed, createdOn: today)
            return try await Self.insert(db, letter, by: p, at: Clock.nowText(), summary: "起草")
        }
    }

    /// Writes a new letter and its audit row; returns it as read back.
    static func insert(_ db: any SQLDatabase, _ l: Letter, by p: Principal, at now: String, summary: String) async throws -> Letter {
        let id = try await db.insert(into: "letters")
            .columns(["letter_type", "target", "enterprise_id", "district_code", "issuer_district", "reason", "required_actions", "deadline",
                      "linked_records", "state", "created_on", "entered_on", "escalated_from", "created_by", "created_at", "updated_at"])
            .values([SQLBind(l.type.rawValue), SQLBind(l.target.rawValue), SQLBind(l.enterpriseId), SQLBind(l.districtCode), SQLBind(l.issuerDistrict),
                     SQLBind(l.reason), SQLBind(l.requiredActions), SQLBind(l.deadline.description), SQLBind(l.linkedRecords),
                     SQLBind(l.state.rawValue), SQLBind(l.createdOn.description), SQLBind(l.enteredOn.description), SQLBind(l.escalatedFrom),
                     SQLBind(p.username), SQLBind(now), SQLBind(now)])
            .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
        guard let saved = try await find(db, id, p) else { throw StoreError.internalError("文书写入后未能读出") }
        try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: LetterKind.name, entityId: id,
                                  summary: "\(summary)\(saved.type.label)\(saved.number)：\(saved.addressee)", before: nil, after: AuditLog.json(saved))
        return saved
    }

    /// The unfinished letters a principal may read, for the workbench.
    public func open(as p: Principal, today _: Day) async throws -> [Letter] {
        var f = Filter()
        f.open = true
        return try await page(f, limit: 10_000, offset: 0, as: p).items
    }
}

extension LetterRepository: WorkflowRecords {
    public typealias Kind = LetterKind

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<LetterKind>, before: Letter) async throws -> Letter {
        let l = step.record
        try await WorkflowRows.update(db, "letters", id: l.id, version: before.version, from: before.state.rawValue, to: l.state.rawValue,
                                      setting: [("entered_on", SQLBind(l.enteredOn.description)), ("deadline", SQLBind(l.deadline.description)),
                                                ("signer", SQLBind(l.signer)), ("issued_on", SQLBind(l.issuedOn?.description)),
                                                ("served_on", SQLBind(l.servedOn?.description)), ("reply", SQLBind(l.reply)),
                                                ("replied_on", SQLBind(l.repliedOn?.description)), ("interview_record", SQLBind(l.interviewRecord)),
                                                ("verification_note", SQLBind(l.verificationNote)), ("verified_on", SQLBind(l.verifiedOn?.description)),
                                                ("closed_on", SQLBind(l.closedOn?.description))])
        var after = l
        after.version = before.version + 1
        return after
    }

    /// Escalating drafts the stronger letter and links the two.
    public static func record(_ db: any SQLDatabase, _ step: StepOutcome<LetterKind>, before: Letter, context: BasicContext, by p: Principal,
                              at now: String) async throws {
        guard let next = step.effects.escalation else { return }
        let saved = try await insert(db, next, by: p, at: now, summary: "升级起草")
        try await db.update("letters").set("escalated_to", to: SQLBind(saved.id)).where("id", .equal, SQLBind(before.id)).run()
    }
}

extension LetterRepository: OpenRecordDuties {}
