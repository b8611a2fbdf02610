import Foundation
import PinzhiDomain
import SQLKit

/// On-site inspections of a campaign (SPEC CP-3): recorded by the district with the stage's checklist and two
/// inspectors at least — each 不符合 becomes a problem item in the same transaction —, confirmed by the enterprise
/// from its account; the coverage of the campaign products' licence holders per district, the missing named.
public struct InspectionRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// Who reads an inspection: the city and enforcement all, a district its district's, the enterprise its own.
    static func visible(_ q: SQLSelectBuilder, _ p: Principal) -> SQLSelectBuilder {
        switch p.role {
        case .cityAdmin, .citySupervisor, .enforcementOfficer: q
        case .districtSupervisor: q.where(SQLColumn("district_code", table: "x"), .equal, SQLBind(p.districtCode ?? ""))
        case .enterpriseUser: q.where(SQLColumn("enterprise_id", table: "x"), .equal, SQLBind(p.enterpriseId ?? -1))
        default: q.where(SQLRaw("1 = 0"))
        }
    }

    static func from(_ q: SQLSelectBuilder) -> SQLSelectBuilder {
        q.from(SQLAlias(SQLIdentifier("campaign_inspections"), as: SQLIdentifier("x")))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "x"), .equal, SQLColumn("id", table: "e"))
            .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                  on: SQLColumn("product_id", table: "x"), .equal, SQLColumn("id", table: "p"))
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        from(db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("x"))).column(SQLColumn("name", table: "e"), as: "enterprise_name")
            .column(SQLColumn("name", table: "p"), as: "product_name"))
    }

    static func decode(_ row: any SQLRow) throws -> Inspection {
        let day = { (column: String) throws -> Day? in try EnforcementScope.day(row, column) }
        var i = Inspection(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                           campaignId: try row.decode(column: "campaign_id", as: Int64.self), districtCode: try row.decode(column: "district_code", as: String?.self),
                           enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                           enterpriseName: try row.decode(column: "enterprise_name", as: String.self),
                           productId: try row.decode(column: "product_id", as: Int64?.self), productName: try row.decode(column: "product_name", as: String?.self),
                           stage: ProblemStage(rawValue: try row.decode(column: "stage", as: String.self)) ?? .production,
                           basis: InspectionBasis(rawValue: try row.decode(column: "basis", as: String.self)) ?? .riskDraw,
                           inspectedOn: try day("inspected_on") ?? Day(year: 1970, month: 1, day: 1)!,
                           inspectors: CampaignJSON.decode([String].self, try row.decode(column: "inspectors_json", as: String.self)) ?? [],
                           answers: CampaignJSON.decode([ChecklistAnswer].self, try row.decode(column: "answers_json", as: String.self)) ?? [])
        i.confirmedOn = try day("confirmed_on")
        i.enterpriseRemark = try row.decode(column: "enterprise_remark", as: String?.self)
        return i
    }

    public struct Filter: Sendable {
        public var campaignId: Int64?
        public var district: String?
        public var stage: ProblemStage?
        public var withFindings: Bool?
        public var search: String?
        public init() {}
    }

    static func where_(_ q: SQLSelectBuilder, _ f: Filter, _ p: Principal) -> SQLSelectBuilder {
        var q = visible(q, p)
        if let c = f.campaignId { q = q.where(SQLColumn("campaign_id", table: "x"), .equal, SQLBind(c)) }
        if let d = f.district, !d.isEmpty { q = q.where(SQLColumn("district_code", table: "x"), .equal, SQLBind(d)) }
        if let s = f.stage { q = q.where(SQLColumn("stage", table: "x"), .equal, SQLBind(s.rawValue)) }
        if let w = f.withFindings { q = q.where(SQLColumn("findings", table: "x"), w ? .greaterThan : .equal, SQLBind(0)) }
        if let s = f.search?.trimmed, !s.isEmpty { q = q.where(SQLColumn("name", table: "e"), .like, SQLBind("%\(s)%")) }
        return q
    }

    public func page(_ f: Filter, limit: Int, offset: Int, as p: Principal) async throws -> Page<Inspection> {
        try await database.session { db in
            try await PagedSelect.page(db, counting: { Self.where_(Self.from($0), f, p) }, rows: Self.where_(Self.select(db), f, p),
                                       order: [(SQLColumn("inspected_on", table: "x"), .descending), (SQLColumn("id", table: "x"), .descending)],
                                       limit: limit, offset: offset, decode: Self.decode)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> Inspection? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> Inspection? {
        try await visible(select(db).where(SQLColumn("id", table: "x"), .equal, SQLBind(id)), p).first().map(decode)
    }

    /// An inspection as the district records it: the enterprise by USCC, the stage's answers by item.
    public struct Entry: Sendable {
        public var campaignId: Int64
        public var uscc: String
        public var productCode: String?
        public var stage: ProblemStage
        public var basis: InspectionBasis
        public var inspectedOn: Day
        public var inspectors: [String]
        public var answers: [ChecklistAnswer]

        public init(campaignId: Int64, uscc: String, productCode: String?, stage: ProblemStage, basis: InspectionBasis, inspectedOn: Day,
                    inspectors: [String], answers: [ChecklistAnswer]) {
            self.campaignId = campaignId
            self.uscc = uscc
            self.productCode = productCode
            self.stage = stage
            self.basis = basis
            self.inspectedOn = inspectedOn
            self.inspectors = inspectors
            self.answers = answers
        }
    }

    public static func mayRecord(_ p: Principal) -> Bool { [.cityAdmin, .citySupervisor, .districtSupervisor].contains(p.role) }

    /// Records the inspection and, in the same transaction, a problem item for each 不符合. Audited; bad input
    /// writes nothing.
    public func record(_ entry: Entry, today: Day, as p: Principal) async throws -> (inspection: Inspection, items: [ProblemItem]) {
        guard Self.mayRecord(p) else { throw StoreError.forbidden }
        return try await database.transaction { db in
            guard let campaign = try await CampaignRepository.find(db, entry.campaignId, p), campaign.state == .active else {
                throw StoreError.invalid(ValidationFailure([FieldError("campaignId", "请选择进行中的专项行动")]))
            }
            var errors: [FieldError] = []
            let uscc = entry.uscc.trimmed.uppercased()
            let enterprise = try await db.select().columns("id", "name", "district_code").from("enterprises").where("uscc", .equal, SQLBind(uscc)).first()
            if enterprise == nil { errors.append(FieldError("uscc", "未找到该统一社会信用代码的企业")) }
            let district = try enterprise?.decode(column: "district_code", as: String?.self)
            if enterprise != nil, !AssistancePolicy.organises(p, districtCode: district) { errors.append(FieldError("uscc", "该企业不在本辖区")) }
            var productId: Int64?
            if let code = entry.productCode?.trimmed, !code.isEmpty {
                productId = try await db.select().column("id").from("products").where("code", .equal, SQLBind(code)).first()?.decode(column: "id", as: Int64.self)
                if productId == nil { errors.append(FieldError("productCode", "未找到该产品编码的产品")) }
            }
            if entry.inspectedOn < campaign.startsOn { errors.append(FieldError("inspectedOn", "检查日期早于专项行动开始日期（\(campaign.startsOn)）")) }
            var inspection = Inspection(campaignId: campaign.id, districtCode: district, enterpriseId: try enterprise?.decode(column: "id", as: Int64.self) ?? 0,
                                        productId: productId, stage: entry.stage, basis: entry.basis, inspectedOn: entry.inspectedOn,
                                        inspectors: entry.inspectors.map(\.trimmed).filter { !$0.isEmpty }, answers: entry.answers)
            errors += inspection.validate(today: today)
            for a in entry.answers where a.note.hasInvisibleControl || a.note.count > 500 {
                errors.append(FieldError("note_\(a.item.rawValue)", "情况说明不能超过500个字，且不能含控制字符"))
            }
            guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
            let now = Clock.nowText()
            inspection.id = try await db.insert(into: "campaign_inspections")
                .columns("campaign_id", "district_code", "enterprise_id", "product_id", "stage", "basis", "inspected_on", "inspectors_json", "answers_json",
                         "findings", "created_by", "created_at", "updated_at")
                .values(SQLBind(campaign.id), SQLBind(district), SQLBind(inspection.enterpriseId), SQLBind(productId), SQLBind(entry.stage.rawValue),
                        SQLBind(entry.basis.rawValue), SQLBind(entry.inspectedOn.description), SQLBind(AuditLog.json(inspection.inspectors) ?? "[]"),
                        SQLBind(AuditLog.json(inspection.answers) ?? "[]"), SQLBind(inspection.findings.count), SQLBind(p.username), SQLBind(now), SQLBind(now))
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            guard let stored = try await Self.find(db, inspection.id, p) else { throw StoreError.internalError("现场检查写入后未能读出") }
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: "campaign_inspection", entityId: stored.id,
                                      summary: "现场检查\(stored.number)：\(stored.enterpriseName)（\(stored.stage.label)，不符合\(stored.findings.count)项）",
                                      before: nil, after: AuditLog.json(stored))
            var items: [ProblemItem] = []
            for finding in stored.findings {
                var item = ProblemItem(campaignId: campaign.id, districtCode: district, enterpriseId: stored.enterpriseId, productId: productId,
                                       stage: stored.stage, source: .inspection, problem: "\(finding.item.label)：不符合。\(finding.note)",
                                       evidence: "现场检查\(stored.number)（\(stored.inspectors.joined(separator: "、"))）", reportedOn: stored.inspectedOn)
                item.inspectionId = stored.id
                items.append(try await ProblemItemRepository.insert(db, item, by: p))
            }
            return (stored, items)
        }
    }

    /// The enterprise confirms the record of its inspection from its account, with a remark if it has one.
    public func confirm(_ id: Int64, remark: String?, today: Day, as p: Principal) async throws -> Inspection {
        guard p.role == .enterpriseUser else { throw StoreError.forbidden }
        let text = remark?.trimmed.nilIfEmpty
        if let text, text.count > 500 || text.hasInvisibleControl {
            throw StoreError.invalid(ValidationFailure([FieldError("remark", "意见不能超过500个字，且不能含控制字符")]))
        }
        return try await database.transaction { db in
            guard let i = try await Self.find(db, id, p) else { throw StoreError.notFound }
            guard i.confirmedOn == nil else { throw StoreError.conflict("该现场检查记录已于\(i.confirmedOn?.description ?? "")确认") }
            let row = try await db.update("campaign_inspections").set("confirmed_on", to: SQLBind(today.description)).set("enterprise_remark", to: SQLBind(text))
                .set(SQLIdentifier("version"), to: SQLRaw("version + 1")).set("updated_at", to: SQLBind(Clock.nowText()))
                .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(i.version)).returning("id").first()
            guard row != nil else { throw StoreError.staleVersion(current: i.version) }
            guard let after = try await Self.find(db, id, p) else { throw StoreError.notFound }
            try await AuditLog.append(db, actor: AuditActor(p), action: "confirm", entity: "campaign_inspection", entityId: id,
                                      summary: "企业确认现场检查\(i.number)" + (text.map { "：\($0)" } ?? ""), before: AuditLog.json(i), after: AuditLog.json(after))
            return after
        }
    }

    /// The 100 % coverage (CP-3): the enterprises holding a valid production licence that make one of the campaign's
    /// products, per district, against those inspected in the campaign; a district sees its own.
    public func coverage(_ campaign: Campaign, today: Day, as p: Principal) async throws -> InspectionCoverage {
        guard [.cityAdmin, .citySupervisor, .districtSupervisor, .enforcementOfficer].contains(p.role) else { throw StoreError.forbidden }
        guard !campaign.productIds.isEmpty else { return InspectionCoverage(lines: []) }
        return try await database.session { db in
            // Two uncorrelated sets, each read once: as a correlated EXISTS, SQLite without statistics searched the
            // licences by expiry for every enterprise (100,000 × 40,000 rows: the generator stalled on it).
            var q = db.select().columns("id", "name", "district_code").from("enterprises")
                .where(SQLQueryString("id IN (SELECT enterprise_id FROM licences WHERE licence_kind = 'production' AND status = 'valid' AND active = \(bind: true) AND expires_on >= \(bind: today.description))"))
                .where(SQLQueryString("id IN (SELECT enterprise_id FROM enterprise_products WHERE active = \(bind: true) AND stage = 'production' AND product_id IN (\(binds: campaign.productIds)))"))
            if p.role == .districtSupervisor { q = q.where("district_code", .equal, SQLBind(p.districtCode ?? "")) }
            let holders = try await q.orderBy("name").all().map {
                InspectionCoverage.Holder(enterpriseId: try $0.decode(column: "id", as: Int64.self), enterpriseName: try $0.decode(column: "name", as: String.self),
                                          districtCode: try $0.decode(column: "district_code", as: String?.self))
            }
            let inspected = Set(try await db.select().column("enterprise_id").from("campaign_inspections").where("campaign_id", .equal, SQLBind(campaign.id))
                .where("stage", .equal, SQLBind(ProblemStage.production.rawValue)).all().map { try $0.decode(column: "enterprise_id", as: Int64.self) })
            return InspectionCoverage.of(holders: holders, inspected: inspected)
        }
    }
}
