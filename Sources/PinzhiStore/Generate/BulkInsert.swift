import SQLKit

/// Many rows in few statements: a multi-row INSERT per chunk, well under SQLite's and PostgreSQL's bind limits.
enum BulkInsert {
    static func run(_ db: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any SQLExpression]]) async throws {
        guard !rows.isEmpty else { return }
        let chunk = max(1, 20_000 / max(columns.count, 1))
        for start in stride(from: 0, to: rows.count, by: chunk) {
            var insert = db.insert(into: table).columns(columns)
            for row in rows[start..<min(start + chunk, rows.count)] { insert = insert.values(row) }
            try await insert.run()
        }
    }
}
