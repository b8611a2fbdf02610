import SQLKit

/// The two aggregates every rate query selects over the batches aliased `b`. PostgreSQL sums into NUMERIC; the cast
/// keeps both databases answering an integer.
enum StatsSQL {
    static let tested = SQLRaw("COUNT(*)")
    static let failed = SQLRaw("CAST(SUM(CASE WHEN b.verdict = 'fail' THEN 1 ELSE 0 END) AS BIGINT)")
}
