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
}
