import Foundation
import PinzhiDomain
import SQLKit

/// The districts' interim and annual summaries of a campaign (SPEC CP-1, CampaignSummaryKind): written with the
/// campaign, one per district and kind, on the district's to-do list with their deadlines (7-15, 10-14).
public struct CampaignSummaryRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("s"))).column(SQLColumn("name", table: "k"), as: "campaign_name")
            .from(SQLAlias(SQLIdentifier("campaign_summaries"), as: SQLIdentifier("s")))
            .join(SQLAlias(SQLIdentifier("campaigns"), as: SQLIdentifier("k")), on: SQLColumn("campaign_id", table: "s"), .equal, SQLColumn("id", table: "k"))
    }

    /// The city all, a district bureau its own.
    static func visible(_ q: SQLSelectBuilder, _ p: Principal) -> SQLSelectBuilder {
        switch p.role {
        case .cityAdmin, .citySupervisor: q
        case .districtSupervisor: q.where(SQLColumn("district_code", table: "s"), .equal, SQLBind(p.districtCode ?? ""))
        default: q.where(SQLRaw("1 = 0"))
        }
    }

    static func decode(_ row: any SQLRow) throws -> CampaignSummary {
        let day = { (column: String) throws -> Day? in try EnforcementScope.day(row, column) }
        let epoch = Day(year: 1970, month: 1, day: 1)!
        var s = CampaignSummary(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                                campaignId: try row.decode(column: "campaign_id", as: Int64.self),
                                campaignName: try row.decode(column: "campaign_name", as: String.self),
                                districtCode: try row.decode(column: "district_code", as: String.self),
                                kind: CampaignReportKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .interimSummary,
                                due: try day("due") ?? epoch, state: CampaignSummaryState(rawValue: try row.decode(column: "state", as: String.self)) ?? .open,
                                enteredOn: try day("entered_on") ?? epoch)
        s.text = try row.decode(column: "text", as: String?.self)
        s.submittedOn = try day("submitted_on")
        s.returnReason = try row.decode(column: "return_reason", as: String?.self)
        return s
    }

    /// Every district's summaries, in the campaign's transaction.
    static func insertAll(_ db: any SQLDatabase, _ campaign: Campaign) async throws {
        let now = Clock.nowText()
        var insert = db.insert(into: "campaign_summaries").columns("campaign_id", "district_code", "kind", "due", "state", "entered_on", "created_at", "updated_at")
        for report in CampaignSummary.owed(by: campaign) {
            for d in District.all {
                insert = insert.values(SQLBind(campaign.id), SQLBind(d.code), SQLBind(report.kind.rawValue), SQLBind(report.due.description),
                                       SQLBind(CampaignSummaryState.open.rawValue), SQLBind(campaign.startsOn.description), SQLBind(now), SQLBind(now))
            }
        }
        try await insert.run()
    }

    public func find(_ id: Int64, as p: Principal) async throws -> CampaignSummary? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> CampaignSummary? {
        try await visible(select(db).where(SQLColumn("id", table: "s"), .equal, SQLBind(id)), p).first().map(decode)
    }

    /// The summaries of a campaign the principal sees.
    public func list(campaign: Int64, as p: Principal) async throws -> [CampaignSummary] {
        try await database.session { db in
            try await Self.visible(Self.select(db), p).where(SQLColumn("campaign_id", table: "s"), .equal, SQLBind(campaign))
                .orderBy(SQLColumn("kind", table: "s"), SQLDirection.descending).orderBy(SQLColumn("district_code", table: "s"), SQLDirection.ascending)
                .all().map(Self.decode)
        }
    }

    public func open(as p: Principal, today _: Day) async throws -> [CampaignSummary] {
        try await database.session { db in
            try await Self.visible(Self.select(db), p)
                .where(SQLColumn("state", table: "s"), .in, SQLBind.group(Workflow<CampaignSummaryKind>.dutyStates(for: p.role).map(\.rawValue)))
                .where(SQLColumn("state", table: "k"), .equal, SQLBind(CampaignState.active.rawValue))
                .orderBy(SQLColumn("id", table: "s")).limit(1000).all().map(Self.decode)
        }
    }
}

extension CampaignSummaryRepository: WorkflowRecords {
    public typealias Kind = CampaignSummaryKind

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<CampaignSummaryKind>, before: CampaignSummary) async throws -> CampaignSummary {
        let s = step.record
        try await WorkflowRows.update(db, "campaign_summaries", id: s.id, version: before.version, from: before.state.rawValue, to: s.state.rawValue,
                                      setting: [("entered_on", SQLBind(s.enteredOn.description)), ("text", SQLBind(s.text)),
                                                ("submitted_on", SQLBind(s.submittedOn?.description)), ("return_reason", SQLBind(s.returnReason))])
        var after = s
        after.version = before.version + 1
        return after
    }
}

extension CampaignSummaryRepository: OpenRecordDuties {}
