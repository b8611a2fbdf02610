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
        try await PipelinedStatements.all(db, statements(db, table, columns, rows, returning: returning))
    }

    /// The statements that insert the rows, for a caller that runs several tables' inserts in one pipeline
    /// (PipelinedStatements): a multi-row INSERT per chunk; none for no rows.
    package static func statements(_ db: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any SQLExpression]],
                                   returning: [String] = []) -> [any SQLExpression] {
        let chunk = max(1, 20_000 / max(columns.count, 1))
        return stride(from: 0, to: rows.count, by: chunk).map { start in
            var insert = db.insert(into: table).columns(columns)
            for row in rows[start..<min(start + chunk, rows.count)] { insert = insert.values(row) }
            if !returning.isEmpty { insert.insert.returning = SQLReturning(returning.map { SQLColumn($0) as any SQLExpression }) }
            return insert.query
        }
    }
}
