import SQLKit

/// Many rows in few statements: a multi-row INSERT per chunk, well under SQLite's and PostgreSQL's bind limits.
package enum BulkInsert {
    package static func run(_ db: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any SQLExpression]]) async throws {
        _ = try await run(db, table, columns, rows, returning: [])
    }

    /// The same, giving back `returning` of every row inserted (in the order of `rows`: both databases number a
    /// multi-row INSERT's rows in the order they are listed).
    package static func run(_ db: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any SQLExpression]],
                    returning: [String]) async throws -> [any SQLRow] {
        guard !rows.isEmpty else { return [] }
        let chunk = max(1, 20_000 / max(columns.count, 1))
        var out: [any SQLRow] = []
        for start in stride(from: 0, to: rows.count, by: chunk) {
            var insert = db.insert(into: table).columns(columns)
            for row in rows[start..<min(start + chunk, rows.count)] { insert = insert.values(row) }
            if returning.isEmpty {
                try await insert.run()
            } else {
                out += try await insert.returning(returning.map { SQLColumn($0) as any SQLExpression }).all()
            }
        }
        return out
    }
}
