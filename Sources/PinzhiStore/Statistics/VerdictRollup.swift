import PinzhiDomain
import SQLKit

/// Keeps `verdict_rollup` equal to a GROUP BY over the batches with a verdict (plan year × plan level × enterprise
/// district × the inclusion probability π of the batch's enterprise in the draw that chose it × month of sampling),
/// in the transaction of each verdict, as RateRollup keeps the rates; MarketRateEstimate and MonthlyCounts read it.
/// π is read from the draw's stored probabilities (`draws.inclusion_json`, written in the draw's transaction and never
/// changed) by the database's own JSON functions, in the fresh count and with each verdict alike, so both see the
/// same number; π 0 stands for "none stored" (draws before migration 33).
package enum VerdictRollup {
    /// Every selected enterprise of every draw with its π: `draw_id`, `enterprise_id`, `pi`.
    static func selectedSQL(_ d: Dialect) -> String {
        switch d {
        case .sqlite:
            """
            SELECT dr.id AS draw_id, CAST(j.key AS INTEGER) AS enterprise_id, j.value AS pi
            FROM draws dr, json_each(dr.inclusion_json, '$.selected') j WHERE dr.inclusion_json IS NOT NULL
            """
        case .postgres:
            """
            SELECT dr.id AS draw_id, CAST(j.key AS BIGINT) AS enterprise_id, CAST(j.value AS DOUBLE PRECISION) AS pi
            FROM draws dr, jsonb_each_text(CAST(dr.inclusion_json AS jsonb) -> 'selected') j WHERE dr.inclusion_json IS NOT NULL
            """
        }
    }

    /// A fresh count from the batches, in the rollup's columns.
    static func countSQL(_ d: Dialect) -> String {
        let pi = "COALESCE(CASE WHEN s.pi > 0 THEN s.pi END, 0)"
        let month = "COALESCE(SUBSTR(b.sampled_on, 1, 7), '')"
        return """
            SELECT pl.year AS year, COALESCE(b.plan_district_code, '') AS plan_district_code, b.enterprise_district AS enterprise_district,
              \(pi) AS probability, \(month) AS month, COUNT(*) AS tested, CAST(SUM(CASE WHEN b.verdict = 'fail' THEN 1 ELSE 0 END) AS \(d.bigint)) AS failed
            FROM batches b JOIN plans pl ON pl.id = b.plan_id
              LEFT JOIN (\(selectedSQL(d))) s ON s.draw_id = b.draw_id AND s.enterprise_id = b.enterprise_id
            WHERE b.verdict IS NOT NULL
            GROUP BY pl.year, COALESCE(b.plan_district_code, ''), b.enterprise_district, \(pi), \(month)
            """
    }

    /// The month a batch is counted in: that of its sampling (ISO date, so its first seven characters).
    static func month(_ b: Batch) -> String { b.sampledOn.map { String($0.description.prefix(7)) } ?? "" }

    /// These batches' changes (their plans' years known), summed per rollup row first; RateRollup calls it. A batch
    /// counted before leaves its row and, counted after, enters its row, so a change of any key column is followed too.
    static func apply(_ db: any SQLDatabase, changes: [(before: Batch, after: Batch)], years: [Int64: Int]) async throws {
        struct Key: Hashable { var year: Int, level: String, district: String, probability: Double, month: String }
        let counted = changes.flatMap { [$0.before, $0.after] }.filter { $0.verdict != nil }
        guard !counted.isEmpty else { return }
        let probabilities = try await Self.probabilities(db, Set(counted.map { Pair(draw: $0.drawId, enterprise: $0.enterpriseId) }))
        var deltas: [Key: (tested: Int, failed: Int)] = [:]
        func add(_ b: Batch, _ sign: Int) throws {
            guard b.verdict != nil else { return }
            guard let year = years[b.planId] else { throw StoreError.internalError("批次的计划缺失") }
            let key = Key(year: year, level: b.planDistrictCode ?? "", district: b.enterpriseDistrict,
                          probability: probabilities[Pair(draw: b.drawId, enterprise: b.enterpriseId)] ?? 0, month: month(b))
            deltas[key, default: (0, 0)].tested += sign
            deltas[key, default: (0, 0)].failed += b.verdict == .fail ? sign : 0
        }
        for (before, after) in changes {
            try add(before, -1)
            try add(after, 1)
        }
        for (key, delta) in deltas where delta.tested != 0 || delta.failed != 0 {
            try await db.raw("""
                INSERT INTO verdict_rollup (year, plan_district_code, enterprise_district, probability, month, tested, failed)
                VALUES (\(bind: key.year), \(bind: key.level), \(bind: key.district), \(bind: key.probability), \(bind: key.month),
                  \(bind: delta.tested), \(bind: delta.failed))
                ON CONFLICT (year, plan_district_code, enterprise_district, probability, month)
                DO UPDATE SET tested = verdict_rollup.tested + excluded.tested, failed = verdict_rollup.failed + excluded.failed
                """).run()
        }
    }

    struct Pair: Hashable { var draw: Int64, enterprise: Int64 }

    /// The stored π of these enterprises in these draws (a positive number), read as the fresh count reads it.
    static func probabilities(_ db: any SQLDatabase, _ pairs: Set<Pair>) async throws -> [Pair: Double] {
        var out: [Pair: Double] = [:]
        let dialect = Dialect.of(db)
        for (draw, members) in Dictionary(grouping: pairs, by: \.draw) {
            let enterprises = members.map(\.enterprise).sorted()
            for start in stride(from: 0, to: enterprises.count, by: 500) {
                let chunk = Array(enterprises[start..<min(start + 500, enterprises.count)])
                var sql = SQLQueryString("SELECT s.enterprise_id AS e, s.pi AS pi FROM (\(unsafeRaw: selectedSQL(dialect))) s WHERE s.draw_id = \(bind: draw) AND s.enterprise_id IN (")
                for (i, id) in chunk.enumerated() { sql.appendInterpolation(unsafeRaw: i == 0 ? "" : ", "); sql.appendInterpolation(bind: id) }
                sql.appendInterpolation(unsafeRaw: ") AND s.pi > 0")
                for row in try await db.raw(sql).all() {
                    out[Pair(draw: draw, enterprise: try row.decode(column: "e", as: Int64.self))] = try row.decode(column: "pi", as: Double.self)
                }
            }
        }
        return out
    }

    /// The rollup's rows that differ from a fresh count: empty when it is consistent.
    static func differences(_ db: any SQLDatabase) async throws -> [String] {
        try await StatsSQL.differences(db, stored: """
            SELECT year, plan_district_code, enterprise_district, probability, month, tested, failed FROM verdict_rollup WHERE tested <> 0 OR failed <> 0
            """, fresh: countSQL(Dialect.of(db))) { row in
            "\(try row.decode(column: "year", as: Int.self))|\(try row.decode(column: "plan_district_code", as: String.self))|"
                + "\(try row.decode(column: "enterprise_district", as: String.self))|\(try row.decode(column: "probability", as: Double.self))|"
                + (try row.decode(column: "month", as: String.self))
        }
    }
}
