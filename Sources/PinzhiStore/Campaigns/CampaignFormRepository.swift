import Foundation
import PinzhiDomain
import SQLKit

/// The districts' monthly forms as records that move (SPEC CP-5, CampaignFormKind): one per district and month of a
/// campaign, written when the campaign is created, so that each month's form is on the district's to-do list from
/// the month's first day with the month's end as its deadline. Submitting keeps the figures computed that day;
/// approving locks them.
public struct CampaignFormRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    static func visible(_ q: SQLSelectBuilder, _ p: Principal) -> SQLSelectBuilder {
        switch p.role {
        case .cityAdmin, .citySupervisor: q
        case .districtSupervisor: q.where(SQLColumn("district_code", table: "f"), .equal, SQLBind(p.districtCode ?? ""))
        default: q.where(SQLRaw("1 = 0"))
        }
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("f"))).column(SQLColumn("name", table: "k"), as: "campaign_name")
            .from(SQLAlias(SQLIdentifier("campaign_forms"), as: SQLIdentifier("f")))
            .join(SQLAlias(SQLIdentifier("campaigns"), as: SQLIdentifier("k")), on: SQLColumn("campaign_id", table: "f"), .equal, SQLColumn("id", table: "k"))
    }

    static func decode(_ row: any SQLRow) throws -> CampaignForm {
        let day = { (column: String) throws -> Day? in try EnforcementScope.day(row, column) }
        var f = CampaignForm(id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
                             campaignId: try row.decode(column: "campaign_id", as: Int64.self), campaignName: try row.decode(column: "campaign_name", as: String.self),
                             districtCode: try row.decode(column: "district_code", as: String.self),
                             period: FormPeriod(try row.decode(column: "period", as: String.self)) ?? FormPeriod(year: 2000, month: 1)!,
                             state: CampaignFormState(rawValue: try row.decode(column: "state", as: String.self)) ?? .open,
                             enteredOn: try day("entered_on") ?? Day(year: 1970, month: 1, day: 1)!)
        f.figures = CampaignJSON.decode([[String]].self, try row.decode(column: "figures_json", as: String?.self))
        f.rowLabels = CampaignJSON.decode([String].self, try row.decode(column: "row_labels_json", as: String?.self))
        f.submittedOn = try day("submitted_on")
        f.approvedOn = try day("approved_on")
        f.returnReason = try row.decode(column: "return_reason", as: String?.self)
        return f
    }

    /// Every district's form for every month of the campaign, in the campaign's transaction.
    static func insertAll(_ db: any SQLDatabase, _ campaign: Campaign) async throws {
        let now = Clock.nowText()
        var insert = db.insert(into: "campaign_forms").columns("campaign_id", "district_code", "period", "state", "entered_on", "created_at", "updated_at")
        for period in campaign.periods(through: campaign.endsOn) {
            for d in District.all {
                insert = insert.values(SQLBind(campaign.id), SQLBind(d.code), SQLBind(period.description), SQLBind(CampaignFormState.open.rawValue),
                                       SQLBind(period.firstDay.description), SQLBind(now), SQLBind(now))
            }
        }
        try await insert.run()
    }

    public func find(_ id: Int64, as p: Principal) async throws -> CampaignForm? {
        try await database.session { db in try await Self.find(db, id, p) }
    }

    public static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> CampaignForm? {
        try await visible(select(db).where(SQLColumn("id", table: "f"), .equal, SQLBind(id)), p).first().map(decode)
    }

    /// A district's form for a period, if the campaign has that month.
    public func find(campaign: Int64, district: String, period: FormPeriod, as p: Principal) async throws -> CampaignForm? {
        try await database.session { db in
            try await Self.visible(Self.select(db), p).where(SQLColumn("campaign_id", table: "f"), .equal, SQLBind(campaign))
                .where(SQLColumn("district_code", table: "f"), .equal, SQLBind(district))
                .where(SQLColumn("period", table: "f"), .equal, SQLBind(period.description)).first().map(Self.decode)
        }
    }

    /// The forms of a campaign the principal sees (a period's districts, or a district's months).
    public func list(campaign: Int64, period: FormPeriod? = nil, as p: Principal) async throws -> [CampaignForm] {
        try await database.session { db in
            var q = Self.visible(Self.select(db), p).where(SQLColumn("campaign_id", table: "f"), .equal, SQLBind(campaign))
            if let period { q = q.where(SQLColumn("period", table: "f"), .equal, SQLBind(period.description)) }
            return try await q.orderBy(SQLColumn("period", table: "f"), SQLDirection.ascending)
                .orderBy(SQLColumn("district_code", table: "f"), SQLDirection.ascending).all().map(Self.decode)
        }
    }

    /// The forms on which a principal may owe a step (months begun, not yet approved).
    public func open(as p: Principal, today: Day) async throws -> [CampaignForm] {
        try await database.session { db in
            try await Self.visible(Self.select(db), p)
                .where(SQLColumn("state", table: "f"), .in, SQLBind.group(Workflow<CampaignFormKind>.dutyStates(for: p.role).map(\.rawValue)))
                .where(SQLColumn("state", table: "k"), .equal, SQLBind(CampaignState.active.rawValue))
                .where(SQLColumn("period", table: "f"), .lessThanOrEqual, SQLBind(FormPeriod(today).description))
                .orderBy(SQLColumn("id", table: "f")).limit(1000).all().map(Self.decode)
        }
    }
}

extension CampaignFormRepository: WorkflowRecords {
    public typealias Kind = CampaignFormKind

    /// 报送 keeps the form as the records say on the day: computed here, in the step's transaction.
    public static func context(_ db: any SQLDatabase, _ record: CampaignForm, _ action: CampaignFormAction, base: BasicContext, by p: Principal,
                               taking: Bool, seed: UInt64?) async throws -> CampaignFormContext {
        var context = CampaignFormContext(today: base.today, rules: base.rules, calendar: base.calendar)
        if action == .submit, taking, let campaign = try await CampaignRepository.select(db).where("id", .equal, SQLBind(record.campaignId)).first()
            .map(CampaignRepository.decode) {
            context.current = try await MonthlyFormQuery.form(db, campaign, period: record.period, district: record.districtCode)
        }
        return context
    }

    public static func save(_ db: any SQLDatabase, _ step: StepOutcome<CampaignFormKind>, before: CampaignForm) async throws -> CampaignForm {
        let f = step.record
        try await WorkflowRows.update(db, "campaign_forms", id: f.id, version: before.version, from: before.state.rawValue, to: f.state.rawValue,
                                      setting: [("entered_on", SQLBind(f.enteredOn.description)), ("figures_json", SQLBind(AuditLog.json(f.figures))),
                                                ("row_labels_json", SQLBind(AuditLog.json(f.rowLabels))), ("submitted_on", SQLBind(f.submittedOn?.description)),
                                                ("approved_on", SQLBind(f.approvedOn?.description)), ("return_reason", SQLBind(f.returnReason))])
        var after = f
        after.version = before.version + 1
        return after
    }
}

extension CampaignFormRepository: OpenRecordDuties {}
