import Foundation
import PinzhiDomain
import SQLKit

/// The market's failure rate estimated from a year's checked batches (SPEC RK-7): each batch weighted by 1/π, its
/// enterprise's inclusion probability in the draw that chose it (DrawInclusion), by Hájek with its interval. The raw
/// rate of the same batches stands beside it; batches whose draw stored no π (made before migration 33) are counted
/// apart and left out of the estimate. docs/rules.md §6d.
public struct MarketRateEstimate: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Result: Sendable, Equatable {
        public var tested: Int
        public var failed: Int
        /// The design-weighted estimate over the weighted batches; nil without one.
        public var estimate: DesignEstimate?
        public var weighted: Int
        /// Checked batches whose draw stored no inclusion probability.
        public var unweighted: Int

        public var rawRate: Double? { tested > 0 ? Double(failed) / Double(tested) : nil }
    }

    /// City and district scopes read the rollup (VerdictRollup, a few thousand rows at city scale); any other scope
    /// reads the batches.
    public func of(year: Int, as p: Principal) async throws -> Result {
        if let scope = StatsSQL.RollupScope(p) { return try await fromRollup(year: year, district: scope.district) }
        return try await fromBatches(year: year, as: p)
    }

    /// A district sees the checks its bureau organised and those of its enterprises (StatsSQL.districtScope).
    func fromRollup(year: Int, district: String?) async throws -> Result {
        try await database.session { db in
            var q = db.select().column("probability").column(SQLRaw("CAST(SUM(tested) AS BIGINT)"), as: "n")
                .column(SQLRaw("CAST(SUM(failed) AS BIGINT)"), as: "f")
                .from("verdict_rollup").where("year", .equal, SQLBind(year)).groupBy("probability")
            q = StatsSQL.districtScope(q, district)
            var groups: [DesignEstimate.Group] = []
            var result = Result(tested: 0, failed: 0, estimate: nil, weighted: 0, unweighted: 0)
            for row in try await q.all() {
                let group = DesignEstimate.Group(probability: try row.decode(column: "probability", as: Double.self),
                                                 tested: try row.decode(column: "n", as: Int.self), failed: try row.decode(column: "f", as: Int.self))
                result.tested += group.tested
                result.failed += group.failed
                if group.probability > 0 { groups.append(group); result.weighted += group.tested } else { result.unweighted += group.tested }
            }
            result.estimate = DesignEstimate.hajek(groups: groups)
            return result
        }
    }

    /// The estimate from the batches themselves: the reference the rollup is tested against.
    func fromBatches(year: Int, as p: Principal) async throws -> Result {
        try await database.session { db in
            // A draw's inclusion probabilities are read once per draw, not once per batch: at city scale a year holds
            // a million batches from a few thousand draws (issue 21).
            let rows = try await BatchRepository.visible(
                BatchRepository.ofPlanYear(db.select().column(SQLColumn("draw_id", table: "b"), as: "draw_id")
                    .column(SQLColumn("enterprise_id", table: "b"), as: "enterprise_id").column(SQLColumn("verdict", table: "b"), as: "verdict"), year), p)
                .where(SQLColumn("verdict", table: "b"), .isNot, SQLLiteral.null)
                .where(SQLColumn("draw_id", table: "b"), .isNot, SQLLiteral.null)
                .all()
            var checked: [(draw: Int64, enterprise: Int64, failed: Bool)] = []
            checked.reserveCapacity(rows.count)
            for row in rows {
                checked.append((try row.decode(column: "draw_id", as: Int64.self), try row.decode(column: "enterprise_id", as: Int64.self),
                                try row.decode(column: "verdict", as: String.self) == ItemVerdict.fail.rawValue))
            }
            let inclusions = try await Self.inclusions(db, of: Set(checked.map(\.draw)))
            var result = Result(tested: checked.count, failed: checked.filter(\.failed).count, estimate: nil, weighted: 0, unweighted: 0)
            var sample: [(failed: Bool, probability: Double)] = []
            for c in checked {
                if let pi = inclusions[c.draw]?.probability(of: c.enterprise), pi > 0 {
                    sample.append((c.failed, pi))
                } else {
                    result.unweighted += 1
                }
            }
            result.weighted = sample.count
            result.estimate = DesignEstimate.hajek(sample)
            return result
        }
    }

    /// The stored inclusion probabilities of these draws (a draw made before migration 33 has none).
    static func inclusions(_ db: any SQLDatabase, of ids: Set<Int64>) async throws -> [Int64: DrawInclusion] {
        var out: [Int64: DrawInclusion] = [:]
        let sorted = ids.sorted()
        for start in stride(from: 0, to: sorted.count, by: 500) {
            let chunk = sorted[start..<min(start + 500, sorted.count)]
            for row in try await db.select().columns("id", "inclusion_json").from("draws")
                .where("id", .in, SQLBind.group(Array(chunk))).all() {
                guard let json = try row.decode(column: "inclusion_json", as: String?.self),
                      let inclusion = try? JSONDecoder().decode(DrawInclusion.self, from: Data(json.utf8)) else { continue }
                out[try row.decode(column: "id", as: Int64.self)] = inclusion
            }
        }
        return out
    }
}
