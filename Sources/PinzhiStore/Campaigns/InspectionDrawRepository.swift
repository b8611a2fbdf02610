import Foundation
import PinzhiDomain
import SQLKit

/// The district's draw by risk of the enterprises to inspect beyond the licence holders (SPEC CP-3, InspectionDraw):
/// the list committed first (ListCommitmentStore, published at /draw-lists/{id}), then drawn with a public value
/// announced after the commitment; the enterprises drawn are the district's to inspect (basis 按风险程度抽取).
public struct InspectionDrawRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// Only a district bureau draws, for its own district.
    public static func mayDraw(_ p: Principal) -> Bool { p.role == .districtSupervisor && p.districtCode != nil }

    public struct Status: Sendable {
        /// The newest commitment of the district in the campaign, drawn or not.
        public var latest: ListCommitmentRecord?
        /// The enterprises drawn, in draw order, with whether each was inspected since.
        public var drawn: [(enterpriseId: Int64, name: String, inspected: Bool)]
    }

    public func status(_ campaign: Campaign, district: String) async throws -> Status {
        try await database.session { db in
            let latest = try await db.select().column("id").from("list_commitments").where("kind", .equal, SQLBind(ListDraw.Kind.campaignInspection.rawValue))
                .where("subject", .equal, SQLBind(InspectionDraw.subject(campaign: campaign.id, district: district))).orderBy("id", .descending).first()?
                .decode(column: "id", as: Int64.self)
            guard let id = latest, let record = try await ListCommitmentStore.find(db, id) else { return Status(latest: nil, drawn: []) }
            guard !record.selectedIds.isEmpty else { return Status(latest: record, drawn: []) }
            var names: [Int64: String] = [:]
            for row in try await db.select().columns("id", "name").from("enterprises").where("id", .in, SQLBind.group(record.selectedIds)).all() {
                names[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "name", as: String.self)
            }
            let inspected = Set(try await db.select().column("enterprise_id").from("campaign_inspections").where("campaign_id", .equal, SQLBind(campaign.id))
                .where("enterprise_id", .in, SQLBind.group(record.selectedIds)).all().map { try $0.decode(column: "enterprise_id", as: Int64.self) })
            return Status(latest: record, drawn: record.selectedIds.map { ($0, names[$0] ?? "#\($0)", inspected.contains($0)) })
        }
    }

    /// Commits the district's list: every enterprise of the district that makes or sells a key product. Refused while
    /// a committed list waits for its draw.
    public func commit(_ campaign: Campaign, count: Int, today: Day, rules: RuleSet, as p: Principal) async throws -> ListCommitmentRecord {
        guard Self.mayDraw(p), let district = p.districtCode else { throw StoreError.forbidden }
        guard campaign.state == .active else { throw StoreError.conflict("该专项行动已结束") }
        guard (1...200).contains(count) else { throw StoreError.invalid(ValidationFailure([FieldError("count", "抽取家数应为1至200")])) }
        let subject = InspectionDraw.subject(campaign: campaign.id, district: district)
        return try await database.transaction { db in
            if try await ListCommitmentStore.open(db, kind: .campaignInspection, subject: subject) != nil {
                throw StoreError.conflict("本区已公布候选名单承诺，请先公布随机值完成抽取")
            }
            let rows = try await db.select().columns("id", "uscc", "credit_class").from("enterprises")
                .where("district_code", .equal, SQLBind(district)).where("active", .equal, SQLBind(true))
                .where(SQLQueryString("EXISTS (SELECT 1 FROM enterprise_products ep WHERE ep.enterprise_id = enterprises.id AND ep.active = \(bind: true) AND ep.product_id IN (\(binds: campaign.productIds)))"))
                .orderBy("id").all()
            let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
            guard !ids.isEmpty else { throw StoreError.conflict("本区没有生产或销售重点产品的企业") }
            let holders = Set(try await db.select().column("enterprise_id").from("licences").where("enterprise_id", .in, SQLBind.group(ids))
                .where("licence_kind", .equal, SQLBind(LicenceKind.production.rawValue)).where("status", .equal, SQLBind(LicenceStatus.valid.rawValue))
                .where("expires_on", .greaterThanOrEqual, SQLBind(today.description)).all().map { try $0.decode(column: "enterprise_id", as: Int64.self) })
            let inspected = Set(try await db.select().column("enterprise_id").from("campaign_inspections").where("campaign_id", .equal, SQLBind(campaign.id))
                .where("enterprise_id", .in, SQLBind.group(ids)).all().map { try $0.decode(column: "enterprise_id", as: Int64.self) })
            let candidates = try rows.map { row in
                let id = try row.decode(column: "id", as: Int64.self)
                return InspectionDraw.Candidate(enterpriseId: id, uscc: try row.decode(column: "uscc", as: String.self),
                                                creditClass: try row.decode(column: "credit_class", as: String.self),
                                                holdsLicence: holders.contains(id), inspected: inspected.contains(id))
            }
            let list = InspectionDraw.list(campaign: campaign.id, district: district, day: today, count: count, candidates: candidates,
                                           salts: ListCommitmentStore.salts(candidates.count), committedAt: Clock.nowText(), rules: rules)
            guard list.eligibleCount > 0 else { throw StoreError.conflict("本区没有可抽取的企业（获证企业与已检查企业不参与抽取）") }
            return try await ListCommitmentStore.commit(db, list, recordId: campaign.id, entity: "campaign", entityId: campaign.id, by: p.username,
                                                        actor: AuditActor(p))
        }
    }

    /// Draws from the district's open commitment with a value announced after it.
    public func draw(_ campaign: Campaign, reveal: CommittedDraw.Reveal, as p: Principal) async throws -> ListCommitmentRecord {
        guard Self.mayDraw(p), let district = p.districtCode else { throw StoreError.forbidden }
        if let problem = CommittedDraw.revealProblem(reveal, witnessHash: nil) {
            throw StoreError.invalid(ValidationFailure([FieldError("publicValue", problem)]))
        }
        return try await database.transaction { db in
            guard let open = try await ListCommitmentStore.open(db, kind: .campaignInspection,
                                                                subject: InspectionDraw.subject(campaign: campaign.id, district: district)),
                  let list = try await ListCommitmentStore.list(db, open.id) else {
                throw StoreError.conflict("尚未公布候选名单承诺，不能抽取")
            }
            try await ListCommitmentStore.markDrawn(db, open.id, reveal: reveal, outcome: list.run(reveal), entity: "campaign", entityId: campaign.id,
                                                    by: p.username, actor: AuditActor(p), at: Clock.nowText())
            guard let drawn = try await ListCommitmentStore.find(db, open.id) else { throw StoreError.notFound }
            return drawn
        }
    }
}
