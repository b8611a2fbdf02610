import Foundation
import PinzhiDomain
import SQLKit

/// Enterprises' self-inspections and commitments in a campaign (SPEC CP-2): filed once per campaign from the
/// enterprise's own account; a problem found and not yet rectified becomes a problem item (source 企业自查) in the
/// same transaction; coverage per district against the producers of the campaign's products.
public struct SelfInspectionRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    static func visible(_ q: SQLSelectBuilder, _ p: Principal) -> SQLSelectBuilder {
        switch p.role {
        case .cityAdmin, .citySupervisor, .enforcementOfficer: q
        case .districtSupervisor: q.where(SQLColumn("district_code", table: "s"), .equal, SQLBind(p.districtCode ?? ""))
        case .enterpriseUser: q.where(SQLColumn("enterprise_id", table: "s"), .equal, SQLBind(p.enterpriseId ?? -1))
        default: q.where(SQLRaw("1 = 0"))
        }
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("s"))).column(SQLColumn("name", table: "e"), as: "enterprise_name")
            .from(SQLAlias(SQLIdentifier("campaign_self_inspections"), as: SQLIdentifier("s")))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "s"), .equal, SQLColumn("id", table: "e"))
    }

    static func decode(_ row: any SQLRow) throws -> SelfInspection {
        var s = SelfInspection(id: try row.decode(column: "id", as: Int64.self), campaignId: try row.decode(column: "campaign_id", as: Int64.self),
                               enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                               enterpriseName: try row.decode(column: "enterprise_name", as: String.self),
                               districtCode: try row.decode(column: "district_code", as: String?.self),
                               filedOn: try EnforcementScope.day(row, "filed_on") ?? Day(year: 1970, month: 1, day: 1)!,
                               sections: CampaignJSON.decode([SelfInspection.Section].self, try row.decode(column: "sections_json", as: String.self)) ?? [],
                               signatory: try row.decode(column: "signatory", as: String.self), committed: try row.decode(column: "committed", as: Bool.self))
        s.problemsRectified = try row.decode(column: "problems_rectified", as: String?.self)
        s.problemsOpen = try row.decode(column: "problems_open", as: String?.self)
        return s
    }

    public func list(campaign: Int64, as p: Principal) async throws -> [SelfInspection] {
        try await database.session { db in
            try await Self.visible(Self.select(db), p).where(SQLColumn("campaign_id", table: "s"), .equal, SQLBind(campaign))
                .orderBy(SQLColumn("filed_on", table: "s"), SQLDirection.descending).limit(5000).all().map(Self.decode)
        }
    }

    /// The enterprise's own self-inspection of the campaign, if filed.
    public func own(campaign: Int64, as p: Principal) async throws -> SelfInspection? {
        guard p.role == .enterpriseUser else { return nil }
        return try await database.session { db in
            try await Self.visible(Self.select(db), p).where(SQLColumn("campaign_id", table: "s"), .equal, SQLBind(campaign)).first().map(Self.decode)
        }
    }

    /// Files the enterprise's self-inspection and commitment, once per campaign. Audited; bad input writes nothing.
    public func file(_ input: SelfInspection, today: Day, as p: Principal) async throws -> (SelfInspection, ProblemItem?) {
        guard p.role == .enterpriseUser, let enterpriseId = p.enterpriseId else { throw StoreError.forbidden }
        var s = input
        s.enterpriseId = enterpriseId
        s.filedOn = today
        s.problemsRectified = s.problemsRectified?.trimmed.nilIfEmpty
        s.problemsOpen = s.problemsOpen?.trimmed.nilIfEmpty
        var errors = s.validate()
        for (field, text) in [("problemsRectified", s.problemsRectified ?? ""), ("problemsOpen", s.problemsOpen ?? ""), ("signatory", s.signatory)]
            + s.sections.map({ ("note_\($0.topic.rawValue)", $0.note) }) where text.hasInvisibleControl || text.count > 2000 {
            errors.append(FieldError(field, "不能超过2000个字，且不能含控制字符"))
        }
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        let filing = s
        return try await database.transaction { db in
            let s = filing
            guard let campaign = try await CampaignRepository.find(db, s.campaignId, p), campaign.state == .active else {
                throw StoreError.invalid(ValidationFailure([FieldError("campaignId", "请选择进行中的专项行动")]))
            }
            if try await db.select().column("id").from("campaign_self_inspections").where("campaign_id", .equal, SQLBind(campaign.id))
                .where("enterprise_id", .equal, SQLBind(enterpriseId)).first() != nil {
                throw StoreError.conflict("本企业已提交该专项行动的自查报告和质量安全承诺")
            }
            let district = try await db.select().column("district_code").from("enterprises").where("id", .equal, SQLBind(enterpriseId)).first()?
                .decode(column: "district_code", as: String?.self)
            let id = try await db.insert(into: "campaign_self_inspections")
                .columns("campaign_id", "enterprise_id", "district_code", "filed_on", "sections_json", "problems_rectified", "problems_open", "signatory",
                         "committed", "created_by", "created_at")
                .values(SQLBind(campaign.id), SQLBind(enterpriseId), SQLBind(district), SQLBind(today.description), SQLBind(AuditLog.json(s.sections) ?? "[]"),
                        SQLBind(s.problemsRectified), SQLBind(s.problemsOpen), SQLBind(s.signatory.trimmed), SQLBind(true), SQLBind(p.username),
                        SQLBind(Clock.nowText()))
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            guard let stored = try await Self.select(db).where(SQLColumn("id", table: "s"), .equal, SQLBind(id)).first().map(Self.decode) else {
                throw StoreError.internalError("自查报告写入后未能读出")
            }
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: "campaign_self_inspection", entityId: id,
                                      summary: "\(stored.enterpriseName)提交自查报告并签署质量安全承诺（\(campaign.name)）", before: nil, after: AuditLog.json(stored))
            var item: ProblemItem?
            if let open = stored.problemsOpen {
                // A problem the enterprise found and has not rectified goes on the list (CP-4 source 企业自查).
                let stage: ProblemStage = try await db.select().column("id").from("enterprise_products").where("enterprise_id", .equal, SQLBind(enterpriseId))
                    .where("stage", .equal, SQLBind(SamplingStage.production.rawValue)).first() == nil ? .circulation : .production
                item = try await ProblemItemRepository.insert(db, ProblemItem(campaignId: campaign.id, districtCode: district, enterpriseId: enterpriseId,
                                                                              stage: stage, source: .selfInspection, problem: "企业自查发现：\(open)",
                                                                              evidence: "自查报告（\(today)）", reportedOn: today), by: p)
            }
            return (stored, item)
        }
    }

    /// Coverage per district: the producers of the campaign's products and how many of them filed (CP-2).
    public func coverage(_ campaign: Campaign, as p: Principal) async throws -> [(district: String?, producers: Int, filed: Int)] {
        guard [.cityAdmin, .citySupervisor, .districtSupervisor, .enforcementOfficer].contains(p.role), !campaign.productIds.isEmpty else { return [] }
        return try await database.session { db in
            var q = db.select().column("district_code").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "producers")
                .column(SQLQueryString("SUM(CASE WHEN EXISTS (SELECT 1 FROM campaign_self_inspections s WHERE s.enterprise_id = enterprises.id AND s.campaign_id = \(bind: campaign.id)) THEN 1 ELSE 0 END)"), as: "filed")
                .from("enterprises")
                .where(SQLQueryString("EXISTS (SELECT 1 FROM enterprise_products ep WHERE ep.enterprise_id = enterprises.id AND ep.active = \(bind: true) AND ep.stage = 'production' AND ep.product_id IN (\(binds: campaign.productIds)))"))
            if p.role == .districtSupervisor { q = q.where("district_code", .equal, SQLBind(p.districtCode ?? "")) }
            let rows = try await q.groupBy("district_code").all().map {
                (district: try $0.decode(column: "district_code", as: String?.self), producers: try $0.decode(column: "producers", as: Int.self),
                 filed: try $0.decode(column: "filed", as: Int?.self) ?? 0)
            }
            let order = District.all.map(\.code)
            return rows.sorted { (order.firstIndex(of: $0.district ?? "") ?? 99) < (order.firstIndex(of: $1.district ?? "") ?? 99) }
        }
    }
}
