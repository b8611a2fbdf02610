import SQLKit

/// The two aggregates every rate query selects over the batches aliased `b`. PostgreSQL sums into NUMERIC; the cast
/// keeps both databases answering an integer.
enum StatsSQL {
    static let tested = SQLRaw("COUNT(*)")
    static let failed = SQLRaw("CAST(SUM(CASE WHEN b.verdict = 'fail' THEN 1 ELSE 0 END) AS BIGINT)")

    /// A rollup's rows within a district's scope, as BatchPolicy scopes its batches: the checks its bureau organised
    /// and those of its enterprises. No district: the city's, everything.
    static func districtScope(_ q: SQLSelectBuilder, _ district: String?, table: String? = nil) -> SQLSelectBuilder {
        guard let district else { return q }
        func column(_ name: String) -> SQLColumn { table.map { SQLColumn(name, table: $0) } ?? SQLColumn(name) }
        return q.where { g in
            g.where(column("plan_district_code"), .equal, SQLBind(district)).orWhere(column("enterprise_district"), .equal, SQLBind(district))
        }
    }
}
