import SQLKit

/// Serialises transactions that decide from what they read (check, then insert) on one parent row. A no-op UPDATE
/// holds the row's write lock until commit on PostgreSQL, where a second transaction then waits and, under READ
/// COMMITTED, reads what the first wrote; SQLite already lets one writer in at a time.
enum RowLock {
    static func take(_ db: any SQLDatabase, _ table: String, id: Int64) async throws {
        try await db.update(table).set(SQLIdentifier("version"), to: SQLIdentifier("version")).where("id", .equal, SQLBind(id)).run()
    }
}
