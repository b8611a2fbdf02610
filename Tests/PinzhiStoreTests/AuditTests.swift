import PinzhiDomain
import SQLKit
import PinzhiTestSupport
import Testing
@testable import PinzhiStore

@Suite("审计哈希链")
struct AuditTests {
    func seed(_ db: PinzhiDatabase, count: Int) async throws {
        let repo = MasterRepository<Enterprise>(db)
        for i in 0..<count {
            _ = try await repo.create(TestDatabase.enterprise(name: "企业\(i)", district: "310114", index: i), as: TestDatabase.admin)
        }
    }

    @Test func intactChainVerifies() async throws {
        try await TestDatabase.with { db in
            try await seed(db, count: 5)
            #expect(try await AuditVerifier(db).verify() == .intact(rows: 5))
        }
    }

    @Test func alteredRowIsNamed() async throws {
        try await TestDatabase.with { db in
            try await seed(db, count: 5)
            try await db.session { try await $0.raw("UPDATE audit_log SET summary = '篡改' WHERE seq = 3").run() }
            guard case .broken(let seq, let reason) = try await AuditVerifier(db).verify() else { Issue.record("not detected"); return }
            #expect(seq == 3)
            #expect(reason.contains("被修改"))
        }
    }

    @Test func deletedRowIsNamed() async throws {
        try await TestDatabase.with { db in
            try await seed(db, count: 5)
            try await db.session { try await $0.raw("DELETE FROM audit_log WHERE seq = 2").run() }
            #expect(try await AuditVerifier(db).verify() == .broken(seq: 2, reason: "第2行缺失（被删除）"))
        }
    }

    @Test func deletedLastRowIsDetected() async throws {
        try await TestDatabase.with { db in
            try await seed(db, count: 3)
            try await db.session { try await $0.raw("DELETE FROM audit_log WHERE seq = 3").run() }
            guard case .broken(let seq, _) = try await AuditVerifier(db).verify() else { Issue.record("not detected"); return }
            #expect(seq == 3)
        }
    }

    @Test func concurrentWritersStillFormOneChain() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<20 {
                    group.addTask { _ = try await repo.create(TestDatabase.enterprise(name: "并发\(i)", district: "310114", index: i), as: TestDatabase.admin) }
                }
                try await group.waitForAll()
            }
            #expect(try await AuditVerifier(db).verify() == .intact(rows: 20))
        }
    }

    @Test func concurrentEditsOfOneRecordApplyOnce() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            let e = try await repo.create(TestDatabase.enterprise(name: "原", district: "310114", index: 1), as: TestDatabase.admin)
            let results = await withTaskGroup(of: Bool.self) { group in
                for i in 0..<8 {
                    group.addTask {
                        var edit = e
                        edit.name = "修改\(i)"
                        return (try? await repo.update(edit, expectedVersion: 1, as: TestDatabase.admin)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1, "exactly one of the racing edits wins")
            #expect(try await repo.find(e.id, as: TestDatabase.admin)?.version == 2)
        }
    }
}
