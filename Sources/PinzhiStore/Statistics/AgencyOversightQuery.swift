import PinzhiDomain
import SQLKit

/// The facts agency oversight needs for a year (SPEC SC-11): each active agency with its bids against the median
/// bid for the same product, and its tested/failed batches per product beside all other agencies' for that product.
public struct AgencyOversightQuery: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public func facts(year: Int) async throws -> [AgencyFacts] {
        try await database.session { db in
            let agencies = try await db.select().columns("id", "name", "first_time").from("agencies").where("active", .equal, true).orderBy("id").all()
            let contracts = try await db.select().columns("agency_id", "name", "bid_price").from("agency_contracts")
                .where("year", .equal, year).where("active", .equal, true).all()
            var bidsByProduct: [String: [Double]] = [:]
            var bidsByAgency: [Int64: [(String, Double)]] = [:]
            for row in contracts {
                let product = try row.decode(column: "name", as: String.self)
                let price = try row.decode(column: "bid_price", as: Double.self)
                bidsByProduct[product, default: []].append(price)
                bidsByAgency[try row.decode(column: "agency_id", as: Int64.self), default: []].append((product, price))
            }
            let counts = try await BatchRepository.ofPlanYear(db.select().column(SQLColumn("agency_id", table: "b"), as: "a")
                .column(SQLColumn("name", table: "p"), as: "product").column(StatsSQL.tested, as: "n").column(StatsSQL.failed, as: "f"), year)
                .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), on: SQLColumn("product_id", table: "b"), .equal, SQLColumn("id", table: "p"))
                .where(SQLColumn("verdict", table: "b"), .isNot, SQLLiteral.null)
                .groupBy(SQLColumn("agency_id", table: "b")).groupBy(SQLColumn("name", table: "p")).all()
            var byAgency: [Int64: [String: (Int, Int)]] = [:]
            var byProduct: [String: (Int, Int)] = [:]
            for row in counts {
                let agency = try row.decode(column: "a", as: Int64.self)
                let product = try row.decode(column: "product", as: String.self)
                let n = try row.decode(column: "n", as: Int.self), f = try row.decode(column: "f", as: Int?.self) ?? 0
                byAgency[agency, default: [:]][product] = (n, f)
                let total = byProduct[product] ?? (0, 0)
                byProduct[product] = (total.0 + n, total.1 + f)
            }
            return try agencies.map { row in
                let id = try row.decode(column: "id", as: Int64.self)
                let results = (byAgency[id] ?? [:]).sorted { $0.key < $1.key }.map { product, own in
                    let all = byProduct[product] ?? own
                    return AgencyFacts.Results(product: product, tested: own.0, failed: own.1, othersTested: all.0 - own.0, othersFailed: all.1 - own.1)
                }
                let bids = (bidsByAgency[id] ?? []).map { AgencyFacts.Bid(product: $0.0, price: $0.1, median: AgencyOversight.median(bidsByProduct[$0.0] ?? [])) }
                return AgencyFacts(agencyId: id, name: try row.decode(column: "name", as: String.self),
                                   firstTime: try row.decode(column: "first_time", as: Bool.self), bids: bids, results: results)
            }
        }
    }
}
