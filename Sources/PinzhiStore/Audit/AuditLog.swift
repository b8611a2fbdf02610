import Foundation
import SQLKit

/// Appends hash-chained rows to the audit log, always inside the caller's transaction, so a change and its audit row
/// land together or not at all.
public enum AuditLog {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()

    public static func json<T: Encodable>(_ value: T?) -> String? {
        guard let value, let data = try? encoder.encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    @discardableResult
    public static func append(
        _ db: any SQLDatabase, actor: AuditActor, action: String, entity: String, entityId: Int64?,
        summary: String, before: String? = nil, after: String? = nil
    ) async throws -> AuditEntry {
        // The UPDATE takes the head row's lock until commit, so concurrent writers chain one after the other.
        guard let head = try await db.raw("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash").first() else {
            throw StoreError.internalError("audit_head 缺失")
        }
        var entry = AuditEntry(
            seq: try head.decode(column: "seq", as: Int64.self), at: Clock.nowText(), actorId: actor.id,
            actorName: actor.name, actorRole: actor.role, actorOrganisation: actor.organisation, action: action,
            entity: entity, entityId: entityId, summary: summary, beforeJson: before, afterJson: after,
            prevHash: try head.decode(column: "hash", as: String.self), hash: "")
        entry.hash = AuditHasher.hash(entry)
        try await db.raw("""
            INSERT INTO audit_log (seq, at, actor_id, actor_name, actor_role, actor_organisation, action, entity, entity_id,
              summary, before_json, after_json, prev_hash, hash)
            VALUES (\(bind: entry.seq), \(bind: entry.at), \(bind: entry.actorId), \(bind: entry.actorName), \(bind: entry.actorRole),
              \(bind: entry.actorOrganisation), \(bind: entry.action), \(bind: entry.entity), \(bind: entry.entityId),
              \(bind: entry.summary), \(bind: entry.beforeJson), \(bind: entry.afterJson), \(bind: entry.prevHash), \(bind: entry.hash))
            """).run()
        try await db.raw("UPDATE audit_head SET hash = \(bind: entry.hash) WHERE id = 1").run()
        return entry
    }

    /// A row to append with `appendAll`.
    struct Pending {
        var action: String
        var entity: String
        var entityId: Int64?
        var summary: String
        var after: String?
    }

    /// Appends many rows by one actor in a few statements (a bulk import): the head moves once, the chain is hashed
    /// here in order, and the rows go in as multi-row INSERTs — the same chain `append` would have written.
    static func appendAll(_ db: any SQLDatabase, actor: AuditActor, _ rows: [Pending]) async throws {
        guard !rows.isEmpty else { return }
        guard let head = try await db.raw("UPDATE audit_head SET seq = seq + \(bind: rows.count) WHERE id = 1 RETURNING seq, hash").first() else {
            throw StoreError.internalError("audit_head 缺失")
        }
        var seq = try head.decode(column: "seq", as: Int64.self) - Int64(rows.count)
        var prev = try head.decode(column: "hash", as: String.self)
        let at = Clock.nowText()
        var values: [[any SQLExpression]] = []
        values.reserveCapacity(rows.count)
        for row in rows {
            seq += 1
            var entry = AuditEntry(seq: seq, at: at, actorId: actor.id, actorName: actor.name, actorRole: actor.role,
                                   actorOrganisation: actor.organisation, action: row.action, entity: row.entity, entityId: row.entityId,
                                   summary: row.summary, beforeJson: nil, afterJson: row.after, prevHash: prev, hash: "")
            entry.hash = AuditHasher.hash(entry)
            prev = entry.hash
            values.append([SQLBind(entry.seq), SQLBind(entry.at), SQLBind(entry.actorId), SQLBind(entry.actorName), SQLBind(entry.actorRole),
                           SQLBind(entry.actorOrganisation), SQLBind(entry.action), SQLBind(entry.entity), SQLBind(entry.entityId),
                           SQLBind(entry.summary), SQLBind(entry.beforeJson), SQLBind(entry.afterJson), SQLBind(entry.prevHash), SQLBind(entry.hash)])
        }
        try await BulkInsert.run(db, "audit_log", ["seq", "at", "actor_id", "actor_name", "actor_role", "actor_organisation", "action", "entity",
                                                    "entity_id", "summary", "before_json", "after_json", "prev_hash", "hash"], values)
        try await db.raw("UPDATE audit_head SET hash = \(bind: prev) WHERE id = 1").run()
    }
}
