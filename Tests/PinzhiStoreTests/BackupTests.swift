import Foundation
@testable import PinzhiDemo
import PinzhiDomain
@testable import PinzhiStore
import PinzhiTestSupport
import SQLKit
import Testing

@Suite("备份与恢复")
struct BackupTests {
    /// The round trip on SQLite: every table the same, the audit chain intact, and a refused restore writes nothing.
    /// PostgreSQL's round trip (pg_dump, pg_restore) runs in scripts/test on whole databases.
    @Test func aBackupRestoresToEveryTableAndTheAuditChainVerifies() async throws {
        try await TestDatabase.with { db in
            try await DemoDataSeeder(db, hasher: TestDatabase.hasher).seedIfEmpty(seed: 3, enterprises: 40, spotCheckYear: false)
            let source = try await TableChecksums(db).all()
            #expect(source.count >= 20 && source.contains { $0.name == "audit_log" && $0.rows > 0 })
            guard db.dialect == .sqlite, case .sqlite(let path) = db.location else { return }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinzhi-backup-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try await DatabaseBackup().backup(.sqlite(path: path), to: "\(dir)/backup.sqlite")
            let target = "\(dir)/restored.sqlite"
            try await DatabaseBackup().restore(.sqlite(path: target), from: "\(dir)/backup.sqlite", force: false)
            let restored = try PinzhiDatabase(.sqlite(path: target))
            let copy = try await TableChecksums(restored).all()
            let audit = try await AuditVerifier(restored).verify()
            await restored.shutdown()
            #expect(copy == source)
            #expect(audit == .intact(rows: source.first { $0.name == "audit_log" }!.rows))
            // An existing target is not overwritten without --force; a file that is not a backup is refused.
            await #expect(throws: DatabaseBackup.Failure.self) {
                try await DatabaseBackup().restore(.sqlite(path: target), from: "\(dir)/backup.sqlite", force: false)
            }
            try Data("not a database".utf8).write(to: URL(fileURLWithPath: "\(dir)/junk.sqlite"))
            await #expect(throws: DatabaseBackup.Failure.self) {
                try await DatabaseBackup().restore(.sqlite(path: "\(dir)/other.sqlite"), from: "\(dir)/junk.sqlite", force: false)
            }
            #expect(!FileManager.default.fileExists(atPath: "\(dir)/other.sqlite"))
        }
    }

    @Test func aChangedRowChangesItsTablesChecksum() async throws {
        try await TestDatabase.with { db in
            try await DemoDataSeeder(db, hasher: TestDatabase.hasher).seedIfEmpty(seed: 3, enterprises: 20, spotCheckYear: false)
            let before = try await TableChecksums(db).all()
            try await db.session { try await $0.update("enterprises").set("address", to: "上海市某处").where("id", .equal, 1).run() }
            let after = try await TableChecksums(db).all()
            #expect(zip(before, after).filter { $0 != $1 }.map(\.0.name) == ["enterprises"])
        }
    }
}
