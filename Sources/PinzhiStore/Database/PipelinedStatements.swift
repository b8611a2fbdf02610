import SQLKit

/// Statements run one after another in the caller's session, each built into its SQL text and binds on another task
/// while the one before it runs. A bulk write's statements carry 20,000 binds each, and building one (SQLKit's
/// serializer) cost about as much as the database running it; a single writer that does both in turn keeps one core
/// busy where two can be (measured in `pinzhi generate`, issue 21).
package enum PipelinedStatements {
    /// Runs the statements in order and gives back the rows each returned, in order.
    package static func all(_ db: any SQLDatabase, _ statements: [any SQLExpression]) async throws -> [any SQLRow] {
        guard let first = statements.first else { return [] }
        var rows: [any SQLRow] = []
        var next: Task<Serialized, Never>? = Task { Serialized(db, first) }
        for index in statements.indices {
            guard let current = await next?.value else { break }
            next = index + 1 < statements.count ? Task { [statement = statements[index + 1]] in Serialized(db, statement) } : nil
            let collected = RowCollector()
            try await db.execute(sql: current) { collected.append($0) }
            rows += collected.rows
        }
        return rows
    }

    package static func run(_ db: any SQLDatabase, _ statements: [any SQLExpression]) async throws {
        _ = try await all(db, statements)
    }

    /// A statement already built: its text and binds, written as they are.
    struct Serialized: SQLExpression {
        let sql: String
        let binds: [any Encodable & Sendable]

        init(_ db: any SQLDatabase, _ statement: any SQLExpression) {
            (sql, binds) = db.serialize(statement)
        }

        func serialize(to serializer: inout SQLSerializer) {
            serializer.write(sql)
            serializer.binds.append(contentsOf: binds)
        }
    }

    /// The rows of one statement, handed over by the driver's callback (which runs before `execute` returns).
    final class RowCollector: @unchecked Sendable {
        private(set) var rows: [any SQLRow] = []
        func append(_ row: any SQLRow) { rows.append(row) }
    }
}
