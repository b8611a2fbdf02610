import PinzhiDomain
import SQLKit

/// Random assessments of quality-safety officers (SPEC EN-4): drawn by the city (city-wide or for a district) or a
/// district bureau (its own), one per scope and period, by PZ-DRAW-2 (ListDraw): the candidate list is committed
/// first, the officers drawn from a value announced after it. Assessments drawn before issue 16 (PZ-OFFICER-1,
/// OfficerAssessmentDraw) keep their canonical text, hash and seed and still verify.
public struct OfficerAssessmentRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Assessment: Sendable, Equatable, Codable {
        public var id: Int64
        /// "city" or a district's code.
        public var scope: String
        public var period: String
        public var drawnOn: Day
        public var requested: Int
        public var algorithm: String
        public var seed: UInt64
        public var listHash: String
        public var candidatesText: String
        public var candidates: Int
        public var drawnBy: String
        /// PZ-DRAW-2: the committed list it was drawn from.
        public var listId: Int64?
        public var items: [Item] = []

        public var scopeLabel: String { scope == "city" ? "全市" : District.named(code: scope) }
    }

    public struct Item: Sendable, Equatable, Codable {
        public var id: Int64
        public var officerId: Int64
        public var officerName: String
        public var role: OfficerRole
        public var enterpriseId: Int64
        public var enterpriseName: String
        public var districtCode: String?
        public var drawOrder: Int
        public var score: Int?
        public var passed: Bool?
        public var assessedOn: Day?
        public var note: String?
    }

    /// The scope a principal may draw in: the city anywhere (nil: city-wide), a district its own only.
    static func drawScope(_ p: Principal, district: String?) throws -> String {
        switch p.role {
        case .cityAdmin, .citySupervisor:
            guard let district, !district.isEmpty else { return "city" }
            guard District.all.contains(where: { $0.code == district }) else {
                throw StoreError.invalid(ValidationFailure([FieldError("district", "请选择区")]))
            }
            return district
        case .districtSupervisor:
            guard let own = p.districtCode else { throw StoreError.forbidden }
            if let district, !district.isEmpty, district != own {
                throw StoreError.invalid(ValidationFailure([FieldError("district", "区局只能抽取本区的质量安全人员")]))
            }
            return own
        default:
            throw StoreError.forbidden
        }
    }

    /// The subject of an assessment's committed list: its scope and period.
    static func subject(scope: String, period: String) -> String { "\(scope):\(period)" }

    /// Fixes the candidate list of an assessment and publishes its commitment (PZ-DRAW-2 §十四, ListDraw), before any
    /// seed exists: the active officers in scope, by id, each a leaf `index|officer id/enterprise USCC|role|eligible`.
    /// One assessment per scope and period, and one open commitment for it. `saltSeed` makes the salts repeatable for
    /// generated data; `committedAt` stands in for the clock likewise.
    public func commit(district: String?, period: String, count: Int?, today: Day, saltSeed: UInt64? = nil,
                       committedAt: String? = nil, as p: Principal) async throws -> ListCommitmentRecord {
        let scope = try Self.drawScope(p, district: district)
        let errors = OfficerAssessmentDraw.checkRequest(count: count, period: period)
        if !errors.isEmpty { throw StoreError.invalid(ValidationFailure(errors)) }
        let subject = Self.subject(scope: scope, period: period)
        return try await database.transaction { db in
            try await Self.refuseRepeat(db, scope: scope, period: period)
            if let open = try await ListCommitmentStore.open(db, kind: .officerAssessment, subject: subject) {
                throw StoreError.conflict("该范围与期间的候选名单承诺（\(open.hash.prefix(12))…）已公布，尚未抽取；请据此抽取")
            }
            var q = db.select().column(SQLColumn("id", table: "o")).column(SQLColumn("role", table: "o")).column(SQLColumn("uscc", table: "e"))
                .from(SQLAlias(SQLIdentifier("safety_officers"), as: SQLIdentifier("o")))
                .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("id", table: "e"), .equal, SQLColumn("enterprise_id", table: "o"))
                .where(SQLColumn("state", table: "o"), .notEqual, SQLBind(OfficerState.dismissed.rawValue))
                .where(SQLColumn("appointed_on", table: "o"), .lessThanOrEqual, SQLBind(today.description))
            if scope != "city" { q = q.where(SQLColumn("district_code", table: "o"), .equal, SQLBind(scope)) }
            let candidates = try await q.orderBy(SQLColumn("id", table: "o")).all().map { row in
                let id = try row.decode(column: "id", as: Int64.self)
                return ListDraw.Candidate(id: id, code: "\(id)/\(try row.decode(column: "uscc", as: String.self))", group: try row.decode(column: "role", as: String.self))
            }
            guard !candidates.isEmpty else {
                throw StoreError.invalid(ValidationFailure([FieldError("district", "该范围内没有在岗的质量安全人员，无法抽取")]))
            }
            // A witness's hash, registered from its own account for this scope and period (WitnessRepository).
            let witness = try await WitnessRepository.pending(db, .assessment(scope: scope, period: period))
            let list = ListDraw(kind: .officerAssessment, subject: subject, day: today, count: count ?? 0, candidates: candidates,
                                salts: ListCommitmentStore.salts(candidates.count, seed: saltSeed), witnessHash: witness?.hash,
                                committedAt: committedAt ?? Clock.nowText())
            let record = try await ListCommitmentStore.commit(db, list, recordId: nil, entity: "officer_assessment", entityId: nil, by: p.username,
                                                              actor: AuditActor(p))
            if let witness { try await WitnessRepository.consume(db, witness.id, commitmentHash: record.hash, at: list.committedAt) }
            return record
        }
    }

    static func refuseRepeat(_ db: any SQLDatabase, scope: String, period: String) async throws {
        if try await db.select().column("id").from("officer_assessments").where("scope", .equal, SQLBind(scope))
            .where("period", .equal, SQLBind(period)).first() != nil {
            throw StoreError.invalid(ValidationFailure([FieldError("period", "\(scope == "city" ? "全市" : District.named(code: scope))\(period)的考核已抽取，不能重复抽取")]))
        }
    }

    /// Draws the officers of a published commitment with the values revealed after it (PZ-DRAW-2 §六、§八), writes
    /// the assessment, its items in draw order, the draw on the commitment and the audit rows in one transaction.
    public func draw(commitmentId: Int64, reveal: CommittedDraw.Reveal, today: Day, as p: Principal) async throws -> Assessment {
        try await database.transaction { db in
            guard let commitment = try await Self.commitment(db, commitmentId, p), let list = try await ListCommitmentStore.list(db, commitmentId) else {
                throw StoreError.notFound
            }
            guard Self.mayDraw(p, scope: Self.scope(of: commitment)) else { throw StoreError.forbidden }
            if commitment.isDrawn { throw StoreError.conflict("该候选名单已抽取过，不能再次抽取") }
            let reveal = try await WitnessRepository.seedValues(db, reveal, witnessHash: commitment.witnessHash, commitmentHash: commitment.hash)
            let outcome = list.run(reveal)
            guard outcome.commitment.hash == commitment.hash else { throw StoreError.internalError("候选名单承诺无法重现") }
            let (scope, period) = Self.scope(of: commitment)
            try await Self.refuseRepeat(db, scope: scope, period: period)
            let enterprises = try await Self.enterprises(db, of: outcome.selectedIds)
            let now = Clock.nowText()
            let id = try await db.insert(into: "officer_assessments")
                .columns(["scope", "period", "drawn_on", "requested", "algorithm", "seed", "list_hash", "candidates_text", "candidates", "drawn_by",
                          "created_at", "list_commitment_id"])
                .values([SQLBind(scope), SQLBind(period), SQLBind(today.description), SQLBind(list.count), SQLBind(CommittedDraw.algorithm),
                         SQLBind(String(outcome.seed)), SQLBind(commitment.hash), SQLBind(commitment.text), SQLBind(list.candidates.count),
                         SQLBind(p.username), SQLBind(now), SQLBind(commitmentId)])
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            for (order, officer) in outcome.selectedIds.enumerated() {
                try await db.insert(into: "officer_assessment_items").columns(["assessment_id", "officer_id", "enterprise_id", "draw_order"])
                    .values([SQLBind(id), SQLBind(officer), SQLBind(enterprises[officer] ?? 0), SQLBind(order + 1)]).run()
            }
            try await db.update("list_commitments").set("record_id", to: SQLBind(id)).where("id", .equal, commitmentId).run()
            try await ListCommitmentStore.markDrawn(db, commitmentId, reveal: reveal, outcome: outcome, entity: "officer_assessment", entityId: id,
                                                    by: p.username, actor: AuditActor(p), at: now)
            guard let saved = try await Self.find(db, id, p) else { throw StoreError.internalError("考核抽取写入后未能读出") }
            return saved
        }
    }

    /// Commit and draw at once, for generated data whose public value is made up with it.
    package func commitAndDraw(district: String?, period: String, count: Int, today: Day, publicValue: String, source: String, saltSeed: UInt64,
                               committedAt: String, as p: Principal) async throws -> Assessment {
        let commitment = try await commit(district: district, period: period, count: count, today: today, saltSeed: saltSeed, committedAt: committedAt, as: p)
        return try await draw(commitmentId: commitment.id, reveal: CommittedDraw.Reveal(publicValue: publicValue, publicSource: source), today: today, as: p)
    }

    static func enterprises(_ db: any SQLDatabase, of officers: [Int64]) async throws -> [Int64: Int64] {
        guard !officers.isEmpty else { return [:] }
        var out: [Int64: Int64] = [:]
        for row in try await db.select().columns("id", "enterprise_id").from("safety_officers").where("id", .in, SQLBind.group(officers)).all() {
            out[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "enterprise_id", as: Int64.self)
        }
        return out
    }

    /// The scope and period a commitment's subject names.
    static func scope(of c: ListCommitmentRecord) -> (scope: String, period: String) {
        let parts = c.subject.split(separator: ":", maxSplits: 1).map(String.init)
        return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
    }

    static func mayDraw(_ p: Principal, scope: (scope: String, period: String)) -> Bool {
        switch p.role {
        case .cityAdmin, .citySupervisor: true
        case .districtSupervisor: p.districtCode == scope.scope
        default: false
        }
    }

    /// A commitment of an assessment, if the principal may read it (the bureau; a district its own scope and the city's).
    static func commitment(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> ListCommitmentRecord? {
        guard case .some(let district) = OfficerPolicy.districtScope(p) else { throw StoreError.forbidden }
        guard let c = try await ListCommitmentStore.find(db, id), c.kind == .officerAssessment else { return nil }
        let scope = scope(of: c).scope
        if let district, scope != "city", scope != district { return nil }
        return c
    }

    public func commitment(_ id: Int64, as p: Principal) async throws -> ListCommitmentRecord? {
        try await database.session { db in try await Self.commitment(db, id, p) }
    }

    /// The published commitments not drawn yet that the principal may read, newest first.
    public func openCommitments(as p: Principal) async throws -> [ListCommitmentRecord] {
        try await database.session { db in
            guard case .some(let district) = OfficerPolicy.districtScope(p) else { throw StoreError.forbidden }
            let rows = try await db.select().columns(ListCommitmentStore.columns.map { SQLColumn($0) }).from("list_commitments")
                .where("kind", .equal, ListDraw.Kind.officerAssessment.rawValue).where(SQLColumn("drawn_at"), .is, SQLLiteral.null)
                .orderBy("id", .descending).limit(200).all().map(ListCommitmentStore.decode)
            return rows.filter { c in district.map { ["city", $0].contains(Self.scope(of: c).scope) } ?? true }
        }
    }

    /// The draws a principal may read: the city and 执法总队 all; a district its own and the city-wide ones (whose
    /// items it sees for its own enterprises only).
    public func list(as p: Principal) async throws -> [Assessment] {
        try await database.session { db in
            var q = db.select().column("*").from("officer_assessments")
            switch OfficerPolicy.districtScope(p) {
            case .some(nil): break
            case .some(let code?): q = q.where { $0.where("scope", .equal, SQLBind(code)).orWhere("scope", .equal, SQLBind("city")) }
            case nil: throw StoreError.forbidden
            }
            return try await q.orderBy("id", .descending).limit(500).all().map(Self.decode)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> Assessment? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> Assessment? {
        guard case .some(let district) = OfficerPolicy.districtScope(p) else { throw StoreError.forbidden }
        guard let row = try await db.select().column("*").from("officer_assessments").where("id", .equal, SQLBind(id)).first() else { return nil }
        var a = try decode(row)
        if let district, a.scope != "city", a.scope != district { return nil }
        var q = db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("i"))).column(SQLColumn("name", table: "o"), as: "officer_name")
            .column(SQLColumn("role", table: "o")).column(SQLColumn("district_code", table: "o")).column(SQLColumn("name", table: "e"), as: "enterprise_name")
            .from(SQLAlias(SQLIdentifier("officer_assessment_items"), as: SQLIdentifier("i")))
            .join(SQLAlias(SQLIdentifier("safety_officers"), as: SQLIdentifier("o")), on: SQLColumn("officer_id", table: "i"), .equal, SQLColumn("id", table: "o"))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "i"), .equal, SQLColumn("id", table: "e"))
            .where(SQLColumn("assessment_id", table: "i"), .equal, SQLBind(id))
        if let district { q = q.where(SQLColumn("district_code", table: "o"), .equal, SQLBind(district)) }
        a.items = try await q.orderBy(SQLColumn("draw_order", table: "i")).all().map { r in
            Item(id: try r.decode(column: "id", as: Int64.self), officerId: try r.decode(column: "officer_id", as: Int64.self),
                 officerName: try r.decode(column: "officer_name", as: String.self),
                 role: OfficerRole(rawValue: try r.decode(column: "role", as: String.self)) ?? .officer,
                 enterpriseId: try r.decode(column: "enterprise_id", as: Int64.self), enterpriseName: try r.decode(column: "enterprise_name", as: String.self),
                 districtCode: try r.decode(column: "district_code", as: String?.self), drawOrder: try r.decode(column: "draw_order", as: Int.self),
                 score: try r.decode(column: "score", as: Int?.self), passed: try r.decode(column: "passed", as: Bool?.self),
                 assessedOn: try EnforcementScope.day(r, "assessed_on"), note: try r.decode(column: "note", as: String?.self))
        }
        return a
    }

    static func decode(_ row: any SQLRow) throws -> Assessment {
        Assessment(id: try row.decode(column: "id", as: Int64.self), scope: try row.decode(column: "scope", as: String.self),
                   period: try row.decode(column: "period", as: String.self),
                   drawnOn: try EnforcementScope.day(row, "drawn_on") ?? Day(year: 1970, month: 1, day: 1)!,
                   requested: try row.decode(column: "requested", as: Int.self), algorithm: try row.decode(column: "algorithm", as: String.self),
                   seed: UInt64(try row.decode(column: "seed", as: String.self)) ?? 0, listHash: try row.decode(column: "list_hash", as: String.self),
                   candidatesText: try row.decode(column: "candidates_text", as: String.self), candidates: try row.decode(column: "candidates", as: Int.self),
                   drawnBy: try row.decode(column: "drawn_by", as: String.self), listId: try row.decode(column: "list_commitment_id", as: Int64?.self))
    }

    /// Recomputes a draw: by PZ-DRAW-2 from its committed list and the values revealed (ListCommitmentStore), by
    /// PZ-OFFICER-1 (before issue 16) from its stored candidate text and seed; the drawn officers, in order, are the
    /// ones stored (all of them, whoever reads).
    public func verify(_ id: Int64) async throws -> Bool? {
        try await database.session { db in
            guard let row = try await db.select().column("*").from("officer_assessments").where("id", .equal, SQLBind(id)).first() else { return nil }
            let a = try Self.decode(row)
            if let commitmentId = try row.decode(column: "list_commitment_id", as: Int64?.self) {
                guard let c = try await ListCommitmentStore.find(db, commitmentId), let list = try await ListCommitmentStore.list(db, commitmentId) else { return false }
                if ListCommitmentStore.problem(c, list: list) != nil || c.hash != a.listHash || c.seed != a.seed { return false }
                return try await ListCommitmentStore.madeProblem(db, c) == nil
            }
            let stored = try await db.select().column("officer_id").from("officer_assessment_items").where("assessment_id", .equal, SQLBind(id))
                .orderBy("draw_order").all().map { try $0.decode(column: "officer_id", as: Int64.self) }
            return Self.recompute(a) == stored && OfficerAssessmentDraw.listHash(a.candidatesText) == a.listHash
        }
    }

    /// The officers the stored text and seed draw, in order.
    static func recompute(_ a: Assessment) -> [Int64] {
        let candidates = a.candidatesText.split(separator: "\n").dropFirst().compactMap { line -> OfficerAssessmentDraw.Candidate? in
            let parts = line.split(separator: "|")
            guard parts.count == 3, let o = Int64(parts[0]), let e = Int64(parts[1]), let role = OfficerRole(rawValue: String(parts[2])) else { return nil }
            return OfficerAssessmentDraw.Candidate(officerId: o, enterpriseId: e, role: role)
        }
        return OfficerAssessmentDraw.select(candidates, count: a.requested, seed: a.seed).map(\.officerId)
    }
}
