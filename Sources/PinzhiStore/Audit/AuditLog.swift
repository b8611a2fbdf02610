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
        try await appendAll(db, actor: actor, [Pending(action: action, entity: entity, entityId: entityId, summary: summary,
                                                       before: before, after: after)])[0]
    }

    /// A row to append with `appendAll`.
    struct Pending {
        var action: String
        var entity: String
        var entityId: Int64?
        var summary: String
        var before: String?
        var after: String?
    }

    /// Appends rows by one actor in three statements however many there are (a bulk import writes thousands): the
    /// head moves once, the chain is hashed here in order, and the rows go in as multi-row INSERTs.
    @discardableResult
    static func appendAll(_ db: any SQLDatabase, actor: AuditActor, _ rows: [Pending]) async throws -> [AuditEntry] {
        guard !rows.isEmpty else { return [] }
        // The UPDATE takes the head row's lock until commit, so concurrent writers chain one after the other.
        guard let head = try await db.raw("UPDATE audit_head SET seq = seq + \(bind: rows.count) WHERE id = 1 RETURNING seq, hash").first() else {
            throw StoreError.internalError("audit_head 缺失")
        }
        var seq = try head.decode(column: "seq", as: Int64.self) - Int64(rows.count)
        var prev = try head.decode(column: "hash", as: String.self)
        let at = Clock.nowText()
        var entries: [AuditEntry] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            seq += 1
            var entry = AuditEntry(seq: seq, at: at, actorId: actor.id, actorName: actor.name, actorRole: actor.role,
                                   actorOrganisation: actor.organisation, action: row.action, entity: row.entity, entityId: row.entityId,
                                   summary: row.summary, beforeJson: row.before, afterJson: row.after, prevHash: prev, hash: "")
            entry.hash = AuditHasher.hash(entry)
            prev = entry.hash
            entries.append(entry)
        }
        try await BulkInsert.run(db, "audit_log", ["seq", "at", "actor_id", "actor_name", "actor_role", "actor_organisation", "action", "entity",
                                                    "entity_id", "summary", "before_json", "after_json", "prev_hash", "hash"], entries.map { e in
            [SQLBind(e.seq), SQLBind(e.at), SQLBind(e.actorId), SQLBind(e.actorName), SQLBind(e.actorRole), SQLBind(e.actorOrganisation),
             SQLBind(e.action), SQLBind(e.entity), SQLBind(e.entityId), SQLBind(e.summary), SQLBind(e.beforeJson), SQLBind(e.afterJson),
             SQLBind(e.prevHash), SQLBind(e.hash)]
        })
        try await db.raw("UPDATE audit_head SET hash = \(bind: prev) WHERE id = 1").run()
        return entries
    }
}
