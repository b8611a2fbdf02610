@testable import PinzhiDemo
import PinzhiDomain
@testable import PinzhiStore
import PinzhiTestSupport
import SQLKit
import Testing

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
            // Every reference holds, also where PostgreSQL's per-row checks were skipped for the bulk writes.
            let dangling = try await db.session { sql in
                try await sql.raw("""
                    SELECT (SELECT COUNT(*) FROM batch_events x WHERE NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = x.batch_id))
                      + (SELECT COUNT(*) FROM batch_results x WHERE NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = x.batch_id)
                           OR NOT EXISTS (SELECT 1 FROM test_items t WHERE t.id = x.test_item_id))
                      + (SELECT COUNT(*) FROM publications x WHERE NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = x.batch_id))
                      + (SELECT COUNT(*) FROM leads x WHERE x.batch_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM batches b WHERE b.id = x.batch_id))
                      + (SELECT COUNT(*) FROM enterprise_products x WHERE NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.id = x.enterprise_id))
                      + (SELECT COUNT(*) FROM enterprises_grams x WHERE NOT EXISTS (SELECT 1 FROM enterprises e WHERE e.id = x.record_id)) AS n
                    """).first()?.decode(column: "n", as: Int.self) ?? -1
            }
            #expect(dangling == 0)
            try await Self.publicRatesAreCachedUntilTheNextPublication(db)
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

    /// A product's share above what one plan line may ask is planned over several plans of the year, each line
    /// within the limit, and every task drawn from them still verifies (at a million enterprises this is every year).
    @Test func aLargeYearIsPlannedInSeveralPlans() async throws {
        try await TestDatabase.with { db in
            let options = ScaleGenerator.Options(enterprises: 300, years: 1, batches: 200, seed: 3, today: Day("2026-11-24")!, lineBatches: 4)
            let summary = try await ScaleGenerator(db, hasher: TestDatabase.hasher).run(options)
            let plans = try await PlanRepository(db).list(year: 2026, state: nil, as: TestDatabase.admin)
            #expect(plans.count > 1)
            #expect(plans.allSatisfy { $0.state == .issued })
            #expect(plans.flatMap(\.lines).allSatisfy { $0.batches <= 4 })
            #expect(summary.batches > 150, "about the planned 200: \(summary.batches)")
            let checks = try await DrawRepository(db).verify()
            #expect(!checks.isEmpty && checks.allSatisfy(\.ok))
        }
    }

    /// The portal's statistics are served from the cache until a result is published, then computed afresh.
    static func publicRatesAreCachedUntilTheNextPublication(_ db: PinzhiDatabase) async throws {
        let cache = PublishedRatesCache()
        let year = 2026
        let fresh = try await PublishedRates(db).by(.district, year: year)
        #expect(!fresh.isEmpty)
        #expect(try await PublishedRates(db, cache: cache).by(.district, year: year) == fresh)
        #expect(try await PublishedRates(db, cache: cache).by(.district, year: year) == fresh, "the second answer comes from the cache")
        let unpublished = try await BatchRepository(db).list({ var f = BatchFilter(); f.limit = 5000; return f }(), as: TestDatabase.admin).rows
            .first { $0.publishedOn == nil }
        guard let batch = unpublished else { Issue.record("no unpublished batch"); return }
        try await db.transaction { sql in
            try await BulkInsert.run(sql, "publications", PublicationStore.columns, [PublicationStore.row(batch, day: Day("\(year)-11-20")!, by: "test")])
        }
        let after = try await PublishedRates(db, cache: cache).by(.district, year: year)
        #expect(after == (try await PublishedRates(db).by(.district, year: year)))
        let before: Int = fresh.map(\.tested).reduce(0, +)
        let now: Int = after.map(\.tested).reduce(0, +)
        #expect(now == before + 1, "the new publication is counted")
    }
}
