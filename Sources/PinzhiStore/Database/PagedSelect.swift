import PinzhiDomain
import SQLKit

/// One page of a filtered list and the count of all its rows, read the same way by every list: `counting` gets a
/// select of `COUNT(*) AS n` and adds the list's tables and filters; `rows` is the same list's select, filtered;
/// the order is applied to the rows only. With `countLimit` the count stops one past it (a list page then says "more
/// than N" instead of counting a city's hundreds of thousands of records on every visit, issue 21); the API counts all.
enum PagedSelect {
    static func page<T: Sendable>(_ db: any SQLDatabase, counting: (SQLSelectBuilder) -> SQLSelectBuilder, rows: SQLSelectBuilder,
                                  order: [(any SQLExpression, SQLDirection)], limit: Int, offset: Int, countLimit: Int? = nil,
                                  decode: (any SQLRow) throws -> T) async throws -> Page<T> {
        let total = try await count(db, counting: counting, limit: countLimit)
        var q = rows
        for (expression, direction) in order { q = q.orderBy(expression, direction) }
        return Page(items: try await q.limit(limit).offset(offset).all().map(decode), total: total, offset: offset, limit: limit)
    }

    /// The number of rows `counting` selects; with `limit`, at most limit + 1 (a COUNT over that many matching rows
    /// says whether there are more). `counting` gets a select of one column and adds the tables and filters.
    static func count(_ db: any SQLDatabase, counting: (SQLSelectBuilder) -> SQLSelectBuilder, limit: Int?) async throws -> Int {
        let count = db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
        guard let cap = limit else { return try await counting(count).first()?.decode(column: "n", as: Int.self) ?? 0 }
        let matches = counting(db.select().column(SQLLiteral.numeric("1"), as: "one")).limit(cap + 1)
        return try await count.from(SQLAlias(SQLGroupExpression(matches.select), as: SQLIdentifier("m"))).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
