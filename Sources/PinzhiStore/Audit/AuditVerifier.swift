import SQLKit

/// Recomputes the audit chain (SPEC ORG-4). Any row altered, deleted or inserted by hand breaks it at that row.
/// Then each bulk import's seal is checked against the records it created (ImportSealCheck), so an imported record
/// altered outside the audit is found although it has no audit row of its own.
public struct AuditVerifier: Sendable {
    public enum Outcome: Sendable, Equatable {
        case intact(rows: Int)
        case broken(seq: Int64, reason: String)
    }

    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public func verify(batchSize: Int = 5000) async throws -> Outcome {
        try await database.session { db in
            var expectedSeq: Int64 = 1
            var prevHash = AuditHasher.genesis
            var rows = 0
            var seals: [(AuditEntry, ImportSeal)] = []
            while true {
                let batch = try await db.raw("SELECT * FROM audit_log WHERE seq >= \(bind: expectedSeq) ORDER BY seq LIMIT \(bind: batchSize)")
                    .all(decoding: AuditEntry.self, keyDecodingStrategy: .convertFromSnakeCase)
                for entry in batch {
                    if entry.seq != expectedSeq {
                        return .broken(seq: expectedSeq, reason: "第\(expectedSeq)行缺失（被删除）")
                    }
                    if entry.prevHash != prevHash {
                        return .broken(seq: entry.seq, reason: "第\(entry.seq)行的前序哈希与上一行不符")
                    }
                    if AuditHasher.hash(entry) != entry.hash {
                        return .broken(seq: entry.seq, reason: "第\(entry.seq)行内容与其哈希不符（被修改）")
                    }
                    prevHash = entry.hash
                    if let seal = ImportSeal.read(entry) { seals.append((entry, seal)) }
                    expectedSeq += 1
                    rows += 1
                }
                if batch.count < batchSize { break }
            }
            let head = try await db.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first()
            let headSeq = try head?.decode(column: "seq", as: Int64.self) ?? 0
            let headHash = try head?.decode(column: "hash", as: String.self) ?? ""
            if headSeq != expectedSeq - 1 || headHash != prevHash {
                return .broken(seq: expectedSeq, reason: "日志末尾与链头（第\(headSeq)行）不符：末尾的行被删除")
            }
            for (entry, seal) in seals {
                if let problem = try await ImportSealCheck(database: database, db: db).problem(entry, seal) { return .broken(seq: entry.seq, reason: problem) }
            }
            return .intact(rows: rows)
        }
    }
}
