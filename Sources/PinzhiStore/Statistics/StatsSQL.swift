import PinzhiDomain
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

    /// Whose statistics a rollup answers: the city's (district nil) or one district's. Any other visibility (none
    /// sees statistics today) has no rollup scope, and its figures are counted from the batches.
    struct RollupScope: Sendable {
        let district: String?

        init?(_ p: Principal) {
            switch BatchPolicy.visibility(p) {
            case .all: district = nil
            case .district(let code): district = code
            default: return nil
            }
        }
    }

    /// The rows of `select` (its text up to a column, e.g. "… AND b.enterprise_id") for the ids given, then `group`:
    /// 500 ids a statement, as binds. For a rollup's share of a few records (EnterpriseRollupShare).
    static func rows(_ db: any SQLDatabase, _ select: String, in ids: [Int64], then group: String) async throws -> [any SQLRow] {
        var rows: [any SQLRow] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            var sql = SQLQueryString(select + " IN (")
            for (i, id) in ids[start..<min(start + 500, ids.count)].enumerated() {
                sql.appendInterpolation(unsafeRaw: i == 0 ? "" : ", ")
                sql.appendInterpolation(bind: id)
            }
            sql.appendInterpolation(unsafeRaw: ")" + group)
            rows += try await db.raw(sql).all()
        }
        return rows
    }

    /// The rows of a rollup that differ from a fresh count: empty when it is consistent. `key` names a row by its
    /// key columns; `tested` and `failed` are the columns of its two counts in both queries.
    static func differences(_ db: any SQLDatabase, stored: String, fresh: String, tested: String = "tested", failed: String = "failed",
                            key: (any SQLRow) throws -> String) async throws -> [String] {
        func read(_ sql: String) async throws -> [String: String] {
            var out: [String: String] = [:]
            for row in try await db.raw(SQLQueryString(sql)).all() {
                out[try key(row)] = "\(try row.decode(column: tested, as: Int64.self))/\(try row.decode(column: failed, as: Int64.self))"
            }
            return out
        }
        let (was, now) = (try await read(stored), try await read(fresh))
        return Set(was.keys).union(now.keys).sorted().compactMap { key in
            was[key] == now[key] ? nil : "\(key): 汇总\(was[key] ?? "无") ≠ 重算\(now[key] ?? "无")"
        }
    }
}
