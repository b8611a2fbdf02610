import PinzhiDomain
import SQLKit

/// Random assessments of quality-safety officers (SPEC EN-4; OfficerAssessmentDraw, PZ-OFFICER-1): drawn by the city
/// (city-wide or for a district) or a district bureau (its own), one per scope and period; the candidate list's
/// canonical text, its hash and the seed are stored so that the draw can be recomputed at any time.
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

    /// Draws `count` officers among the active officers in scope (the seed is random unless given, for the tests and
    /// the demo), writes the draw, its items and its audit row in one transaction.
    public func draw(district: String?, period: String, count: Int?, today: Day, seed: UInt64? = nil, as p: Principal) async throws -> Assessment {
        let scope = try Self.drawScope(p, district: district)
        let errors = OfficerAssessmentDraw.checkRequest(count: count, period: period)
        if !errors.isEmpty { throw StoreError.invalid(ValidationFailure(errors)) }
        let count = count ?? 0
        return try await database.transaction { db in
            if try await db.select().column("id").from("officer_assessments").where("scope", .equal, SQLBind(scope))
                .where("period", .equal, SQLBind(period)).first() != nil {
                throw StoreError.invalid(ValidationFailure([FieldError("period", "\(scope == "city" ? "全市" : District.named(code: scope))\(period)的考核已抽取，不能重复抽取")]))
            }
            var q = db.select().columns("id", "enterprise_id", "role").from("safety_officers")
                .where("state", .notEqual, SQLBind(OfficerState.dismissed.rawValue)).where("appointed_on", .lessThanOrEqual, SQLBind(today.description))
            if scope != "city" { q = q.where("district_code", .equal, SQLBind(scope)) }
            let candidates = try await q.orderBy("id").all().map { row in
                OfficerAssessmentDraw.Candidate(officerId: try row.decode(column: "id", as: Int64.self), enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                                                role: OfficerRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .officer)
            }
            guard !candidates.isEmpty else {
                throw StoreError.invalid(ValidationFailure([FieldError("district", "该范围内没有在岗的质量安全人员，无法抽取")]))
            }
            let text = OfficerAssessmentDraw.canonicalText(scope: scope, period: period, day: today, count: count, candidates: candidates)
            let seed = seed ?? UInt64.random(in: 1...UInt64.max)
            let drawn = OfficerAssessmentDraw.select(candidates, count: count, seed: seed)
            let now = Clock.nowText()
            let id = try await db.insert(into: "officer_assessments")
                .columns(["scope", "period", "drawn_on", "requested", "algorithm", "seed", "list_hash", "candidates_text", "candidates", "drawn_by", "created_at"])
                .values([SQLBind(scope), SQLBind(period), SQLBind(today.description), SQLBind(count), SQLBind(OfficerAssessmentDraw.algorithm),
                         SQLBind(String(seed)), SQLBind(OfficerAssessmentDraw.listHash(text)), SQLBind(text), SQLBind(candidates.count),
                         SQLBind(p.username), SQLBind(now)])
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            for (order, c) in drawn.enumerated() {
                try await db.insert(into: "officer_assessment_items").columns(["assessment_id", "officer_id", "enterprise_id", "draw_order"])
                    .values([SQLBind(id), SQLBind(c.officerId), SQLBind(c.enterpriseId), SQLBind(order + 1)]).run()
            }
            guard let saved = try await Self.find(db, id, p) else { throw StoreError.internalError("考核抽取写入后未能读出") }
            try await AuditLog.append(db, actor: AuditActor(p), action: "draw", entity: "officer_assessment", entityId: id,
                                      summary: "质量安全人员随机考核抽取（\(saved.scopeLabel) \(period)）：\(candidates.count)人中抽取\(drawn.count)人，种子\(seed)",
                                      before: nil, after: "{\"listHash\":\"\(saved.listHash)\",\"seed\":\"\(seed)\"}")
            return saved
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
                   drawnBy: try row.decode(column: "drawn_by", as: String.self))
    }

    /// Recomputes a draw from its stored candidate text and seed: the hash matches and the drawn officers, in order,
    /// are the ones stored (all of them, whoever reads).
    public func verify(_ id: Int64) async throws -> Bool? {
        try await database.session { db in
            guard let row = try await db.select().column("*").from("officer_assessments").where("id", .equal, SQLBind(id)).first() else { return nil }
            let a = try Self.decode(row)
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
