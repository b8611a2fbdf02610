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

    public func of(year: Int, as p: Principal) async throws -> Result {
        try await database.session { db in
            let rows = try await BatchRepository.visible(
                BatchRepository.from(db.select().column(SQLColumn("enterprise_id", table: "b"), as: "enterprise_id")
                    .column(SQLColumn("verdict", table: "b"), as: "verdict").column(SQLColumn("inclusion_json", table: "d"), as: "inclusion_json"))
                    .join(SQLAlias(SQLIdentifier("draws"), as: SQLIdentifier("d")), on: SQLColumn("draw_id", table: "b"), .equal, SQLColumn("id", table: "d")), p)
                .where(SQLColumn("verdict", table: "b"), .isNot, SQLLiteral.null)
                .where(SQLColumn("year", table: "pl"), .equal, SQLBind(year))
                .all()
            var result = Result(tested: 0, failed: 0, estimate: nil, weighted: 0, unweighted: 0)
            var sample: [(failed: Bool, probability: Double)] = []
            var parsed: [String: DrawInclusion] = [:]
            for row in rows {
                let failed = try row.decode(column: "verdict", as: String.self) == ItemVerdict.fail.rawValue
                result.tested += 1
                if failed { result.failed += 1 }
                let json = try row.decode(column: "inclusion_json", as: String?.self) ?? ""
                if parsed[json] == nil, let inclusion = try? JSONDecoder().decode(DrawInclusion.self, from: Data(json.utf8)) { parsed[json] = inclusion }
                if let pi = parsed[json]?.probability(of: try row.decode(column: "enterprise_id", as: Int64.self)), pi > 0 {
                    sample.append((failed, pi))
                } else {
                    result.unweighted += 1
                }
            }
            result.weighted = sample.count
            result.estimate = DesignEstimate.hajek(sample)
            return result
        }
    }
}
