import Foundation
import PinzhiDomain
import SQLKit

/// The city's supervision of the districts in a campaign (SPEC CP-6): 巡回督导 and 飞行检查 recorded by the city (or
/// 执法总队, which takes part in 飞行检查), read by the city, enforcement and the district visited; a lagging district's
/// 通报 / 约谈 / 挂牌督办 is a letter (EN-3) linked here and followed to closure on its own page.
public struct SupervisionRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public static func mayRecord(_ p: Principal) -> Bool { [.cityAdmin, .citySupervisor, .enforcementOfficer].contains(p.role) }

    static func decode(_ row: any SQLRow) throws -> SupervisionVisit {
        SupervisionVisit(id: try row.decode(column: "id", as: Int64.self), campaignId: try row.decode(column: "campaign_id", as: Int64.self),
                         kind: SupervisionKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .tour,
                         districtCode: try row.decode(column: "district_code", as: String.self),
                         visitedOn: try EnforcementScope.day(row, "visited_on") ?? Day(year: 1970, month: 1, day: 1)!,
                         team: CampaignJSON.decode([String].self, try row.decode(column: "team_json", as: String.self)) ?? [],
                         findings: try row.decode(column: "findings", as: String.self), letterId: try row.decode(column: "letter_id", as: Int64?.self))
    }

    public func list(campaign: Int64, as p: Principal) async throws -> [SupervisionVisit] {
        let district: String?
        switch p.role {
        case .cityAdmin, .citySupervisor, .enforcementOfficer: district = nil
        case .districtSupervisor: district = p.districtCode ?? ""
        default: throw StoreError.forbidden
        }
        return try await database.session { db in
            var q = db.select().column("*").from("campaign_supervisions").where("campaign_id", .equal, SQLBind(campaign))
            if let district { q = q.where("district_code", .equal, SQLBind(district)) }
            return try await q.orderBy("visited_on", .descending).orderBy("id", .descending).all().map(Self.decode)
        }
    }

    /// Records a visit; a letter named must be one to the district visited. Audited; bad input writes nothing.
    public func record(_ visit: SupervisionVisit, today: Day, as p: Principal) async throws -> SupervisionVisit {
        guard Self.mayRecord(p) else { throw StoreError.forbidden }
        var v = visit
        v.team = v.team.map(\.trimmed).filter { !$0.isEmpty }
        v.findings = v.findings.trimmed
        var errors = v.validate(today: today)
        if v.findings.count > 2000 || v.findings.hasInvisibleControl || v.team.contains(where: \.hasInvisibleControl) {
            errors.append(FieldError("findings", "不能超过2000个字，且不能含控制字符"))
        }
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        let checked = v
        return try await database.transaction { db in
            var v = checked
            guard let campaign = try await CampaignRepository.find(db, v.campaignId, p) else { throw StoreError.notFound }
            if let letter = v.letterId {
                let row = try await db.select().column("district_code").column("enterprise_id").from("letters").where("id", .equal, SQLBind(letter)).first()
                guard let row, try row.decode(column: "enterprise_id", as: Int64?.self) == nil,
                      try row.decode(column: "district_code", as: String?.self) == v.districtCode else {
                    throw StoreError.invalid(ValidationFailure([FieldError("letterId", "督办文书应为发给被督导区局的文书")]))
                }
            }
            v.id = try await db.insert(into: "campaign_supervisions")
                .columns("campaign_id", "kind", "district_code", "visited_on", "team_json", "findings", "letter_id", "created_by", "created_at")
                .values(SQLBind(campaign.id), SQLBind(v.kind.rawValue), SQLBind(v.districtCode), SQLBind(v.visitedOn.description),
                        SQLBind(AuditLog.json(v.team) ?? "[]"), SQLBind(v.findings), SQLBind(v.letterId), SQLBind(p.username), SQLBind(Clock.nowText()))
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: "campaign_supervision", entityId: v.id,
                                      summary: "\(v.kind.label)\(District.named(code: v.districtCode))（\(campaign.name)）：\(v.findings)", before: nil,
                                      after: AuditLog.json(v))
            return v
        }
    }
}
