import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

/// Many clients racing the same step (issue 7): exactly one wins, the others get a clear conflict, and no row is
/// written twice. Runs on SQLite and, in scripts/test, on PostgreSQL, where the transactions really overlap.
@Suite("并发：同一操作只成功一次")
struct ConcurrencyTests {
    static let racers = 8

    @Test func theSameDrawRunBySeveralClientsDrawsOnce() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db, batches: 3)
            _ = try await DrawRepository(db).commit(taskId: f.task.id, today: f.today, as: SpotCheckFixture.city)
            let outcomes = await withTaskGroup(of: Result<Int64, any Error>.self) { group in
                for seed in 1...UInt64(Self.racers) {
                    group.addTask {
                        let reveal = CommittedDraw.Reveal(publicValue: String(seed), publicSource: "测试")
                        do { return .success(try await DrawRepository(db).draw(taskId: f.task.id, reveal: reveal, reason: nil, today: f.today, as: SpotCheckFixture.city).id) }
                        catch { return .failure(error) }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let won = outcomes.compactMap { try? $0.get() }
            #expect(won.count == 1, "exactly one draw is recorded")
            for case .failure(let error) in outcomes {
                guard case StoreError.invalid(let failure) = error else { Issue.record("unexpected \(error)"); continue }
                #expect(failure.errors.first?.message.contains("重新抽取须说明理由") == true)
            }
            #expect(try await DrawRepository(db).list(taskId: f.task.id).count == 1)
            #expect(try await Self.count(db, "batches", "task_id", f.task.id) == 3)
            #expect(try await Self.count(db, "audit_log", "action", "draw") == 1)
        }
    }

    @Test func theSameStepTakenBySeveralClientsHappensOnce() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db, batches: 3)
            _ = try await DrawRepository(db).commitAndDraw(taskId: f.task.id, reason: nil, publicValue: String(5), today: f.today, as: SpotCheckFixture.city)
            var filter = BatchFilter()
            filter.taskId = f.task.id
            let b = try await BatchRepository(db).list(filter, as: SpotCheckFixture.city).rows[0]
            let outcomes = await withTaskGroup(of: Result<Batch, any Error>.self) { group in
                for _ in 0..<Self.racers {
                    group.addTask {
                        do { return .success(try await f.sample(db, b, on: "2026-11-20")) } catch { return .failure(error) }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.compactMap { try? $0.get() }.count == 1)
            for case .failure(let error) in outcomes {
                guard case StoreError.staleVersion = error else { Issue.record("unexpected \(error)"); continue }
            }
            #expect(try await BatchRepository(db).events(b.id).filter { $0.action == BatchAction.sample.rawValue }.count == 1)
            let audits = try await db.session { sql in
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_log")
                    .where("entity", .equal, "batch").where("entity_id", .equal, b.id).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            #expect(audits == 1, "one transition, one audit row")
            #expect(try await AuditVerifier(db).verify() == .intact(rows: try await Self.count(db, "audit_log", nil, nil)))
        }
    }

    static func count(_ db: PinzhiDatabase, _ table: String, _ column: String?, _ value: (any Encodable & Sendable)?) async throws -> Int {
        try await db.session { sql in
            var q = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
            if let column, let value { q = q.where(SQLIdentifier(column), .equal, SQLBind(value)) }
            return try await q.first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }
}
