import PinzhiDomain
import SQLKit

/// Keeps `rate_rollup` equal to a GROUP BY over the batches with a verdict (plan year × product × enterprise
/// district × plan level × stage × mode × agency). The city's plans have the plan level ''.
package enum RateRollup {
    /// A fresh count from the batches, in the rollup's columns.
    static let countSQL = """
        SELECT pl.year AS y, b.product_id AS p, b.enterprise_district AS e, COALESCE(b.plan_district_code, '') AS l, b.stage AS s,
          b.mode AS m, b.agency_id AS a, COUNT(*) AS n, CAST(SUM(CASE WHEN b.verdict = 'fail' THEN 1 ELSE 0 END) AS BIGINT) AS f
        FROM batches b JOIN plans pl ON pl.id = b.plan_id
        WHERE b.verdict IS NOT NULL
        GROUP BY pl.year, b.product_id, b.enterprise_district, COALESCE(b.plan_district_code, ''), b.stage, b.mode, b.agency_id
        """

    static let rebuildSQL = "INSERT INTO rate_rollup (year, product_id, enterprise_district, plan_district_code, stage, mode, agency_id, tested, failed) "
        + countSQL

    /// Recounts everything, in the caller's transaction (after a bulk load).
    static func rebuild(_ db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM rate_rollup").run()
        try await db.raw(SQLQueryString(rebuildSQL)).run()
    }

    /// The change one step makes: a verdict set, changed by a revised report or a recheck, or none. VerdictRollup
    /// follows in the same call.
    package static func apply(_ db: any SQLDatabase, before: Batch, after: Batch) async throws {
        try await apply(db, changes: [(before, after)])
    }

    /// The changes of many batches, summed per rollup row first (the generator writes a task's batches at once).
    package static func apply(_ db: any SQLDatabase, changes: [(before: Batch, after: Batch)]) async throws {
        struct Key: Hashable { var planId: Int64, product: Int64, district: String, level: String, stage: String, mode: String, agency: Int64 }
        var deltas: [Key: (tested: Int, failed: Int)] = [:]
        for (before, after) in changes {
            let tested = (after.verdict != nil ? 1 : 0) - (before.verdict != nil ? 1 : 0)
            let failed = (after.verdict == .fail ? 1 : 0) - (before.verdict == .fail ? 1 : 0)
            guard tested != 0 || failed != 0 else { continue }
            let key = Key(planId: after.planId, product: after.productId, district: after.enterpriseDistrict, level: after.planDistrictCode ?? "",
                          stage: after.stage.rawValue, mode: after.mode.rawValue, agency: after.agencyId)
            deltas[key, default: (0, 0)].tested += tested
            deltas[key, default: (0, 0)].failed += failed
        }
        let moved = changes.filter { $0.before.verdict != $0.after.verdict || $0.before.sampledOn != $0.after.sampledOn }
        guard !moved.isEmpty else { return }
        let years = try await planYears(db, Set(moved.map(\.after.planId)))
        for (key, delta) in deltas where delta.tested != 0 || delta.failed != 0 {
            guard years[key.planId] != nil else { throw StoreError.internalError("批次的计划缺失") }
            try await db.raw("""
                INSERT INTO rate_rollup (year, product_id, enterprise_district, plan_district_code, stage, mode, agency_id, tested, failed)
                VALUES (\(bind: years[key.planId]!), \(bind: key.product), \(bind: key.district), \(bind: key.level), \(bind: key.stage),
                  \(bind: key.mode), \(bind: key.agency), \(bind: delta.tested), \(bind: delta.failed))
                ON CONFLICT (year, product_id, enterprise_district, plan_district_code, stage, mode, agency_id)
                DO UPDATE SET tested = rate_rollup.tested + excluded.tested, failed = rate_rollup.failed + excluded.failed
                """).run()
        }
        // The rollup of the market estimate and the monthly chart moves with the same verdicts.
        try await VerdictRollup.apply(db, changes: moved, years: years)
        try await ClusterRollup.apply(db, changes: moved, years: years)
    }

    /// The year of each of these plans.
    static func planYears(_ db: any SQLDatabase, _ ids: Set<Int64>) async throws -> [Int64: Int] {
        var years: [Int64: Int] = [:]
        for row in try await db.select().columns("id", "year").from("plans").where("id", .in, SQLBind.group(ids.sorted())).all() {
            years[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "year", as: Int.self)
        }
        return years
    }

    /// The rollup's rows that differ from a fresh count: empty when it is consistent.
    static func differences(_ db: any SQLDatabase) async throws -> [String] {
        try await StatsSQL.differences(db, stored: """
            SELECT year AS y, product_id AS p, enterprise_district AS e, plan_district_code AS l, stage AS s, mode AS m, agency_id AS a,
              tested AS n, failed AS f FROM rate_rollup WHERE tested <> 0 OR failed <> 0
            """, fresh: countSQL, tested: "n", failed: "f") { row in
            try ["y", "p", "e", "l", "s", "m", "a"].map { try NonConformanceRates.text(row, $0) }.joined(separator: "|")
        }
    }
}
