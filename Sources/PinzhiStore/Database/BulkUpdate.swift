import SQLKit

/// Many rows changed by key in few statements: `UPDATE … FROM (VALUES …)`, which SQLite (3.33 and later) and
/// PostgreSQL both take, each VALUES column named `column1`, `column2`, … by both.
package enum BulkUpdate {
    /// A column's storage type, so PostgreSQL can type a VALUES column whose binds are all NULL.
    package enum Kind: Sendable { case text, bigint, bool, double }

    /// Sets `columns` of the row whose `key` is each row's first value; with `expectingVersion`, a row changes only
    /// while its version column still holds the row's last value. Returns how many rows changed.
    package static func run(_ db: any SQLDatabase, _ table: String, key: String, columns: [(String, Kind)], rows: [[any SQLExpression]],
                    expectingVersion version: Bool = false) async throws -> Int {
        guard !rows.isEmpty else { return 0 }
        let postgres = Dialect.of(db) == .postgres
        func value(_ index: Int, _ kind: Kind) -> String {
            let column = "v.column\(index)"
            guard postgres else { return column }
            switch kind {
            case .text: return "CAST(\(column) AS TEXT)"
            case .bigint: return "CAST(\(column) AS BIGINT)"
            case .bool: return "CAST(\(column) AS BOOLEAN)"
            case .double: return "CAST(\(column) AS DOUBLE PRECISION)"
            }
        }
        let width = columns.count + 1 + (version ? 1 : 0)
        let set = columns.enumerated().map { "\($0.element.0) = \(value($0.offset + 2, $0.element.1))" }
        var condition = "\(table).\(key) = \(value(1, .bigint))"
        if version { condition += " AND \(table).version = \(value(width, .bigint))" }
        let chunk = max(1, 20_000 / width)
        let statements = stride(from: 0, to: rows.count, by: chunk).map { start in
            let values = SQLList(rows[start..<min(start + chunk, rows.count)].map { SQLGroupExpression($0) as any SQLExpression })
            return SQLQueryString("UPDATE \(unsafeRaw: table) SET \(unsafeRaw: set.joined(separator: ", ")) FROM (VALUES \(values)) AS v WHERE \(unsafeRaw: condition) RETURNING \(unsafeRaw: table).\(unsafeRaw: key)") as any SQLExpression
        }
        return try await PipelinedStatements.all(db, statements).count
    }
}
