import Foundation
import PinzhiDomain
import SQLKit

/// Checks a bulk import's seal (ImportSeal) against the records it names: each record rebuilt as it was imported —
/// the before-image of its first audited change after the import if it has one, else its stored row — and the rows'
/// hash recomputed. A record changed, deleted or added to the runs outside the audit gives another hash.
struct ImportSealCheck {
    let database: PinzhiDatabase
    /// The verifier's session, in which the chain was read.
    let db: any SQLDatabase

    /// nil when the records still hash to the seal; else why not.
    func problem(_ entry: AuditEntry, _ seal: ImportSeal) async throws -> String? {
        switch RecordKind(rawValue: entry.entity) {
        case .enterprise: try await problem(Enterprise.self, entry, seal)
        case .agency: try await problem(Agency.self, entry, seal)
        case .expert: try await problem(Expert.self, entry, seal)
        case .nationalPlanEntry: try await problem(NationalPlanEntry.self, entry, seal)
        case .licence: try await problem(Licence.self, entry, seal)
        default: "第\(entry.seq)行封存的导入记录类型“\(entry.entity)”无法核对"
        }
    }

    func problem<R: MasterRecord>(_ type: R.Type, _ entry: AuditEntry, _ seal: ImportSeal) async throws -> String? {
        let ids = seal.allIds
        guard ids.count == seal.count else { return "第\(entry.seq)行封存的导入记录数与编号段不符" }
        let repository = MasterRepository<R>(database)
        var imported: [R] = []
        imported.reserveCapacity(ids.count)
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let chunk = Array(ids[start..<min(start + 1000, ids.count)])
            let stored = try await db.select().column("*").from(repository.table).where("id", .in, SQLBind.group(chunk)).all()
                .map(repository.decode)
            var byId = Dictionary(stored.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            // The first audited change of each record after the import holds the record as it was before it.
            let changes = try await db.raw("""
                SELECT entity_id, before_json FROM audit_log WHERE entity = \(bind: entry.entity) AND entity_id IN \(SQLBind.group(chunk))
                AND seq > \(bind: entry.seq) AND before_json IS NOT NULL ORDER BY seq
                """).all()
            var rebuilt: Set<Int64> = []
            for row in changes {
                let id = try row.decode(column: "entity_id", as: Int64.self)
                guard rebuilt.insert(id).inserted else { continue }
                let json = try row.decode(column: "before_json", as: String.self)
                guard let before = try? JSONDecoder().decode(R.self, from: Data(json.utf8)) else {
                    return "第\(entry.seq)行封存的\(R.kind.label)（编号\(id)）其后的修改记录无法读取"
                }
                byId[id] = before
            }
            for id in chunk {
                guard let record = byId[id] else { return "第\(entry.seq)行导入的\(R.kind.label)（编号\(id)）已不存在，且无审计记录" }
                imported.append(record)
            }
        }
        if try await ImportSeal.rowsHash(imported) != seal.rows {
            return "第\(entry.seq)行导入的\(R.kind.label)与其封存的哈希不符：有记录未经审计被修改"
        }
        return nil
    }
}
