import Foundation
import PinzhiDomain
import SQLKit

/// The monthly form's enforcement columns (EnforcementFigures) for a period, within the principal's enforcement
/// scope (EnforcementScope): in total, by product category (the 产品类别 rows of the form: the category of the batch a
/// case came from) and by district of the enterprise.
public struct EnforcementFiguresQuery: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Result: Sendable, Equatable {
        public var total: EnforcementFigures
        /// Product category → figures; nil for cases not from a batch and for 约谈.
        public var categories: [String?: EnforcementFigures]
        /// District code → figures.
        public var districts: [String?: EnforcementFigures]
    }

    /// The records the figures are counted from: cases with an act in the period and the category of their batch's
    /// product, and the 约谈 held. A year's facts give each of its months (`figures(in:)`) without reading again.
    public struct Facts: Sendable {
        public var cases: [EnforcementCase] = []
        public var category: [Int64: String] = [:]
        public var interviews: [(enterpriseId: Int64, day: Day, district: String?)] = []

        public func figures(in period: ClosedRange<Day>) -> Result {
            let byCategory = EnforcementFigures.tally(cases, interviews: interviews.map { ($0.enterpriseId, $0.day, String?.none) }, in: period) { category[$0.id] }
            let byDistrict = EnforcementFigures.tally(cases, interviews: interviews.map { ($0.enterpriseId, $0.day, $0.district) }, in: period) { $0.districtCode }
            return Result(total: byCategory.total, categories: byCategory.groups, districts: byDistrict.groups)
        }

        /// The total alone (EnforcementFigures.total), for the dashboard's thirteen periods.
        public func total(in period: ClosedRange<Day>) -> EnforcementFigures {
            EnforcementFigures.total(cases, interviews: interviews.map { ($0.enterpriseId, $0.day) }, in: period)
        }
    }

    public func of(from: Day, to: Day, district: String? = nil, as p: Principal) async throws -> Result {
        try await facts(from: from, to: to, district: district, as: p).figures(in: from...to)
    }

    public func facts(from: Day, to: Day, district: String? = nil, as p: Principal) async throws -> Facts {
        let (from, to) = (from.description, to.description)
        return try await database.session { db in
            // Every case with one of its acts in the period, with the category of its batch's product.
            var q = CaseRepository.select(db).column(SQLColumn("category_major", table: "pr"), as: "category")
                .join(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")), method: SQLJoinMethod.left, on: SQLColumn("batch_id", table: "c"), .equal, SQLColumn("id", table: "b"))
                .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("pr")), method: SQLJoinMethod.left, on: SQLColumn("product_id", table: "b"), .equal, SQLColumn("id", table: "pr"))
            q = EnforcementScope.visible(q, p, table: "c").where { g in
                ["filed_on", "decided_on", "referred_on", "discipline_sent_on"].reduce(g) { g, column in
                    g.orWhere { $0.where(SQLColumn(SQLIdentifier(column), table: SQLIdentifier("c")), .greaterThanOrEqual, SQLBind(from))
                        .where(SQLColumn(SQLIdentifier(column), table: SQLIdentifier("c")), .lessThanOrEqual, SQLBind(to)) }
                }
            }
            if let district, !district.isEmpty { q = q.where(SQLColumn("district_code", table: "c"), .equal, SQLBind(district)) }
            var facts = Facts()
            for row in try await q.all() {
                let c = try CaseRepository.decode(row)
                facts.cases.append(c)
                facts.category[c.id] = try row.decode(column: "category", as: String?.self)
            }
            // 约谈 held: the interview step of an 约谈通知书 to an enterprise, on the day its record names.
            var i = db.select().column(SQLColumn("enterprise_id", table: "l")).column(SQLColumn("district_code", table: "l"))
                .column(SQLColumn("day", table: "le")).column(SQLColumn("data_json", table: "le"))
                .from(SQLAlias(SQLIdentifier("letter_events"), as: SQLIdentifier("le")))
                .join(SQLAlias(SQLIdentifier("letters"), as: SQLIdentifier("l")), on: SQLColumn("letter_id", table: "le"), .equal, SQLColumn("id", table: "l"))
                .where(SQLColumn("action", table: "le"), .equal, SQLBind(LetterAction.interview.rawValue))
                .where(SQLColumn("enterprise_id", table: "l"), .isNot, SQLLiteral.null)
                // Held on or before the day it was entered: an entry before the period began cannot be in it.
                .where(SQLColumn("day", table: "le"), .greaterThanOrEqual, SQLBind(from))
            i = EnforcementScope.visible(i, p, table: "l")
            if let district, !district.isEmpty { i = i.where(SQLColumn("district_code", table: "l"), .equal, SQLBind(district)) }
            for row in try await i.all() {
                let entered = try EnforcementScope.day(row, "day")
                let data = (try? JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "data_json", as: String.self).utf8))) ?? [:]
                guard let day = data["heldOn"].flatMap(Day.init) ?? entered else { continue }
                facts.interviews.append((try row.decode(column: "enterprise_id", as: Int64.self), day, try row.decode(column: "district_code", as: String?.self)))
            }
            return facts
        }
    }
}
