import Foundation
import PinzhiDomain
import SQLKit

/// The monthly form of a campaign for a district — or, without one, the city's sum over all districts — computed
/// from the records (SPEC CP-5): this query reads the facts (MonthlyFormFacts) of the span, and last year's batches
/// for 同比变化; MonthlyForm.compute makes every cell. A district's records are its enterprises' (batches by the
/// enterprise's district, cases, assistance and 约谈 by theirs); the city's are all of them.
public struct MonthlyFormQuery: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// Who reads forms: the city any district's and the sum, a district bureau its own.
    public static func mayRead(_ p: Principal, district: String?) -> Bool {
        switch p.role {
        case .cityAdmin, .citySupervisor: true
        case .districtSupervisor: district != nil && district == p.districtCode
        default: false
        }
    }

    /// Kept until the next write (ReadCache), as the dashboard's figures are, and served while it is read again once
    /// its time is up: the form reads every batch of its span.
    public func form(_ campaign: Campaign, period: FormPeriod, district: String?, as p: Principal) async throws -> MonthlyForm {
        guard Self.mayRead(p, district: district) else { throw StoreError.forbidden }
        let key = "monthly-form|\(campaign.id)|\(campaign.version)|\(period)|\(district ?? "city")"
        return try await database.reads.value(key, staleWhileReading: true) { [database] in
            let span = MonthlyForm.span(campaign: campaign, period: period)
            let products = try await database.session { try await CampaignRepository.products($0, campaign) }
            let keys = Set(products.map(\.id))
            // The 监督抽查 counts read the most rows (a district's batches of the span, and of last year's): their
            // scans run on connections of their own beside the other facts, so a cold form waits for the longest
            // of them rather than for their sum (issue 21 item 5).
            async let now = database.session { try await Self.tallies($0, keys: keys, span, district: district) }
            async let lastYear = database.session { try await Self.tallies($0, keys: keys, MonthlyForm.lastYear(span), district: district, enterprises: false) }
            async let enterprises = database.session { try await Self.enterprisesPerStage($0, span, district: district) }
            var facts = try await database.session { db in
                try await Self.facts(db, campaign: campaign, keys: keys, span: span, district: district, checks: false)
            }
            facts.checks = MonthlyFormFacts.Checks(now: try await now, lastYear: try await lastYear)
            facts.checks.enterprisesNow = try await enterprises
            return MonthlyForm.compute(unit: Self.unit(district), products: products, facts: facts, span: span)
        }
    }

    /// The unit a form names as 填表单位.
    public static func unit(_ district: String?) -> String {
        district.map { "\(District.named(code: $0))市场监督管理局" } ?? "上海市市场监督管理局（全市合计）"
    }

    static func form(_ db: any SQLDatabase, _ campaign: Campaign, period: FormPeriod, district: String?) async throws -> MonthlyForm {
        let span = MonthlyForm.span(campaign: campaign, period: period)
        let products = try await CampaignRepository.products(db, campaign)
        let facts = try await Self.facts(db, campaign: campaign, keys: Set(products.map(\.id)), span: span, district: district)
        return MonthlyForm.compute(unit: unit(district), products: products, facts: facts, span: span)
    }

    /// - Parameter checks: whether to count the 监督抽查 too (`form` counts them beside the rest).
    static func facts(_ db: any SQLDatabase, campaign: Campaign, keys: Set<Int64>, span: ClosedRange<Day>, district: String?,
                      checks: Bool = true) async throws -> MonthlyFormFacts {
        let (from, to) = (span.lowerBound.description, span.upperBound.description)
        func inDistrict(_ q: SQLSelectBuilder, _ column: SQLColumn) -> SQLSelectBuilder {
            guard let district else { return q }
            return q.where(column, .equal, SQLBind(district))
        }
        func day(_ row: any SQLRow, _ column: String) throws -> Day? { try EnforcementScope.day(row, column) }
        var f = MonthlyFormFacts()

        // 风险排查: the campaign's on-site inspections.
        for row in try await inDistrict(db.select().columns("id", "enterprise_id", "product_id", "stage", "inspected_on", "findings")
            .from(SQLAlias(SQLIdentifier("campaign_inspections"), as: SQLIdentifier("x"))).where("campaign_id", .equal, SQLBind(campaign.id))
            .where("inspected_on", .greaterThanOrEqual, SQLBind(from)).where("inspected_on", .lessThanOrEqual, SQLBind(to)),
                                        SQLColumn("district_code", table: "x")).all() {
            guard let d = try day(row, "inspected_on") else { continue }
            f.screenings.append(.init(ref: FormRef("campaign-inspections", try row.decode(column: "id", as: Int64.self)),
                                      enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                                      productId: try row.decode(column: "product_id", as: Int64?.self),
                                      stage: ProblemStage(rawValue: try row.decode(column: "stage", as: String.self)) ?? .production, day: d,
                                      foundProblem: try row.decode(column: "findings", as: Int.self) > 0))
        }
        // 监督抽查: counted per row and stage in SQL (MonthlyFormFacts.Checks says why).
        if checks { f.checks = try await Self.checks(db, keys: keys, span: span, district: district) }
        // 风险监测: risk items received; monitoring batches sampled, and their findings on the day the risk item was reported.
        for row in try await inDistrict(db.select().columns("id", "product_id", "reported_on").from(SQLAlias(SQLIdentifier("risk_items"), as: SQLIdentifier("r")))
            .where("reported_on", .greaterThanOrEqual, SQLBind(from)).where("reported_on", .lessThanOrEqual, SQLBind(to)),
                                        SQLColumn("district_code", table: "r")).all() {
            guard let d = try day(row, "reported_on") else { continue }
            f.information.append(.init(ref: FormRef("risk-items", try row.decode(column: "id", as: Int64.self)),
                                       productId: try row.decode(column: "product_id", as: Int64?.self), day: d))
        }
        for row in try await inDistrict(db.select().column(SQLColumn("id", table: "m")).column(SQLColumn("sampled_on", table: "m"))
            .column(SQLColumn("product_id", table: "pl")).column(SQLColumn("reported_on", table: "r"), as: "finding_on")
            .from(SQLAlias(SQLIdentifier("monitoring_batches"), as: SQLIdentifier("m")))
            .join(SQLAlias(SQLIdentifier("monitoring_plans"), as: SQLIdentifier("pl")), on: SQLColumn("plan_id", table: "m"), .equal, SQLColumn("id", table: "pl"))
            .join(SQLAlias(SQLIdentifier("risk_items"), as: SQLIdentifier("r")), method: SQLJoinMethod.left,
                  on: SQLColumn("risk_item_id", table: "m"), .equal, SQLColumn("id", table: "r"))
            .where(SQLColumn("sampled_on", table: "m"), .lessThanOrEqual, SQLBind(to))
            .where { $0.where(SQLColumn("sampled_on", table: "m"), .greaterThanOrEqual, SQLBind(from))
                .orWhere(SQLColumn("reported_on", table: "r"), .greaterThanOrEqual, SQLBind(from)) },
                                        SQLColumn("district_code", table: "m")).all() {
            guard let d = try day(row, "sampled_on") else { continue }
            f.monitoring.append(.init(ref: FormRef("monitoring-batches", try row.decode(column: "id", as: Int64.self)),
                                      productId: try row.decode(column: "product_id", as: Int64?.self), day: d, problemOn: try day(row, "finding_on")))
        }
        // 案件查办 and 行纪衔接: each case with an act in the span, its product that of the batch it came from.
        let acts = ["filed_on", "decided_on", "referred_on", "discipline_sent_on"]
        for row in try await inDistrict(db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("c"))).column(SQLColumn("product_id", table: "b"))
            .from(SQLAlias(SQLIdentifier("cases"), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")), method: SQLJoinMethod.left,
                  on: SQLColumn("batch_id", table: "c"), .equal, SQLColumn("id", table: "b"))
            .where { g in
                acts.reduce(g) { g, column in
                    g.orWhere { $0.where(SQLColumn(SQLIdentifier(column), table: SQLIdentifier("c")), .greaterThanOrEqual, SQLBind(from))
                        .where(SQLColumn(SQLIdentifier(column), table: SQLIdentifier("c")), .lessThanOrEqual, SQLBind(to)) }
                }
            }, SQLColumn("district_code", table: "c")).all() {
            guard let filed = try day(row, "filed_on") else { continue }
            let fine = try row.decode(column: "fine", as: Double?.self) ?? 0, confiscation = try row.decode(column: "confiscation", as: Double?.self) ?? 0
            f.cases.append(.init(ref: FormRef("cases", try row.decode(column: "id", as: Int64.self)), productId: try row.decode(column: "product_id", as: Int64?.self),
                                 filedOn: filed, decidedOn: try day(row, "decided_on"), penalty: fine + confiscation,
                                 value: try row.decode(column: "case_value", as: Double?.self) ?? 0, referredOn: try day(row, "referred_on"),
                                 disciplineOn: try day(row, "discipline_sent_on")))
        }
        // 质量技术帮扶: cases served or closed in the span.
        for row in try await inDistrict(db.select().columns("id", "enterprise_id", "product_id", "served_on", "closed_on", "problems_solved", "output_value")
            .from(SQLAlias(SQLIdentifier("assistance_cases"), as: SQLIdentifier("a")))
            .where { $0.where { $0.where("served_on", .greaterThanOrEqual, SQLBind(from)).where("served_on", .lessThanOrEqual, SQLBind(to)) }
                .orWhere { $0.where("closed_on", .greaterThanOrEqual, SQLBind(from)).where("closed_on", .lessThanOrEqual, SQLBind(to)) } },
                                        SQLColumn("district_code", table: "a")).all() {
            f.assistance.append(.init(ref: FormRef("assistance-cases", try row.decode(column: "id", as: Int64.self)),
                                      enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                                      productId: try row.decode(column: "product_id", as: Int64?.self), servedOn: try day(row, "served_on"),
                                      closedOn: try day(row, "closed_on"), problemsSolved: try row.decode(column: "problems_solved", as: Int.self),
                                      outputValue: try row.decode(column: "output_value", as: Double.self)))
        }
        // 约谈: the interview step of an 约谈通知书 to an enterprise, on the day its record names (as EnforcementFiguresQuery).
        // A letter names an enterprise, not a product: its 约谈 counts under 其他 and in 合计.
        for row in try await inDistrict(db.select().column(SQLColumn("id", table: "l")).column(SQLColumn("enterprise_id", table: "l"))
            .column(SQLColumn("day", table: "le")).column(SQLColumn("data_json", table: "le"))
            .from(SQLAlias(SQLIdentifier("letter_events"), as: SQLIdentifier("le")))
            .join(SQLAlias(SQLIdentifier("letters"), as: SQLIdentifier("l")), on: SQLColumn("letter_id", table: "le"), .equal, SQLColumn("id", table: "l"))
            .where(SQLColumn("action", table: "le"), .equal, SQLBind(LetterAction.interview.rawValue))
            .where(SQLColumn("enterprise_id", table: "l"), .isNot, SQLLiteral.null)
            .where(SQLColumn("day", table: "le"), .greaterThanOrEqual, SQLBind(from)), SQLColumn("district_code", table: "l")).all() {
            let data = CampaignJSON.decode([String: String].self, try row.decode(column: "data_json", as: String.self)) ?? [:]
            let entered = try day(row, "day")
            guard let held = data["heldOn"].flatMap(Day.init) ?? entered else { continue }
            f.interviews.append(.init(ref: FormRef("letters", try row.decode(column: "id", as: Int64.self)),
                                      enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self), productId: nil, day: held))
        }
        return f
    }

    // MARK: 监督抽查

    /// The batches of the district (or, for the city, of every district: so the form's index is used) sampled in `range`.
    private static func sampled(_ q: SQLSelectBuilder, _ range: ClosedRange<Day>, district: String?) -> SQLSelectBuilder {
        let districts = district.map { [$0] } ?? District.all.map(\.code)
        return q.from(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")))
            .where(SQLColumn("enterprise_district", table: "b"), .in, SQLBind.group(districts))
            .where(SQLColumn("sampled_on", table: "b"), .greaterThanOrEqual, SQLBind(range.lowerBound.description))
            .where(SQLColumn("sampled_on", table: "b"), .lessThanOrEqual, SQLBind(range.upperBound.description))
    }

    /// 1 for a batch sampled in production, 0 for circulation and online (counted as 流通).
    private static var isProduction: SQLQueryString { "CASE WHEN b.stage = \(bind: SamplingStage.production.rawValue) THEN 1 ELSE 0 END" }

    /// The form's 监督抽查 counts: per row (a campaign product, else 其他) and stage, this span's and last year's, and
    /// this span's distinct enterprises per stage over all products (for 合计). Each is one grouped scan of the form's
    /// index (enterprise_district, sampled_on, …, Migration039), so no batch row is read.
    static func checks(_ db: any SQLDatabase, keys: Set<Int64>, span: ClosedRange<Day>, district: String?) async throws -> MonthlyFormFacts.Checks {
        var checks = MonthlyFormFacts.Checks(now: try await tallies(db, keys: keys, span, district: district),
                                             lastYear: try await tallies(db, keys: keys, MonthlyForm.lastYear(span), district: district, enterprises: false))
        checks.enterprisesNow = try await enterprisesPerStage(db, span, district: district)
        return checks
    }

    private static func stage(_ r: any SQLRow) throws -> ProblemStage {
        try r.decode(column: "production", as: Int.self) == 1 ? .production : .circulation
    }

    /// Batches, failures and distinct enterprises per row (a campaign product, else 其他) and stage, sampled in `range`.
    /// - Parameter enterprises: whether to count the distinct enterprises, the costliest part (a sort of the span's
    ///   batches per group); last year's tallies are compared by batches and failures only, their enterprises are 0.
    static func tallies(_ db: any SQLDatabase, keys: Set<Int64>, _ range: ClosedRange<Day>, district: String?,
                        enterprises: Bool = true) async throws -> [MonthlyFormFacts.CheckTally] {
        let row: SQLQueryString = keys.isEmpty ? "NULL" : "CASE WHEN b.product_id IN \(SQLBind.group(keys.sorted())) THEN b.product_id END"
        return try await sampled(db.select(), range, district: district)
            .column(row, as: "row_product").column(isProduction, as: "production")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "batches")
            .column(SQLQueryString("SUM(CASE WHEN b.verdict = \(bind: ItemVerdict.fail.rawValue) THEN 1 ELSE 0 END)"), as: "failures")
            .column(SQLRaw(enterprises ? "COUNT(DISTINCT b.enterprise_id)" : "0"), as: "enterprises")
            .groupBy(SQLRaw("1")).groupBy(SQLRaw("2")).all().map { r in
                .init(productId: try r.decode(column: "row_product", as: Int64?.self), stage: try stage(r), batches: try r.decode(column: "batches", as: Int.self),
                      failures: try r.decode(column: "failures", as: Int?.self) ?? 0, enterprises: try r.decode(column: "enterprises", as: Int.self))
            }
    }

    /// Distinct enterprises per stage over all products (合计's, which the rows' do not add up to).
    static func enterprisesPerStage(_ db: any SQLDatabase, _ span: ClosedRange<Day>, district: String?) async throws -> [ProblemStage: Int] {
        var out: [ProblemStage: Int] = [:]
        for r in try await sampled(db.select(), span, district: district).column(isProduction, as: "production")
            .column(SQLRaw("COUNT(DISTINCT b.enterprise_id)"), as: "n").groupBy(SQLRaw("1")).all() {
            out[try stage(r)] = try r.decode(column: "n", as: Int.self)
        }
        return out
    }

    /// A page of the batches one 监督抽查 cell counted (its `CheckSelection`), by id; per enterprise, each one's first.
    public func checkedBatches(_ campaign: Campaign, period: FormPeriod, district: String?, _ selection: MonthlyForm.CheckSelection,
                               limit: Int, offset: Int, as p: Principal) async throws -> [FormRef] {
        guard Self.mayRead(p, district: district) else { throw StoreError.forbidden }
        let span = MonthlyForm.span(campaign: campaign, period: period)
        return try await database.session { db in
            let keys = try await CampaignRepository.products(db, campaign).map(\.id)
            var q = Self.sampled(db.select(), selection.lastYear ? MonthlyForm.lastYear(span) : span, district: district)
                .where(SQLColumn("stage", table: "b"), selection.stage == .production ? .equal : .notEqual, SQLBind(SamplingStage.production.rawValue))
            switch selection.row {
            case .product(let id): q = q.where(SQLColumn("product_id", table: "b"), .equal, SQLBind(id))
            case .other where !keys.isEmpty: q = q.where(SQLColumn("product_id", table: "b"), .notIn, SQLBind.group(keys))
            case .other, .total: break
            }
            if selection.failedOnly { q = q.where(SQLColumn("verdict", table: "b"), .equal, SQLBind(ItemVerdict.fail.rawValue)) }
            q = selection.perEnterprise
                ? q.column(SQLFunction("MIN", args: SQLColumn("id", table: "b")), as: "id").groupBy(SQLColumn("enterprise_id", table: "b"))
                : q.column(SQLColumn("id", table: "b"), as: "id")
            return try await q.orderBy(SQLRaw("1")).limit(limit).offset(offset).all().map { FormRef("batches", try $0.decode(column: "id", as: Int64.self)) }
        }
    }
}
