import PinzhiDomain
import SQLKit

/// Keeps `cluster_rollup` equal to a GROUP BY over the batches with a verdict whose enterprise names an industrial
/// cluster 产业集聚区 today (plan year × cluster × enterprise district × plan level), in the transaction of each
/// verdict as RateRollup keeps the rates, and in that of each change of an enterprise's cluster or merge
/// (EnterpriseRollupShare). The risk map's cluster panel (SPEC RK-4) reads it: counted from the batches it joined a
/// year's million checks to their enterprises, 2.8 s of the map's 3 s right after a write at scale L (issue 21 item 5).
package enum ClusterRollup {
    static let selectSQL = """
        SELECT pl.year AS year, e.cluster AS cluster, b.enterprise_district AS enterprise_district,
          COALESCE(b.plan_district_code, '') AS plan_district_code, COUNT(*) AS tested,
          CAST(SUM(CASE WHEN b.verdict = 'fail' THEN 1 ELSE 0 END) AS BIGINT) AS failed
        FROM batches b JOIN plans pl ON pl.id = b.plan_id JOIN enterprises e ON e.id = b.enterprise_id
        WHERE b.verdict IS NOT NULL AND e.cluster IS NOT NULL AND e.cluster <> ''
        """
    static let groupSQL = " GROUP BY pl.year, e.cluster, b.enterprise_district, COALESCE(b.plan_district_code, '')"

    /// A fresh count from the batches, in the rollup's columns.
    static let countSQL = selectSQL + groupSQL

    struct Key: Hashable, Comparable {
        var year: Int, cluster: String, district: String, level: String

        static func < (a: Key, b: Key) -> Bool { (a.year, a.cluster, a.district, a.level) < (b.year, b.cluster, b.district, b.level) }
    }

    /// The changes of these batches (their plans' years known), summed per row first; RateRollup calls it. A batch
    /// counted before leaves its row and, counted after, enters its row.
    static func apply(_ db: any SQLDatabase, changes: [(before: Batch, after: Batch)], years: [Int64: Int]) async throws {
        var deltas: [Key: (tested: Int, failed: Int)] = [:]
        func add(_ b: Batch, _ sign: Int) throws {
            guard b.verdict != nil, let cluster = b.enterpriseCluster, !cluster.isEmpty else { return }
            guard let year = years[b.planId] else { throw StoreError.internalError("批次的计划缺失") }
            let key = Key(year: year, cluster: cluster, district: b.enterpriseDistrict, level: b.planDistrictCode ?? "")
            deltas[key, default: (0, 0)].tested += sign
            deltas[key, default: (0, 0)].failed += b.verdict == .fail ? sign : 0
        }
        for (before, after) in changes {
            try add(before, -1)
            try add(after, 1)
        }
        try await write(db, deltas)
    }

    /// Adds (`sign` 1) or takes away (-1) what these enterprises' batches count, under their clusters as they are now.
    static func share(_ db: any SQLDatabase, enterprises: [Int64], sign: Int) async throws {
        var deltas: [Key: (tested: Int, failed: Int)] = [:]
        for row in try await StatsSQL.rows(db, selectSQL + " AND b.enterprise_id", in: enterprises, then: groupSQL) {
            let key = Key(year: try row.decode(column: "year", as: Int.self), cluster: try row.decode(column: "cluster", as: String.self),
                          district: try row.decode(column: "enterprise_district", as: String.self),
                          level: try row.decode(column: "plan_district_code", as: String.self))
            deltas[key, default: (0, 0)].tested += sign * (try row.decode(column: "tested", as: Int.self))
            deltas[key, default: (0, 0)].failed += sign * (try row.decode(column: "failed", as: Int.self))
        }
        try await write(db, deltas)
    }

    static func write(_ db: any SQLDatabase, _ deltas: [Key: (tested: Int, failed: Int)]) async throws {
        for (key, delta) in deltas.sorted(by: { $0.key < $1.key }) where delta.tested != 0 || delta.failed != 0 {
            try await db.raw("""
                INSERT INTO cluster_rollup (year, cluster, enterprise_district, plan_district_code, tested, failed)
                VALUES (\(bind: key.year), \(bind: key.cluster), \(bind: key.district), \(bind: key.level), \(bind: delta.tested), \(bind: delta.failed))
                ON CONFLICT (year, cluster, enterprise_district, plan_district_code)
                DO UPDATE SET tested = cluster_rollup.tested + excluded.tested, failed = cluster_rollup.failed + excluded.failed
                """).run()
        }
    }

    /// The year's checks by cluster in the reader's scope (StatsSQL.RollupScope): cluster → (tested, failed).
    static func checks(_ db: any SQLDatabase, year: Int, scope: StatsSQL.RollupScope) async throws -> [String: (tested: Int, failed: Int)] {
        var out: [String: (tested: Int, failed: Int)] = [:]
        let q = StatsSQL.districtScope(db.select().column("cluster").column(SQLRaw("CAST(SUM(tested) AS BIGINT)"), as: "n")
            .column(SQLRaw("CAST(SUM(failed) AS BIGINT)"), as: "f").from("cluster_rollup").where("year", .equal, SQLBind(year)), scope.district)
        for row in try await q.groupBy("cluster").all() {
            out[try row.decode(column: "cluster", as: String.self)] = (try row.decode(column: "n", as: Int.self), try row.decode(column: "f", as: Int.self))
        }
        return out
    }

    /// The rollup's rows that differ from a fresh count: empty when it is consistent.
    static func differences(_ db: any SQLDatabase) async throws -> [String] {
        try await StatsSQL.differences(db, stored: """
            SELECT year, cluster, enterprise_district, plan_district_code, tested, failed FROM cluster_rollup WHERE tested <> 0 OR failed <> 0
            """, fresh: countSQL) { row in
            "\(try row.decode(column: "year", as: Int.self))|\(try row.decode(column: "cluster", as: String.self))|"
                + "\(try row.decode(column: "enterprise_district", as: String.self))|\(try row.decode(column: "plan_district_code", as: String.self))"
        }
    }
}
