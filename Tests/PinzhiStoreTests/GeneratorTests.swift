import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

@Suite("城市规模数据生成（pinzhi generate）")
struct GeneratorTests {
    static let options = ScaleGenerator.Options(enterprises: 600, years: 2, batches: 500, seed: 9, today: Day("2026-11-24")!)

    /// What a generated data set is made of: batch numbers, enterprises and verdicts, in order.
    static func fingerprint(_ db: PinzhiDatabase) async throws -> [String] {
        try await db.session { sql in
            try await sql.raw("""
                SELECT b.number AS n, e.uscc AS u, COALESCE(b.verdict, '-') AS v, b.state AS s FROM batches b
                JOIN enterprises e ON e.id = b.enterprise_id ORDER BY b.id
                """).all().map { "\(try $0.decode(column: "n", as: String.self)) \(try $0.decode(column: "u", as: String.self)) \(try $0.decode(column: "v", as: String.self)) \(try $0.decode(column: "s", as: String.self))" }
        }
    }

    @Test func aGeneratedSetIsConsistentVerifiableAndRepeatable() async throws {
        let first = try await TestDatabase.with { db in
            let summary = try await ScaleGenerator(db, hasher: TestDatabase.hasher).run(Self.options)
            #expect(summary.enterprises == 600)
            #expect(summary.batches >= 400 && summary.batches <= 560, "about the planned 500: \(summary.batches)")
            #expect(summary.withVerdict > summary.batches * 8 / 10)
            // Every USCC is valid, every draw recomputes, the rollup equals a fresh count, the audit chain holds.
            let codes = try await db.session { try await $0.select().column("uscc").from("enterprises").all().map { try $0.decode(column: "uscc", as: String.self) } }
            #expect(codes.count == 600 && codes.allSatisfy(USCC.isValid))
            let checks = try await DrawRepository(db).verify()
            #expect(!checks.isEmpty && checks.allSatisfy(\.ok))
            #expect(try await db.session { try await RateRollup.differences($0) } == [])
            if case .broken(let seq, let reason) = try await AuditVerifier(db).verify() { Issue.record("audit broken at \(seq): \(reason)") }
            // Each batch's events follow its states: the last event ends where the batch is.
            let mismatched = try await db.session { sql in
                try await sql.raw("""
                    SELECT COUNT(*) AS n FROM batches b WHERE b.state <> (SELECT e.to_state FROM batch_events e WHERE e.batch_id = b.id
                      ORDER BY e.id DESC LIMIT 1)
                    """).first()?.decode(column: "n", as: Int.self) ?? -1
            }
            #expect(mismatched == 0)
            // A second run into a database that has data is refused.
            await #expect(throws: ScaleGenerator.Failure.self) { try await ScaleGenerator(db, hasher: TestDatabase.hasher).run(Self.options) }
            return try await Self.fingerprint(db)
        }
        let second = try await TestDatabase.with { db in
            _ = try await ScaleGenerator(db, hasher: TestDatabase.hasher).run(Self.options)
            return try await Self.fingerprint(db)
        }
        #expect(first == second, "the same seed gives the same data set")
    }
}
