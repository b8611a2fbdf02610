import Foundation
import PinzhiDomain
import SQLKit

/// Campaigns 专项行动 (SPEC CP-1): created by the city with their phases, key products and participants; read by the
/// bureau, enforcement and enterprises (which file their self-inspection against one); closed by the city only
/// when its problem list allows (ProblemProgress.closingBlockers).
public struct CampaignRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public static let readerRoles: Set<Role> = [.cityAdmin, .citySupervisor, .districtSupervisor, .enforcementOfficer, .enterpriseUser]
    public static func mayCreate(_ p: Principal) -> Bool { [.cityAdmin, .citySupervisor].contains(p.role) }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder { db.select().column("*").from("campaigns") }

    static func decode(_ row: any SQLRow) throws -> Campaign {
        let day = { (column: String) throws -> Day? in try EnforcementScope.day(row, column) }
        let epoch = Day(year: 1970, month: 1, day: 1)!
        var c = Campaign(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                         name: try row.decode(column: "name", as: String.self), year: try row.decode(column: "year", as: Int.self),
                         startsOn: try day("starts_on") ?? epoch, endsOn: try day("ends_on") ?? epoch,
                         phases: CampaignJSON.decode([CampaignPhase].self, try row.decode(column: "phases_json", as: String.self)) ?? [],
                         productIds: CampaignJSON.decode([Int64].self, try row.decode(column: "product_ids", as: String.self)) ?? [],
                         organisations: CampaignJSON.decode([CampaignOrganisation].self, try row.decode(column: "organisations_json", as: String.self)) ?? [],
                         state: CampaignState(rawValue: try row.decode(column: "state", as: String.self)) ?? .active)
        c.closedOn = try day("closed_on")
        c.closingNote = try row.decode(column: "closing_note", as: String?.self)
        return c
    }

    public func list(as p: Principal) async throws -> [Campaign] {
        guard Self.readerRoles.contains(p.role) else { throw StoreError.forbidden }
        return try await database.session { db in
            try await Self.select(db).orderBy("year", .descending).orderBy("id", .descending).all().map(Self.decode)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> Campaign? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> Campaign? {
        guard readerRoles.contains(p.role) else { return nil }
        return try await select(db).where("id", .equal, SQLBind(id)).first().map(decode)
    }

    /// The campaigns under way (a failed batch of their products makes a problem item).
    static func active(_ db: any SQLDatabase) async throws -> [Campaign] {
        try await select(db).where("state", .equal, SQLBind(CampaignState.active.rawValue)).all().map(decode)
    }

    /// The campaign's key products by id and name, in the campaign's order.
    public func products(of c: Campaign) async throws -> [(id: Int64, name: String)] {
        try await database.session { db in try await Self.products(db, c) }
    }

    static func products(_ db: any SQLDatabase, _ c: Campaign) async throws -> [(id: Int64, name: String)] {
        guard !c.productIds.isEmpty else { return [] }
        var names: [Int64: String] = [:]
        for row in try await db.select().columns("id", "name").from("products").where("id", .in, SQLBind.group(c.productIds)).all() {
            names[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "name", as: String.self)
        }
        return c.productIds.compactMap { id in names[id].map { (id, $0) } }
    }

    /// A new campaign as the city enters it: its phases default to 001's for the year, its products to the
    /// catalogue's campaign products (专项行动20种重点产品).
    public struct Draft: Sendable {
        public var name: String
        public var year: Int
        public var startsOn: Day?
        public var endsOn: Day?
        public var phases: [CampaignPhase]?
        public var productIds: [Int64]?

        public init(name: String, year: Int, startsOn: Day? = nil, endsOn: Day? = nil, phases: [CampaignPhase]? = nil, productIds: [Int64]? = nil) {
            self.name = name
            self.year = year
            self.startsOn = startsOn
            self.endsOn = endsOn
            self.phases = phases
            self.productIds = productIds
        }
    }

    public func create(_ draft: Draft, as p: Principal) async throws -> Campaign {
        guard Self.mayCreate(p) else { throw StoreError.forbidden }
        guard (2000...2100).contains(draft.year) else { throw StoreError.invalid(ValidationFailure([FieldError("year", "年度应为2000至2100")])) }
        return try await database.transaction { db in
            var productIds = draft.productIds ?? []
            if draft.productIds == nil {
                productIds = try await db.select().column("id").from("products").where("campaign_key", .equal, SQLBind(true))
                    .where("active", .equal, SQLBind(true)).orderBy("id").all().map { try $0.decode(column: "id", as: Int64.self) }
            } else if !productIds.isEmpty {
                let known = try await db.select().column("id").from("products").where("id", .in, SQLBind.group(productIds)).all().count
                if known != Set(productIds).count { throw StoreError.invalid(ValidationFailure([FieldError("products", "重点产品中有不存在的产品")])) }
            }
            let campaign = Campaign(name: draft.name.trimmed, year: draft.year,
                                    startsOn: draft.startsOn ?? Day(year: draft.year, month: 3, day: 1)!,
                                    endsOn: draft.endsOn ?? Day(year: draft.year, month: 10, day: 31)!,
                                    phases: draft.phases ?? Campaign.phases001(year: draft.year), productIds: productIds)
            var errors = campaign.validate()
            if campaign.name.hasInvisibleControl || campaign.name.count > 100 { errors.append(FieldError("name", "名称不能超过100个字，且不能含控制字符")) }
            guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
            let now = Clock.nowText()
            let id = try await db.insert(into: "campaigns")
                .columns("name", "year", "starts_on", "ends_on", "phases_json", "product_ids", "organisations_json", "state", "created_by", "created_at",
                         "updated_at")
                .values(SQLBind(campaign.name), SQLBind(campaign.year), SQLBind(campaign.startsOn.description), SQLBind(campaign.endsOn.description),
                        SQLBind(AuditLog.json(campaign.phases) ?? "[]"), SQLBind(AuditLog.json(campaign.productIds) ?? "[]"),
                        SQLBind(AuditLog.json(campaign.organisations) ?? "[]"), SQLBind(campaign.state.rawValue), SQLBind(p.username), SQLBind(now), SQLBind(now))
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            guard let stored = try await Self.find(db, id, p) else { throw StoreError.internalError("专项行动写入后未能读出") }
            try await CampaignFormRepository.insertAll(db, stored)
            try await CampaignSummaryRepository.insertAll(db, stored)
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: "campaign", entityId: id,
                                      summary: "创建专项行动“\(stored.name)”（\(stored.productIds.count)种重点产品）", before: nil, after: AuditLog.json(stored))
            return stored
        }
    }

    /// Closes the campaign (the city): refused while an item is open without the city's approval to carry it over.
    public func close(_ id: Int64, note: String, today: Day, as p: Principal) async throws -> Campaign {
        guard Self.mayCreate(p) else { throw StoreError.forbidden }
        return try await database.transaction { db in
            guard let c = try await Self.find(db, id, p) else { throw StoreError.notFound }
            guard c.state == .active else { throw StoreError.conflict("该专项行动已结束") }
            let blockers = ProblemProgress.closingBlockers(try await ProblemItemRepository.all(db, campaign: id, p))
            guard blockers.isEmpty else {
                throw StoreError.conflict("问题清单尚有\(blockers.count)项未销号且未经批准结转：\(blockers.prefix(10).joined(separator: "、"))\(blockers.count > 10 ? "等" : "")")
            }
            let row = try await db.update("campaigns").set("state", to: SQLBind(CampaignState.closed.rawValue)).set("closed_on", to: SQLBind(today.description))
                .set("closing_note", to: SQLBind(note.trimmed.nilIfEmpty)).set(SQLIdentifier("version"), to: SQLRaw("version + 1"))
                .set("updated_at", to: SQLBind(Clock.nowText())).where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(c.version))
                .returning("id").first()
            guard row != nil else { throw StoreError.staleVersion(current: c.version) }
            guard let closed = try await Self.find(db, id, p) else { throw StoreError.notFound }
            try await AuditLog.append(db, actor: AuditActor(p), action: "close", entity: "campaign", entityId: id, summary: "结束专项行动“\(c.name)”",
                                      before: AuditLog.json(c), after: AuditLog.json(closed))
            return closed
        }
    }
}
