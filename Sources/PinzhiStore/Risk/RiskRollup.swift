import PinzhiDomain
import SQLKit

/// Keeps `risk_rollup` equal to a GROUP BY over the risk items (month reported × product × district × the
/// enterprise's industrial cluster as it is now × state × level), in the transaction of each new item and each step
/// (RiskItemRepository.recordAll), and in that of each change of an enterprise's cluster or merge
/// (EnterpriseRollupShare). The risk map (SPEC RK-4) counts the items of the grade's window from it: whole months from
/// the rollup, the window's first, partial month from the items themselves (`counts`). Read from the items, the
/// window's hundred thousand items at scale L took 0.1 s for the map's cells and 0.3 s for its clusters (issue 21
/// item 5). '' stands for no district and no cluster.
package enum RiskRollup {
    static let selectSQL = """
        SELECT SUBSTR(r.reported_on, 1, 7) AS month, r.product_id AS product_id, COALESCE(r.district_code, '') AS district_code,
          COALESCE(e.cluster, '') AS cluster, r.state AS state, r.risk_level AS risk_level, COUNT(*) AS items
        FROM risk_items r LEFT JOIN enterprises e ON e.id = r.enterprise_id
        """
    static let groupSQL = " GROUP BY SUBSTR(r.reported_on, 1, 7), r.product_id, COALESCE(r.district_code, ''), COALESCE(e.cluster, ''), r.state, r.risk_level"

    /// A fresh count from the items, in the rollup's columns.
    static let countSQL = selectSQL + groupSQL

    struct Key: Hashable, Comparable {
        var month: String, product: Int64, district: String, cluster: String, state: String, level: String

        static func < (a: Key, b: Key) -> Bool {
            (a.month, a.product, a.district, a.cluster, a.state, a.level) < (b.month, b.product, b.district, b.cluster, b.state, b.level)
        }
    }

    /// New items, counted in.
    package static func added(_ db: any SQLDatabase, _ items: [RiskItem]) async throws {
        var deltas: [Key: Int] = [:]
        for r in items { deltas[Key(r), default: 0] += 1 }
        try await write(db, deltas)
    }

    /// Items that took a step: each leaves its row before and enters its row after (its state or level moved).
    static func changed(_ db: any SQLDatabase, _ steps: [(before: RiskItem, after: RiskItem)]) async throws {
        var deltas: [Key: Int] = [:]
        for (before, after) in steps where Key(before) != Key(after) {
            deltas[Key(before), default: 0] -= 1
            deltas[Key(after), default: 0] += 1
        }
        try await write(db, deltas)
    }

    /// Adds (`sign` 1) or takes away (-1) what these enterprises' items count, under their clusters as they are now.
    static func share(_ db: any SQLDatabase, enterprises: [Int64], sign: Int) async throws {
        var deltas: [Key: Int] = [:]
        for row in try await StatsSQL.rows(db, selectSQL + " WHERE r.enterprise_id", in: enterprises, then: groupSQL) {
            deltas[try key(row), default: 0] += sign * (try row.decode(column: "items", as: Int.self))
        }
        try await write(db, deltas)
    }

    static func key(_ row: any SQLRow) throws -> Key {
        Key(month: try row.decode(column: "month", as: String.self), product: try row.decode(column: "product_id", as: Int64.self),
            district: try row.decode(column: "district_code", as: String.self), cluster: try row.decode(column: "cluster", as: String.self),
            state: try row.decode(column: "state", as: String.self), level: try row.decode(column: "risk_level", as: String.self))
    }

    static func write(_ db: any SQLDatabase, _ deltas: [Key: Int]) async throws {
        for (key, n) in deltas.sorted(by: { $0.key < $1.key }) where n != 0 {
            try await db.raw("""
                INSERT INTO risk_rollup (month, product_id, district_code, cluster, state, risk_level, items)
                VALUES (\(bind: key.month), \(bind: key.product), \(bind: key.district), \(bind: key.cluster), \(bind: key.state), \(bind: key.level), \(bind: n))
                ON CONFLICT (month, product_id, district_code, cluster, state, risk_level) DO UPDATE SET items = risk_rollup.items + excluded.items
                """).run()
        }
    }

    /// What the risk map groups the items by, besides state and level.
    enum Dimension: String, Sendable {
        case product = "product_id", district = "district_code", cluster

        /// The same over the items (aliased `r`, their enterprises `e`).
        var itemsColumn: String {
            switch self {
            case .product: "r.product_id"
            case .district: "COALESCE(r.district_code, '')"
            case .cluster: "COALESCE(e.cluster, '')"
            }
        }
    }

    /// One group of the items reported on or after a day: its dimensions' values (in the order asked), state, level, count.
    struct Count: Sendable {
        var values: [String]
        var state: String
        var level: String
        var items: Int
    }

    /// The items reported on or after `since` in a reader's scope (EnforcementPolicy.districtScope: nil none, .some(nil)
    /// the city's, else one district's), counted by `dimensions` — those of text with a value — , by state and level: whole months after `since`'s from the rollup, the rest of `since`'s
    /// month from the items (one month's read by the day index). Equal to a GROUP BY over the items themselves.
    static func counts(_ db: any SQLDatabase, since: Day, by dimensions: [Dimension], scope: String??) async throws -> [Count] {
        guard case .some(let district) = scope else { return [] }
        let month = String(since.description.prefix(7))
        let later = since.adding(months: 1)
        guard let next = Day(year: later.year, month: later.month, day: 1) else { return [] }
        var rolled = SQLQueryString("SELECT " + dimensions.enumerated().map { "\($1.rawValue) AS d\($0)" }.joined(separator: ", ")
                                    + ", state, risk_level, CAST(SUM(items) AS BIGINT) AS n FROM risk_rollup WHERE items <> 0 AND month > ")
        rolled.appendInterpolation(bind: month)
        var read = SQLQueryString("SELECT " + dimensions.enumerated().map { "\($1.itemsColumn) AS d\($0)" }.joined(separator: ", ")
                                  + ", r.state AS state, r.risk_level AS risk_level, COUNT(*) AS n FROM risk_items r LEFT JOIN enterprises e ON e.id = r.enterprise_id"
                                  + " WHERE r.reported_on >= ")
        read.appendInterpolation(bind: since.description)
        read.appendInterpolation(unsafeRaw: " AND r.reported_on < ")
        read.appendInterpolation(bind: next.description)
        for d in dimensions where d != .product {
            rolled.appendInterpolation(unsafeRaw: " AND \(d.rawValue) <> ''")
            read.appendInterpolation(unsafeRaw: " AND \(d.itemsColumn) <> ''")
        }
        if let district {
            rolled.appendInterpolation(unsafeRaw: " AND district_code = ")
            rolled.appendInterpolation(bind: district)
            read.appendInterpolation(unsafeRaw: " AND r.district_code = ")
            read.appendInterpolation(bind: district)
        }
        rolled.appendInterpolation(unsafeRaw: " GROUP BY " + dimensions.map(\.rawValue).joined(separator: ", ") + ", state, risk_level")
        read.appendInterpolation(unsafeRaw: " GROUP BY " + dimensions.map(\.itemsColumn).joined(separator: ", ") + ", r.state, r.risk_level")
        var out: [Count] = []
        for sql in [rolled, read] {
            for row in try await db.raw(sql).all() {
                let values = try dimensions.indices.map { i -> String in
                    dimensions[i] == .product ? String(try row.decode(column: "d\(i)", as: Int64.self)) : try row.decode(column: "d\(i)", as: String.self)
                }
                out.append(Count(values: values, state: try row.decode(column: "state", as: String.self),
                                 level: try row.decode(column: "risk_level", as: String.self), items: try row.decode(column: "n", as: Int.self)))
            }
        }
        return out
    }

    /// The rollup's rows that differ from a fresh count: empty when it is consistent.
    static func differences(_ db: any SQLDatabase) async throws -> [String] {
        try await StatsSQL.differences(db, stored: """
            SELECT month, product_id, district_code, cluster, state, risk_level, items FROM risk_rollup WHERE items <> 0
            """, fresh: countSQL, tested: "items", failed: "items") { row in
            let k = try key(row)
            return [k.month, String(k.product), k.district, k.cluster, k.state, k.level].joined(separator: "|")
        }
    }
}

extension RiskRollup.Key {
    /// The row an item counts in.
    init(_ r: RiskItem) {
        self.init(month: String(r.reportedOn.description.prefix(7)), product: r.productId, district: r.districtCode ?? "",
                  cluster: r.enterpriseCluster ?? "", state: r.state.rawValue, level: r.riskLevel.rawValue)
    }
}
