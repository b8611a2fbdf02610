import Foundation
import PinzhiDomain
import SQLKit

/// The campaign's key targets computed from the records (SPEC CP-1, KeyTargets): the failed checks of the key
/// products by enterprise (last year's and the last three years') and the complaints about them in the last year;
/// a district sees its own enterprises.
public struct KeyTargetQuery: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public func targets(_ campaign: Campaign, today: Day, rules: RuleSet, as p: Principal) async throws -> [KeyTargets.Target] {
        guard [.cityAdmin, .citySupervisor, .districtSupervisor, .enforcementOfficer].contains(p.role), !campaign.productIds.isEmpty else { return [] }
        let district = p.role == .districtSupervisor ? (p.districtCode ?? "") : nil
        let lastYear = "\(campaign.year - 1)-01-01", thisYear = "\(campaign.year)-01-01", recent = "\(campaign.year - 3)-01-01"
        return try await database.session { db in
            var q = db.select().column(SQLColumn("id", table: "e")).column(SQLColumn("name", table: "e")).column(SQLColumn("district_code", table: "e"))
                .column(SQLColumn("enterprise_type", table: "e"))
                .column(SQLQueryString("SUM(CASE WHEN b.sampled_on >= \(bind: lastYear) AND b.sampled_on < \(bind: thisYear) THEN 1 ELSE 0 END)"), as: "last_year")
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "recent")
                .from(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")))
                .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "b"), .equal, SQLColumn("id", table: "e"))
                .where(SQLColumn("verdict", table: "b"), .equal, SQLBind(ItemVerdict.fail.rawValue))
                .where(SQLColumn("product_id", table: "b"), .in, SQLBind.group(campaign.productIds))
                .where(SQLColumn("sampled_on", table: "b"), .greaterThanOrEqual, SQLBind(recent))
            if let district { q = q.where(SQLColumn("district_code", table: "e"), .equal, SQLBind(district)) }
            var facts: [Int64: KeyTargets.Facts] = [:]
            for row in try await q.groupBy(SQLColumn("id", table: "e")).groupBy(SQLColumn("name", table: "e")).groupBy(SQLColumn("district_code", table: "e"))
                .groupBy(SQLColumn("enterprise_type", table: "e")).all() {
                let id = try row.decode(column: "id", as: Int64.self)
                facts[id] = .init(enterpriseId: id, enterpriseName: try row.decode(column: "name", as: String.self),
                                  districtCode: try row.decode(column: "district_code", as: String?.self),
                                  isProducer: try row.decode(column: "enterprise_type", as: String.self) == EnterpriseType.producer.rawValue,
                                  failuresLastYear: try row.decode(column: "last_year", as: Int?.self) ?? 0, failuresRecent: try row.decode(column: "recent", as: Int.self),
                                  complaints: 0)
            }
            var c = db.select().column(SQLColumn("id", table: "e")).column(SQLColumn("name", table: "e")).column(SQLColumn("district_code", table: "e"))
                .column(SQLColumn("enterprise_type", table: "e")).column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SQLAlias(SQLIdentifier("risk_items"), as: SQLIdentifier("r")))
                .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "r"), .equal, SQLColumn("id", table: "e"))
                .where(SQLColumn("source", table: "r"), .equal, SQLBind(RiskSource.complaint.rawValue))
                .where(SQLColumn("product_id", table: "r"), .in, SQLBind.group(campaign.productIds))
                .where(SQLColumn("reported_on", table: "r"), .greaterThanOrEqual, SQLBind(today.adding(months: -12).description))
            if let district { c = c.where(SQLColumn("district_code", table: "e"), .equal, SQLBind(district)) }
            for row in try await c.groupBy(SQLColumn("id", table: "e")).groupBy(SQLColumn("name", table: "e")).groupBy(SQLColumn("district_code", table: "e"))
                .groupBy(SQLColumn("enterprise_type", table: "e")).all() {
                let id = try row.decode(column: "id", as: Int64.self)
                let fresh = KeyTargets.Facts(enterpriseId: id, enterpriseName: try row.decode(column: "name", as: String.self),
                                             districtCode: try row.decode(column: "district_code", as: String?.self),
                                             isProducer: try row.decode(column: "enterprise_type", as: String.self) == EnterpriseType.producer.rawValue,
                                             failuresLastYear: 0, failuresRecent: 0, complaints: 0)
                var f = facts[id] ?? fresh
                f.complaints = try row.decode(column: "n", as: Int.self)
                facts[id] = f
            }
            return KeyTargets.select(Array(facts.values), rules: rules)
        }
    }
}
