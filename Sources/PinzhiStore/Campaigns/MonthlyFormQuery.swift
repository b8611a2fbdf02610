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

    public func form(_ campaign: Campaign, period: FormPeriod, district: String?, as p: Principal) async throws -> MonthlyForm {
        guard Self.mayRead(p, district: district) else { throw StoreError.forbidden }
        return try await database.session { db in try await Self.form(db, campaign, period: period, district: district) }
    }

    /// The unit a form names as 填表单位.
    public static func unit(_ district: String?) -> String {
        district.map { "\(District.named(code: $0))市场监督管理局" } ?? "上海市市场监督管理局（全市合计）"
    }

    static func form(_ db: any SQLDatabase, _ campaign: Campaign, period: FormPeriod, district: String?) async throws -> MonthlyForm {
        let span = MonthlyForm.span(campaign: campaign, period: period)
        let facts = try await Self.facts(db, campaign: campaign, span: span, district: district)
        return MonthlyForm.compute(unit: unit(district), products: try await CampaignRepository.products(db, campaign), facts: facts, span: span)
    }

    static func facts(_ db: any SQLDatabase, campaign: Campaign, span: ClosedRange<Day>, district: String?) async throws -> MonthlyFormFacts {
        let (from, to) = (span.lowerBound.description, span.upperBound.description)
        let lastYearFrom = span.lowerBound.adding(months: -12).description
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
        // 监督抽查: batches sampled in the span and the same span last year; online counts as 流通.
        for row in try await inDistrict(db.select().columns("id", "enterprise_id", "product_id", "stage", "sampled_on", "verdict")
            .from(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")))
            .where("sampled_on", .greaterThanOrEqual, SQLBind(lastYearFrom)).where("sampled_on", .lessThanOrEqual, SQLBind(to)),
                                        SQLColumn("enterprise_district", table: "b")).all() {
            guard let d = try day(row, "sampled_on") else { continue }
            f.checks.append(.init(ref: FormRef("batches", try row.decode(column: "id", as: Int64.self)),
                                  enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                                  productId: try row.decode(column: "product_id", as: Int64?.self),
                                  stage: try row.decode(column: "stage", as: String.self) == SamplingStage.production.rawValue ? .production : .circulation,
                                  day: d, failed: try row.decode(column: "verdict", as: String?.self) == ItemVerdict.fail.rawValue))
        }
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
}
