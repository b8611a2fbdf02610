import Foundation
import PinzhiDomain
import SQLKit

/// Assistance activities (SPEC TA-3): recorded by the city or a district bureau, read by the bureau (a district its
/// own and the city's) and by the experts who took part; the enterprises attending are named by USCC.
public struct AssistanceActivityRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Filter: Sendable {
        public var kind: AssistanceActivityKind?
        public var district: String?
        public var year: Int?
        public var search: String?
        public init() {}
    }

    static func visible(_ q: SQLSelectBuilder, _ p: Principal) -> SQLSelectBuilder {
        switch p.role {
        case .cityAdmin, .citySupervisor: q
        case .districtSupervisor:
            q.where { g in g.where("district_code", .equal, SQLBind(p.districtCode ?? "")).orWhere(SQLColumn("district_code"), .is, SQLLiteral.null) }
        case .expert: q.where("expert_ids", .like, SQLBind("%,\(p.expertId ?? -1),%"))
        default: q.where(SQLRaw("1 = 0"))
        }
    }

    static func filtered(_ q: SQLSelectBuilder, _ f: Filter, _ p: Principal) -> SQLSelectBuilder {
        var q = visible(q, p)
        if let k = f.kind { q = q.where("kind", .equal, SQLBind(k.rawValue)) }
        if let d = f.district, !d.isEmpty { q = q.where("district_code", .equal, SQLBind(d)) }
        if let y = f.year { q = q.where("held_on", .greaterThanOrEqual, SQLBind("\(y)-01-01")).where("held_on", .lessThan, SQLBind("\(y + 1)-01-01")) }
        if let s = f.search?.trimmed, !s.isEmpty {
            let like = "%\(s)%"
            q = q.where { g in g.where("title", .like, SQLBind(like)).orWhere("place", .like, SQLBind(like)).orWhere("cluster", .like, SQLBind(like)) }
        }
        return q
    }

    public func page(_ f: Filter, limit: Int, offset: Int, as p: Principal) async throws -> Page<AssistanceActivity> {
        try await database.session { db in
            try await PagedSelect.page(db, counting: { Self.filtered($0.from("assistance_activities"), f, p) },
                                       rows: Self.filtered(db.select().column("*").from("assistance_activities"), f, p),
                                       order: [(SQLIdentifier("held_on"), .descending), (SQLIdentifier("id"), .descending)],
                                       limit: limit, offset: offset, decode: Self.decode)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> AssistanceActivity? {
        try await database.session { db in
            try await Self.visible(db.select().column("*").from("assistance_activities").where("id", .equal, SQLBind(id)), p).first().map(Self.decode)
        }
    }

    /// Ids kept as “,1,2,3,” so a LIKE finds one without a false match.
    static func ids(_ values: [Int64]) -> String { values.isEmpty ? "" : "," + values.map(String.init).joined(separator: ",") + "," }
    static func ids(_ text: String) -> [Int64] { text.split(separator: ",").compactMap { Int64($0) } }

    static func decode(_ row: any SQLRow) throws -> AssistanceActivity {
        AssistanceActivity(id: try row.decode(column: "id", as: Int64.self),
                           kind: AssistanceActivityKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .training,
                           title: try row.decode(column: "title", as: String.self), districtCode: try row.decode(column: "district_code", as: String?.self),
                           heldOn: try EnforcementScope.day(row, "held_on") ?? Day(year: 1970, month: 1, day: 1)!, place: try row.decode(column: "place", as: String.self),
                           cluster: try row.decode(column: "cluster", as: String?.self), productIds: ids(try row.decode(column: "product_ids", as: String.self)),
                           organisations: AssistanceActivity.lines(try row.decode(column: "organisations", as: String.self)),
                           expertIds: ids(try row.decode(column: "expert_ids", as: String.self)),
                           enterpriseIds: ids(try row.decode(column: "enterprise_ids", as: String.self)), notes: try row.decode(column: "notes", as: String?.self),
                           createdBy: try row.decode(column: "created_by", as: String.self))
    }

    /// An activity as typed: experts by code, enterprises by USCC, products by code, one a line.
    public struct Input: Sendable {
        public var kind: AssistanceActivityKind
        public var title: String
        public var heldOn: Day
        public var place: String
        public var cluster: String?
        public var productCodes: [String]
        public var organisations: [String]
        public var expertCodes: [String]
        public var usccs: [String]
        public var notes: String?

        public init(kind: AssistanceActivityKind, title: String, heldOn: Day, place: String, cluster: String?, productCodes: [String], organisations: [String],
                    expertCodes: [String], usccs: [String], notes: String?) {
            self.kind = kind
            self.title = title
            self.heldOn = heldOn
            self.place = place
            self.cluster = cluster
            self.productCodes = productCodes
            self.organisations = organisations
            self.expertCodes = expertCodes
            self.usccs = usccs
            self.notes = notes
        }
    }

    /// The city or a district bureau records an activity (a district's is its own district's); audited. Every
    /// reference that is not found is named.
    public func create(_ input: Input, today: Day, as p: Principal) async throws -> AssistanceActivity {
        guard [.cityAdmin, .citySupervisor, .districtSupervisor].contains(p.role) else { throw StoreError.forbidden }
        var errors = AssistanceActivity.check(title: input.title, place: input.place, organisations: input.organisations, experts: input.expertCodes.count,
                                              enterprises: input.usccs.count, heldOn: input.heldOn, today: today)
        let texts = [("title", input.title), ("place", input.place), ("cluster", input.cluster ?? ""), ("notes", input.notes ?? ""),
                     ("organisations", input.organisations.joined()), ("experts", input.expertCodes.joined()), ("enterprises", input.usccs.joined()),
                     ("productCodes", input.productCodes.joined())]
        for (field, text) in texts where text.hasInvisibleControl { errors.append(FieldError(field, "含有不可见的控制字符")) }
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        return try await database.transaction { db in
            var errors: [FieldError] = []
            func resolve(_ table: String, _ column: String, _ values: [String], _ field: String, _ label: String) async throws -> [Int64] {
                guard !values.isEmpty else { return [] }
                let rows = try await db.select().column("id").column(SQLIdentifier(column)).from(table).where(SQLIdentifier(column), .in, SQLBind.group(values)).all()
                var found: [String: Int64] = [:]
                for row in rows { found[try row.decode(column: column, as: String.self)] = try row.decode(column: "id", as: Int64.self) }
                let missing = values.filter { found[$0] == nil }
                if !missing.isEmpty { errors.append(FieldError(field, "未找到\(label)：\(missing.prefix(5).joined(separator: "、"))")) }
                return values.compactMap { found[$0] }
            }
            let experts = try await resolve("experts", "code", input.expertCodes, "experts", "专家编号")
            let enterprises = try await resolve("enterprises", "uscc", input.usccs.map { $0.uppercased() }, "enterprises", "企业")
            let products = try await resolve("products", "code", input.productCodes, "productCodes", "产品编码")
            guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
            let district = p.role == .districtSupervisor ? p.districtCode : nil
            let id = try await db.insert(into: "assistance_activities")
                .columns("kind", "title", "district_code", "held_on", "place", "cluster", "product_ids", "organisations", "expert_ids", "enterprise_ids", "notes",
                         "created_by", "created_at")
                .values(SQLBind(input.kind.rawValue), SQLBind(input.title.trimmed), SQLBind(district), SQLBind(input.heldOn.description),
                        SQLBind(input.place.trimmed), SQLBind(input.cluster?.trimmed.nilIfEmpty), SQLBind(Self.ids(products)),
                        SQLBind(input.organisations.joined(separator: "\n")), SQLBind(Self.ids(experts)), SQLBind(Self.ids(enterprises)),
                        SQLBind(input.notes?.trimmed.nilIfEmpty), SQLBind(p.username), SQLBind(Clock.nowText()))
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            guard let a = try await Self.visible(db.select().column("*").from("assistance_activities").where("id", .equal, SQLBind(id)), p).first()
                .map(Self.decode) else { throw StoreError.internalError("帮扶活动写入后未能读出") }
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: "assistance_activity", entityId: id,
                                      summary: "登记\(a.kind.label)\(a.number)：\(a.title)（\(a.heldOn)，专家\(experts.count)人次，企业\(enterprises.count)家）",
                                      before: nil, after: AuditLog.json(a))
            return a
        }
    }

    /// The sign-in sheet's rows: each attending enterprise's name and USCC, and each expert's code, name and organisation.
    public func attendance(_ a: AssistanceActivity) async throws -> (enterprises: [(name: String, uscc: String)], experts: [AssignedExpert]) {
        try await database.session { db in
            let enterprises = a.enterpriseIds.isEmpty ? [] : try await db.select().columns("id", "name", "uscc").from("enterprises")
                .where("id", .in, SQLBind.group(a.enterpriseIds)).orderBy("id").all()
                .map { (name: try $0.decode(column: "name", as: String.self), uscc: try $0.decode(column: "uscc", as: String.self)) }
            let experts = try await AssistanceRepository.experts(db, a.expertIds)
            return (enterprises, a.expertIds.compactMap { experts[$0] })
        }
    }
}
