import Foundation
import SQLKit

/// Every table's row count and a SHA-256 over its rows, to prove that a restored database holds exactly what was
/// backed up (issue 7). Rows are hashed in sorted order, so the physical order on disk does not matter; values are
/// read as the database returns them, so two checksums compare only within one kind of database.
public struct TableChecksums: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Table: Sendable, Equatable, CustomStringConvertible {
        public var name: String
        public var rows: Int
        public var sha256: String

        public var description: String { "\(name)\t\(rows)\t\(sha256)" }
    }

    public func all() async throws -> [Table] {
        try await database.session { db in
            var tables: [Table] = []
            for name in try await Self.tableNames(db, database.dialect) {
                let rows = try await db.select().column(SQLLiteral.all).from(name).all().map(Self.text).sorted()
                tables.append(Table(name: name, rows: rows.count, sha256: Hashing.sha256(rows.joined(separator: "\n"))))
            }
            return tables
        }
    }

    static func tableNames(_ db: any SQLDatabase, _ dialect: Dialect) async throws -> [String] {
        let query = dialect == .sqlite
            ? "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        return try await db.raw(SQLQueryString(query)).all().map { try $0.decode(column: "t", as: String.self) }
    }

    /// One row as text: each column as the first type it decodes as.
    static func text(_ row: any SQLRow) -> String {
        row.allColumns.sorted().map { column -> String in
            // A NULL decodes as none of these and reads as ∅.
            if let v = try? row.decode(column: column, as: Int64.self) { return "\(column)=\(v)" }
            if let v = try? row.decode(column: column, as: Double.self) { return "\(column)=\(v)" }
            if let v = try? row.decode(column: column, as: Bool.self) { return "\(column)=\(v)" }
            if let v = try? row.decode(column: column, as: String.self) { return "\(column)=\(v)" }
            if let v = try? row.decode(column: column, as: Data.self) { return "\(column)=\(v.base64EncodedString())" }
            return "\(column)=∅"
        }.joined(separator: "\u{1F}")
    }
}
