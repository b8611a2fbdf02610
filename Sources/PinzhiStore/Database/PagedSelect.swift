import PinzhiDomain
import SQLKit

/// One page of a filtered list and the count of all its rows, read the same way by every list: `counting` gets a
/// select of `COUNT(*) AS n` and adds the list's tables and filters; `rows` is the same list's select, filtered;
/// the order is applied to the rows only.
enum PagedSelect {
    static func page<T: Sendable>(_ db: any SQLDatabase, counting: (SQLSelectBuilder) -> SQLSelectBuilder, rows: SQLSelectBuilder,
                                  order: [(any SQLExpression, SQLDirection)], limit: Int, offset: Int,
                                  decode: (any SQLRow) throws -> T) async throws -> Page<T> {
        let total = try await counting(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        var q = rows
        for (expression, direction) in order { q = q.orderBy(expression, direction) }
        return Page(items: try await q.limit(limit).offset(offset).all().map(decode), total: total, offset: offset, limit: limit)
    }
}
