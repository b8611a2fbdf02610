import Foundation
import PinzhiDomain
import SQLKit

/// 提质强企 (SPEC TA-4): the districts' target lists — suggestions computed from the records, confirmed by the
/// district, each with its 一企一策 plan —, the city's progress against 002's targets, and the cluster records.
/// The city reads and writes everywhere, a district bureau its own district.
public struct StrengtheningRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    static func organiser(_ p: Principal) throws {
        guard AssistancePolicy.organiserRoles.contains(p.role) else { throw StoreError.forbidden }
    }

    /// The district a principal works on: its own for a district bureau, the one asked for by the city.
    static func district(_ p: Principal, _ asked: String?) -> String? {
        p.role == .districtSupervisor ? p.districtCode : asked?.nilIfEmpty
    }

    // MARK: Target lists

    /// Every enterprise of the district with what the records say of it: a key product (the catalogue's 20), its scale,
    /// and its failed or refused checks reported in the last five years.
    public func suggestions(year: Int, district: String, today: Day, as p: Principal) async throws -> [(enterpriseId: Int64, name: String, uscc: String, reasons: [TargetReason], failures: Int)] {
        try Self.organiser(p)
        guard let district = Self.district(p, district) else { return [] }
        let threshold = try await RuleRepository(database).effective(on: today).int("assistanceTargetFailures")
        let since = Day(year: today.year - TargetRule.years, month: today.month, day: min(today.day, 28))!.description
        return try await database.session { db in
            let rows = try await db.raw("""
                SELECT e.id, e.name, e.uscc, e.scale,
                  (SELECT COUNT(*) FROM enterprise_products ep JOIN products pr ON pr.id = ep.product_id WHERE ep.enterprise_id = e.id AND pr.campaign_key = \(bind: true)) AS key_products,
                  (SELECT COUNT(*) FROM batches b WHERE b.enterprise_id = e.id AND (b.verdict = 'fail' OR b.state = 'refused')
                     AND COALESCE(b.reported_on, b.sampled_on, '') >= \(bind: since)) AS failures
                FROM enterprises e WHERE e.district_code = \(bind: district) AND e.active = \(bind: true)
                  AND e.id NOT IN (SELECT t.enterprise_id FROM assistance_targets t WHERE t.year = \(bind: year))
                ORDER BY e.id
                """).all()
            return try rows.compactMap { row in
                let reasons = TargetReason.of(keyProduct: try row.decode(column: "key_products", as: Int.self) > 0,
                                              scale: EnterpriseScale(rawValue: try row.decode(column: "scale", as: String?.self) ?? ""),
                                              failures: try row.decode(column: "failures", as: Int.self), threshold: threshold)
                guard TargetRule.suggests(reasons) else { return nil }
                return (try row.decode(column: "id", as: Int64.self), try row.decode(column: "name", as: String.self), try row.decode(column: "uscc", as: String.self),
                        reasons, try row.decode(column: "failures", as: Int.self))
            }.sorted { ($0.reasons.count, $0.failures, -$0.enterpriseId) > ($1.reasons.count, $1.failures, -$1.enterpriseId) }
        }
    }

    public func targets(year: Int, district: String?, as p: Principal) async throws -> [TargetEntry] {
        try Self.organiser(p)
        return try await database.session { db in
            var q = db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("t"))).column(SQLColumn("name", table: "e"), as: "enterprise_name")
                .from(SQLAlias(SQLIdentifier("assistance_targets"), as: SQLIdentifier("t")))
                .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "t"), .equal, SQLColumn("id", table: "e"))
                .where(SQLColumn("year", table: "t"), .equal, SQLBind(year))
            if let d = Self.district(p, district) { q = q.where(SQLColumn("district_code", table: "t"), .equal, SQLBind(d)) }
            return try await q.orderBy(SQLColumn("district_code", table: "t")).orderBy(SQLColumn("id", table: "t")).limit(2000).all().map(Self.decodeTarget)
        }
    }

    /// One entry of a list, in the principal's district.
    public func target(_ id: Int64, as p: Principal) async throws -> TargetEntry? {
        try Self.organiser(p)
        return try await database.session { db in try await Self.target(db, id, p) }
    }

    static func target(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> TargetEntry? {
        var q = db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("t"))).column(SQLColumn("name", table: "e"), as: "enterprise_name")
            .from(SQLAlias(SQLIdentifier("assistance_targets"), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "t"), .equal, SQLColumn("id", table: "e"))
            .where(SQLColumn("id", table: "t"), .equal, SQLBind(id))
        if let d = district(p, nil) { q = q.where(SQLColumn("district_code", table: "t"), .equal, SQLBind(d)) }
        return try await q.first().map(decodeTarget)
    }

    static func decodeTarget(_ row: any SQLRow) throws -> TargetEntry {
        TargetEntry(id: try row.decode(column: "id", as: Int64.self), year: try row.decode(column: "year", as: Int.self),
                    districtCode: try row.decode(column: "district_code", as: String.self), enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                    enterpriseName: try row.decode(column: "enterprise_name", as: String.self),
                    reasons: try row.decode(column: "reasons", as: String.self).split(separator: ",").compactMap { TargetReason(rawValue: String($0)) },
                    plan: try row.decode(column: "plan", as: String?.self), confirmedBy: try row.decode(column: "confirmed_by", as: String.self),
                    confirmedOn: try EnforcementScope.day(row, "confirmed_on") ?? Day(year: 1970, month: 1, day: 1)!)
    }

    /// The district confirms the enterprises it chose from its suggestions (or adds one by USCC): each once a year,
    /// with the reasons the records give; all or nothing, audited.
    public func confirm(year: Int, district: String?, enterpriseIds: [Int64], usccs: [String], today: Day, as p: Principal) async throws -> Int {
        try Self.organiser(p)
        guard let district = Self.district(p, district), District.isKnown(district) else {
            throw StoreError.invalid(ValidationFailure([FieldError("district", "请选择区")]))
        }
        guard year >= today.year - 1, year <= today.year + 1 else { throw StoreError.invalid(ValidationFailure([FieldError("year", "名单年度应为上年、本年或下年")])) }
        let suggested = try await suggestions(year: year, district: district, today: today, as: p)
        let threshold = try await RuleRepository(database).effective(on: today).int("assistanceTargetFailures")
        return try await database.transaction { db in
            var rows: [(Int64, [TargetReason])] = []
            for id in enterpriseIds {
                guard let s = suggested.first(where: { $0.enterpriseId == id }) else {
                    throw StoreError.invalid(ValidationFailure([FieldError("enterprises", "所选企业不在本区的建议名单中，或已列入\(year)年名单")]))
                }
                rows.append((id, s.reasons))
            }
            for code in usccs.map({ $0.trimmed.uppercased() }).filter({ !$0.isEmpty }) {
                guard let e = try await db.select().columns("id", "district_code", "scale").from("enterprises").where("uscc", .equal, SQLBind(code)).first(),
                      try e.decode(column: "district_code", as: String?.self) == district else {
                    throw StoreError.invalid(ValidationFailure([FieldError("usccs", "未找到本区统一社会信用代码为\(code)的企业")]))
                }
                let id = try e.decode(column: "id", as: Int64.self)
                let scale = EnterpriseScale(rawValue: try e.decode(column: "scale", as: String?.self) ?? "")
                let reasons = suggested.first { $0.enterpriseId == id }?.reasons ?? TargetReason.of(keyProduct: false, scale: scale, failures: 0, threshold: threshold)
                if !rows.contains(where: { $0.0 == id }) { rows.append((id, reasons)) }
            }
            guard !rows.isEmpty else { throw StoreError.invalid(ValidationFailure([FieldError("enterprises", "请至少选择一家企业")])) }
            let now = Clock.nowText()
            for (id, reasons) in rows {
                if try await db.select().column("id").from("assistance_targets").where("year", .equal, SQLBind(year)).where("enterprise_id", .equal, SQLBind(id)).first() != nil {
                    throw StoreError.invalid(ValidationFailure([FieldError("enterprises", "有企业已列入\(year)年名单")]))
                }
                try await db.insert(into: "assistance_targets").columns("year", "district_code", "enterprise_id", "reasons", "confirmed_by", "confirmed_on", "created_at")
                    .values(SQLBind(year), SQLBind(district), SQLBind(id), SQLBind(reasons.map(\.rawValue).joined(separator: ",")), SQLBind(p.username),
                            SQLBind(today.description), SQLBind(now)).run()
            }
            try await AuditLog.append(db, actor: AuditActor(p), action: "confirm", entity: "assistance_target", entityId: nil,
                                      summary: "确认\(District.named(code: district))\(year)年提质强企名单：\(rows.count)家企业", before: nil, after: nil)
            return rows.count
        }
    }

    /// The 一企一策 plan of a target, by its district (or the city); audited.
    public func plan(_ id: Int64, text: String, as p: Principal) async throws -> TargetEntry {
        try Self.organiser(p)
        return try await database.transaction { db in
            guard var target = try await Self.target(db, id, p) else { throw StoreError.notFound }
            if let error = TargetEntry.checkPlan(text) { throw StoreError.invalid(ValidationFailure([error])) }
            let before = target
            target.plan = text.trimmed
            try await db.update("assistance_targets").set("plan", to: SQLBind(target.plan)).where("id", .equal, SQLBind(id)).run()
            try await AuditLog.append(db, actor: AuditActor(p), action: "plan", entity: "assistance_target", entityId: id,
                                      summary: "制定一企一策：\(target.enterpriseName)", before: AuditLog.json(before), after: AuditLog.json(target))
            return target
        }
    }

    /// 002's targets for the year, city-wide: key-product producers on the lists that were helped (a case requested or an
    /// activity attended in the year), and clusters with a record that were served (an activity in it or a case of a
    /// member).
    public struct Progress: Sendable {
        public var listed: Int
        public var keyProducersHelped: Int
        public var clustersServed: Int
        public var clustersRecorded: Int
    }

    public func progress(year: Int, as p: Principal) async throws -> Progress {
        try Self.organiser(p)
        let from = "\(year)-01-01", to = "\(year + 1)-01-01"
        return try await database.session { db in
            func count(_ sql: SQLQueryString) async throws -> Int { try await db.raw(sql).first()?.decode(column: "n", as: Int.self) ?? 0 }
            let listed = try await count("SELECT COUNT(*) AS n FROM assistance_targets WHERE year = \(bind: year)")
            let helped = try await count("""
                SELECT COUNT(*) AS n FROM assistance_targets t WHERE t.year = \(bind: year) AND t.reasons LIKE '%key-product%' AND (
                  EXISTS (SELECT 1 FROM assistance_cases c WHERE c.enterprise_id = t.enterprise_id AND c.requested_on >= \(bind: from) AND c.requested_on < \(bind: to))
                  OR EXISTS (SELECT 1 FROM assistance_activities a WHERE a.enterprise_ids LIKE '%,' || CAST(t.enterprise_id AS TEXT) || ',%'
                             AND a.held_on >= \(bind: from) AND a.held_on < \(bind: to)))
                """)
            let recorded = try await count("SELECT COUNT(*) AS n FROM assistance_clusters")
            let served = try await count("""
                SELECT COUNT(*) AS n FROM assistance_clusters k WHERE
                  EXISTS (SELECT 1 FROM assistance_activities a WHERE a.cluster = k.name AND a.held_on >= \(bind: from) AND a.held_on < \(bind: to))
                  OR EXISTS (SELECT 1 FROM assistance_cases c JOIN enterprises e ON e.id = c.enterprise_id WHERE e.cluster = k.name
                             AND c.requested_on >= \(bind: from) AND c.requested_on < \(bind: to))
                """)
            return Progress(listed: listed, keyProducersHelped: helped, clustersServed: served, clustersRecorded: recorded)
        }
    }

    // MARK: Clusters

    static func clusterSelect(_ db: any SQLDatabase) -> SQLSelectBuilder {
        db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("k"))).column(SQLColumn("name", table: "l"), as: "leader_name")
            .column(SQLRaw("(SELECT COUNT(*) FROM enterprises m WHERE m.cluster = k.name)"), as: "members")
            .from(SQLAlias(SQLIdentifier("assistance_clusters"), as: SQLIdentifier("k")))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("l")), method: SQLJoinMethod.left,
                  on: SQLColumn("leader_id", table: "k"), .equal, SQLColumn("id", table: "l"))
    }

    static func decodeCluster(_ row: any SQLRow) throws -> AssistanceCluster {
        AssistanceCluster(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                          districtCode: try row.decode(column: "district_code", as: String?.self),
                          productIds: AssistanceActivityRepository.ids(try row.decode(column: "product_ids", as: String.self)),
                          leaderId: try row.decode(column: "leader_id", as: Int64?.self), leaderName: try row.decode(column: "leader_name", as: String?.self),
                          focus: try row.decode(column: "focus", as: String.self), members: try row.decode(column: "members", as: Int.self),
                          createdBy: try row.decode(column: "created_by", as: String.self))
    }

    /// The clusters a principal reads: the city all, a district its own.
    public func clusters(as p: Principal) async throws -> [AssistanceCluster] {
        try Self.organiser(p)
        return try await database.session { db in
            var q = Self.clusterSelect(db)
            if let d = Self.district(p, nil) { q = q.where(SQLColumn("district_code", table: "k"), .equal, SQLBind(d)) }
            return try await q.orderBy(SQLColumn("name", table: "k")).limit(500).all().map(Self.decodeCluster)
        }
    }

    public func cluster(_ id: Int64, as p: Principal) async throws -> (cluster: AssistanceCluster, members: [(id: Int64, name: String, uscc: String, scale: String?)])? {
        try Self.organiser(p)
        return try await database.session { db in
            var q = Self.clusterSelect(db).where(SQLColumn("id", table: "k"), .equal, SQLBind(id))
            if let d = Self.district(p, nil) { q = q.where(SQLColumn("district_code", table: "k"), .equal, SQLBind(d)) }
            guard let cluster = try await q.first().map(Self.decodeCluster) else { return nil }
            let members = try await db.select().columns("id", "name", "uscc", "scale").from("enterprises").where("cluster", .equal, SQLBind(cluster.name))
                .orderBy("id").limit(500).all()
                .map { (id: try $0.decode(column: "id", as: Int64.self), name: try $0.decode(column: "name", as: String.self),
                        uscc: try $0.decode(column: "uscc", as: String.self), scale: try $0.decode(column: "scale", as: String?.self)) }
            return (cluster, members)
        }
    }

    /// A cluster record: its name as the enterprises' records give it, the 链主 a member named by USCC, products by code.
    public func createCluster(name: String, productCodes: [String], leaderUscc: String?, focus: String, as p: Principal) async throws -> AssistanceCluster {
        try Self.organiser(p)
        var errors = AssistanceCluster.check(name: name, focus: focus)
        for (field, text) in [("name", name), ("focus", focus), ("leaderUscc", leaderUscc ?? "")] where text.hasInvisibleControl {
            errors.append(FieldError(field, "含有不可见的控制字符"))
        }
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        let trimmed = name.trimmed
        return try await database.transaction { db in
            if try await db.select().column("id").from("assistance_clusters").where("name", .equal, SQLBind(trimmed)).first() != nil {
                throw StoreError.invalid(ValidationFailure([FieldError("name", "已有同名的产业集聚区记录")]))
            }
            let district = try await db.select().column("district_code").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("enterprises")
                .where("cluster", .equal, SQLBind(trimmed)).groupBy("district_code").orderBy(SQLRaw("n"), SQLDirection.descending).first()?
                .decode(column: "district_code", as: String?.self)
            guard let district else {
                throw StoreError.invalid(ValidationFailure([FieldError("name", "没有企业档案登记在该产业集聚区，请核对名称")]))
            }
            if p.role == .districtSupervisor, district != p.districtCode {
                throw StoreError.invalid(ValidationFailure([FieldError("name", "该产业集聚区不在本辖区")]))
            }
            var leader: Int64?
            if let code = leaderUscc?.trimmed.uppercased(), !code.isEmpty {
                guard let id = try await db.select().column("id").from("enterprises").where("uscc", .equal, SQLBind(code)).where("cluster", .equal, SQLBind(trimmed))
                    .first()?.decode(column: "id", as: Int64.self) else {
                    throw StoreError.invalid(ValidationFailure([FieldError("leaderUscc", "链主企业应为该集聚区的企业（按统一社会信用代码）")]))
                }
                leader = id
            }
            var products: [Int64] = []
            for code in productCodes {
                guard let id = try await db.select().column("id").from("products").where("code", .equal, SQLBind(code)).first()?.decode(column: "id", as: Int64.self) else {
                    throw StoreError.invalid(ValidationFailure([FieldError("productCodes", "未找到产品编码\(code)")]))
                }
                products.append(id)
            }
            let id = try await db.insert(into: "assistance_clusters").columns("name", "district_code", "product_ids", "leader_id", "focus", "created_by", "created_at")
                .values(SQLBind(trimmed), SQLBind(district), SQLBind(AssistanceActivityRepository.ids(products)), SQLBind(leader), SQLBind(focus.trimmed),
                        SQLBind(p.username), SQLBind(Clock.nowText()))
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            guard let cluster = try await Self.clusterSelect(db).where(SQLColumn("id", table: "k"), .equal, SQLBind(id)).first().map(Self.decodeCluster) else {
                throw StoreError.internalError("产业集聚区写入后未能读出")
            }
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: "assistance_cluster", entityId: id,
                                      summary: "登记产业集聚区：\(cluster.name)（\(cluster.members)家企业）", before: nil, after: AuditLog.json(cluster))
            return cluster
        }
    }
}
