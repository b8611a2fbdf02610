import Foundation
import SQLKit

/// Applies the migrations not yet applied, each in its own transaction with its row in schema_migrations.
public struct Migrator: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// Returns the versions it applied.
    @discardableResult
    public func migrate(_ migrations: [Migration] = MigrationList.all) async throws -> [Int] {
        try await database.session { db in
            try await db.raw("""
                CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
                """).run()
        }
        var applied: [Int] = []
        for migration in migrations {
            let dialect = database.dialect
            let ran = try await database.transaction { db in
                if dialect == .postgres {
                    // Two app servers starting together must not both apply the same migration.
                    try await db.raw("SELECT pg_advisory_xact_lock(7274)").run()
                }
                let done = try await db.raw("SELECT version FROM schema_migrations WHERE version = \(bind: migration.version)").first()
                guard done == nil else { return false }
                for statement in migration.statements(dialect) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw("""
                    INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Clock.nowText()))
                    """).run()
                return true
            }
            if ran { applied.append(migration.version) }
        }
        if migrations.contains(where: { $0.version == Migration045DataVersion.migration.version }) { database.trackVersions() }
        return applied
    }

    public func appliedVersions() async throws -> [Int] {
        try await database.session { db in
            try await db.raw("SELECT version FROM schema_migrations ORDER BY version").all().map { try $0.decode(column: "version", as: Int.self) }
        }
    }
}
