import PinzhiDomain
import SQLKit

/// Batches tested and failed per month of sampling in a year, within the principal's scope (the line chart).
public struct MonthlyCounts: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// City and district scopes read the rollup (VerdictRollup); any other scope counts the batches.
    public func of(year: Int, as p: Principal) async throws -> [RateCell] {
        if let scope = StatsSQL.RollupScope(p) { return try await fromRollup(year: year, district: scope.district) }
        return try await fromBatches(year: year, as: p)
    }

    /// A district sees the checks its bureau organised and those of its enterprises (StatsSQL.districtScope).
    func fromRollup(year: Int, district: String?) async throws -> [RateCell] {
        try await database.session { db in
            var q = db.select().column("month", as: "m").column(SQLRaw("CAST(SUM(tested) AS BIGINT)"), as: "n")
                .column(SQLRaw("CAST(SUM(failed) AS BIGINT)"), as: "f").from("verdict_rollup")
                .where("month", .greaterThanOrEqual, SQLBind("\(year)-01")).where("month", .lessThanOrEqual, SQLBind("\(year)-12")).groupBy("month")
            q = StatsSQL.districtScope(q, district)
            return try Self.cells(try await q.all(), year: year)
        }
    }

    /// The same counted from the batches: the reference the rollup is tested against.
    func fromBatches(year: Int, as p: Principal) async throws -> [RateCell] {
        try await database.session { db in
            // sampled_on is an ISO date: its first seven characters are the month, on both databases.
            let month = SQLFunction("SUBSTR", args: SQLColumn("sampled_on", table: "b"), SQLLiteral.numeric("1"), SQLLiteral.numeric("7"))
            // The batches table alone: the scope and the filters read only its columns.
            let rows = try await BatchRepository.visible(
                db.select().column(month, as: "m").column(StatsSQL.tested, as: "n").column(StatsSQL.failed, as: "f")
                    .from(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b"))), p)
                .where(SQLColumn("verdict", table: "b"), .isNot, SQLLiteral.null)
                .where(SQLColumn("sampled_on", table: "b"), .greaterThanOrEqual, SQLBind("\(year)-01-01"))
                .where(SQLColumn("sampled_on", table: "b"), .lessThanOrEqual, SQLBind("\(year)-12-31"))
                .groupBy(month).all()
            return try Self.cells(rows, year: year)
        }
    }

    /// Twelve months from rows of month `m`, tested `n` and failed `f`.
    static func cells(_ rows: [any SQLRow], year: Int) throws -> [RateCell] {
        var byMonth: [String: (Int, Int)] = [:]
        for row in rows {
            byMonth[try row.decode(column: "m", as: String.self)] = (try row.decode(column: "n", as: Int.self), try row.decode(column: "f", as: Int?.self) ?? 0)
        }
        return (1...12).map { m in
            let key = "\(year)-\(m < 10 ? "0" : "")\(m)"
            let (n, f) = byMonth[key] ?? (0, 0)
            return RateCell(key: key, label: "\(m)月", tested: n, failed: f)
        }
    }
}
