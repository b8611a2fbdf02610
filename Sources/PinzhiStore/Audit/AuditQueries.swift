import SQLKit
import PinzhiDomain

/// Reading the audit log: one record's history, and the whole log for the administrator.
public struct AuditQueries: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// The record's own rows and the bulk import that created it, if one did (its seal names the record's id:
    /// ImportSeal), newest first.
    public func history(entity: String, id: Int64) async throws -> [AuditEntry] {
        try await database.session { db in
            let own = try await db.raw("SELECT * FROM audit_log WHERE entity = \(bind: entity) AND entity_id = \(bind: id) ORDER BY seq DESC")
                .all(decoding: AuditEntry.self, keyDecodingStrategy: .convertFromSnakeCase)
            // Imports are few (one row each however many records they created), so their seals are read and tested here.
            let imports = try await db.raw("""
                SELECT * FROM audit_log WHERE entity = \(bind: entity) AND entity_id IS NULL AND action = \(bind: ImportSeal.importAction)
                """).all(decoding: AuditEntry.self, keyDecodingStrategy: .convertFromSnakeCase)
                .filter { ImportSeal.read($0)?.contains(id) == true }
            return (own + imports).sorted { $0.seq > $1.seq }
        }
    }

    /// - Parameter changes: whether to read each row's before and after JSON; a draw's carries its whole candidate
    ///   list, so screens that show only the summaries leave them out.
    public func page(entity: String?, actor: String?, limit: Int, offset: Int, changes: Bool = true) async throws -> Page<AuditEntry> {
        try await database.session { db in
            var select = changes ? db.select().column("*").from("audit_log")
                : db.select().columns(["seq", "at", "actor_id", "actor_name", "actor_role", "actor_organisation", "action", "entity", "entity_id",
                                       "summary", "prev_hash", "hash"]).from("audit_log")
            var count = db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_log")
            if let entity, !entity.isEmpty {
                select = select.where("entity", .equal, entity)
                count = count.where("entity", .equal, entity)
            }
            if let actor, !actor.isEmpty {
                select = select.where("actor_name", .equal, actor)
                count = count.where("actor_name", .equal, actor)
            }
            let total = try await count.first()?.decode(column: "n", as: Int.self) ?? 0
            let items = try await select.orderBy("seq", .descending).limit(limit).offset(offset)
                .all(decoding: AuditEntry.self, keyDecodingStrategy: .convertFromSnakeCase)
            return Page(items: items, total: total, offset: offset, limit: limit)
        }
    }
}
