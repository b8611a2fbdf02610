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
            #expect(try await db.session { try await VerdictRollup.differences($0) } == [])
            #expect(try await db.session { try await ClusterRollup.differences($0) } == [])
            #expect(try await db.session { try await RiskRollup.differences($0) } == [])
            if case .broken(let seq, let reason) = try await AuditVerifier(db).verify() { Issue.record("audit broken at \(seq): \(reason)") }
            // Each batch's events follow its states: the last event ends where the batch is.
            let mismatched = try await db.session { sql in
                try await sql.raw("""
                    SELECT COUNT(*) AS n FROM batches b WHERE b.state <> (SELECT e.to_state FROM batch_events e WHERE e.batch_id = b.id
                      ORDER BY e.id DESC LIMIT 1)
                    """).first()?.decode(column: "n", as: Int.self) ?? -1
            }
            #expect(mismatched == 0)
            // Every failure raised its risk item (RK-1), each as far along as its events say, and some were closed.
            let risk = try await db.session { sql in
                try await sql.raw("""
                    SELECT (SELECT COUNT(*) FROM batches b WHERE b.verdict = 'fail'
                              AND NOT EXISTS (SELECT 1 FROM risk_items r WHERE r.batch_id = b.id AND r.source = 'spot-check')) AS missing,
                      (SELECT COUNT(*) FROM risk_items r WHERE EXISTS (SELECT 1 FROM risk_item_events e WHERE e.risk_item_id = r.id)
                         AND r.state <> (SELECT e.to_state FROM risk_item_events e WHERE e.risk_item_id = r.id ORDER BY e.id DESC LIMIT 1)) AS off,
                      (SELECT COUNT(*) FROM risk_items WHERE state = 'handled') AS closed,
                      (SELECT COUNT(*) FROM risk_items WHERE source = 'spot-check') AS items
                    """).first().map { row in try ["missing", "off", "closed", "items"].map { try row.decode(column: $0, as: Int.self) } }
            } ?? []
            #expect(risk.count == 4 && risk[0] == 0 && risk[1] == 0 && risk[2] > 0 && risk[3] > 0, "risk items: \(risk)")
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
            // Every licence number and CCC certificate an enterprise carries is also its record (EN-2), the
            // generator's enterprises' too.
            let unrecorded = try await db.session { sql in
                try await sql.raw("""
                    SELECT COUNT(*) AS n FROM enterprises e WHERE (e.licence_number IS NOT NULL AND NOT EXISTS (SELECT 1 FROM licences l \
                      WHERE l.enterprise_id = e.id AND l.number = e.licence_number)) OR (e.ccc_certificates IS NOT NULL AND NOT EXISTS \
                      (SELECT 1 FROM licences l WHERE l.enterprise_id = e.id AND l.number = e.ccc_certificates))
                    """).first()?.decode(column: "n", as: Int.self) ?? -1
            }
            let recorded = try await db.session { try await $0.raw("SELECT COUNT(*) AS n FROM licences").first()?.decode(column: "n", as: Int.self) ?? 0 }
            #expect(unrecorded == 0 && recorded > 100, "\(recorded) licences")
            try await Self.enforcementFollowsTheLeads(db)
            try await Self.publicRatesAreCachedUntilTheNextPublication(db)
            // A second run into a database that has data is refused.
            await #expect(throws: ScaleGenerator.Failure.self) { try await ScaleGenerator(db, hasher: TestDatabase.hasher).run(Self.options) }
            let fingerprint = try await Self.fingerprint(db)
            try await Self.theDailyPassReadsWhatEachChunkReads(db, today: Self.options.today) // (it fails a batch)
            return fingerprint
        }
        let second = try await TestDatabase.with { db in
            _ = try await ScaleGenerator(db, hasher: TestDatabase.hasher).run(Self.options)
            return try await Self.fingerprint(db)
        }
        #expect(first == second, "the same seed gives the same data set")
    }

    /// The daily recomputation's one pass over each table reads the same facts as the queue's chunks, finds nobody
    /// to recompute right after the generator computed everyone, and finds an enterprise whose batch failed unqueued.
    static func theDailyPassReadsWhatEachChunkReads(_ db: PinzhiDatabase, today: Day) async throws {
        let rules = try await RuleRepository(db).effective(on: today)
        let failing = try await db.session { sql in
            let ids = try await sql.select().column("id").from("enterprises").all().map { try $0.decode(column: "id", as: Int64.self) }
            let everyone = try await CreditClassStore.facts(sql, .everyone, today: today, rules: rules)
            let chunk = try await CreditClassStore.facts(sql, .enterprises(ids), today: today, rules: rules)
            #expect(chunk.count == ids.count && ids.allSatisfy { (everyone[$0] ?? CreditFacts()) == chunk[$0] })
            #expect(everyone.values.contains { $0.otherFailures + $0.seriousFailures > 0 } && everyone.values.contains(where: \.missingOfficer)
                    && everyone.values.contains { $0.highestGrade != nil } && everyone.values.contains { $0.cases > 0 })
            #expect(try await CreditClassStore.candidates(sql, today: today, rules: rules) == [])
            return try #require(try await sql.select().columns("id", "enterprise_id").from("batches").where("verdict", .equal, SQLBind(ItemVerdict.pass.rawValue))
                .orderBy("id").first().map { (batch: try $0.decode(column: "id", as: Int64.self), enterprise: try $0.decode(column: "enterprise_id", as: Int64.self)) })
        }
        try await db.transaction { sql in
            try await sql.update("batches").set("verdict", to: SQLBind(ItemVerdict.fail.rawValue)).set("reported_on", to: SQLBind(today.description))
                .where("id", .equal, SQLBind(failing.batch)).run()
        }
        #expect(try await db.session { try await CreditClassStore.candidates($0, today: today, rules: rules) } == [failing.enterprise])
        let computations = try await CreditClassStore(db).history(failing.enterprise).count
        _ = try await CreditClassStore(db).recomputeAll(today: today)
        #expect(try await CreditClassStore(db).history(failing.enterprise).count == computations + 1)
        #expect(try await db.session { try await CreditClassStore.candidates($0, today: today, rules: rules) } == [])
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

    /// The portal's statistics and its list's totals are served from the cache until a result is published, then
    /// computed afresh.
    static func publicRatesAreCachedUntilTheNextPublication(_ db: PinzhiDatabase) async throws {
        let cache = PublishedRatesCache()
        let year = 2026
        let fresh = try await PublishedRates(db).by(.district, year: year)
        #expect(!fresh.isEmpty)
        #expect(try await PublishedRates(db, cache: cache).by(.district, year: year) == fresh)
        #expect(try await PublishedRates(db, cache: cache).by(.district, year: year) == fresh, "the second answer comes from the cache")
        let totals = PublicationCache<Int>()
        let searches = [PublicationStore.Search(), { var s = PublicationStore.Search(); s.year = year; s.offset = 50; return s }()]
        var counted: [Int] = []
        for search in searches {
            counted.append(try await PublicationStore(db).list(search).total)
            #expect(try await PublicationStore(db, totals: totals).list(search).total == counted.last)
            #expect(try await PublicationStore(db, totals: totals).list(search).total == counted.last, "the second total comes from the cache")
        }
        #expect(counted[0] >= counted[1] && counted[1] > 0)
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
        for (search, total) in zip(searches, counted) {
            #expect(try await PublicationStore(db, totals: totals).list(search).total == total + 1, "the list counts it too")
        }
    }

    /// The leads the spot checks raised are decided and their cases handled: every filed lead has its case, every
    /// lead's and case's last event ends where the record is, no event points nowhere.
    static func enforcementFollowsTheLeads(_ db: PinzhiDatabase) async throws {
        let figures = try await db.session { sql in
            try await sql.raw("""
                SELECT (SELECT COUNT(*) FROM leads WHERE state <> 'open') AS decided,
                  (SELECT COUNT(*) FROM cases) AS cases,
                  (SELECT COUNT(*) FROM cases WHERE state = 'closed') AS closed,
                  (SELECT COUNT(*) FROM leads l WHERE l.state = 'filed' AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = l.case_id AND c.lead_id = l.id)) AS unfiled,
                  (SELECT COUNT(*) FROM leads l WHERE EXISTS (SELECT 1 FROM lead_events e WHERE e.lead_id = l.id)
                     AND l.state <> (SELECT e.to_state FROM lead_events e WHERE e.lead_id = l.id ORDER BY e.id DESC LIMIT 1)) AS leads_off,
                  (SELECT COUNT(*) FROM cases c WHERE EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id)
                     AND c.state <> (SELECT e.to_state FROM case_events e WHERE e.case_id = c.id ORDER BY e.id DESC LIMIT 1)) AS cases_off,
                  (SELECT COUNT(*) FROM case_events x WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = x.case_id))
                    + (SELECT COUNT(*) FROM lead_events x WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.id = x.lead_id)) AS dangling,
                  (SELECT COUNT(*) FROM credit_queue) AS queued,
                  (SELECT COUNT(*) FROM enterprises e WHERE e.active = \(bind: true)
                     AND NOT EXISTS (SELECT 1 FROM credit_classes c WHERE c.enterprise_id = e.id)) AS unclassed
                """).first().map { row in
                try ["decided", "cases", "closed", "unfiled", "leads_off", "cases_off", "dangling", "queued", "unclassed"].map { try row.decode(column: $0, as: Int.self) }
            }
        } ?? []
        #expect(figures.count == 9)
        guard figures.count == 9 else { return }
        #expect(figures[0] > 0 && figures[1] > 0 && figures[2] > 0, "leads decided, cases filed and closed: \(figures)")
        #expect(figures[3...8].allSatisfy { $0 == 0 },
                "no filed lead without its case, no record off its events, nothing dangling or queued, every enterprise classed by the model: \(figures)")
    }

    /// The generator's bulk writes give the same leads, cases, risk items (and their products' grades) and problem items
    /// as taking each step in its own transaction.
    @Test func enforcementRecordedInBulkEqualsStepsTakenOneByOne() async throws {
        func enforcement(recorded: Bool) async throws -> [String] {
            try await TestDatabase.with { db in
                var options = Self.options
                options.recordSteps = recorded
                let summary = try await ScaleGenerator(db, hasher: TestDatabase.hasher).run(options)
                #expect(summary.enforcementSteps > 0)
                return try await db.session { sql in
                    try await sql.raw("""
                        SELECT l.id AS l, l.state AS ls, l.version AS lv, COALESCE(l.decided_on, '-') AS ld, COALESCE(c.state, '-') AS cs,
                          COALESCE(c.version, 0) AS cv, COALESCE(CAST(c.fine AS TEXT), '-') AS f, COALESCE(c.closed_on, '-') AS cc,
                          (SELECT COUNT(*) FROM case_events e WHERE e.case_id = c.id) AS ce, (SELECT COUNT(*) FROM issuer_notices n WHERE n.case_id = c.id) AS n
                        FROM leads l LEFT JOIN cases c ON c.id = l.case_id ORDER BY l.id
                        """).all().map { row in
                        try ["l", "ls", "lv", "ld", "cs", "cv", "f", "cc", "ce", "n"].map { column in
                            if let text = try? row.decode(column: column, as: String.self) { return text }
                            return String(try row.decode(column: column, as: Int.self))
                        }.joined(separator: " ")
                    } + sql.raw("""
                        SELECT r.id AS i, r.state AS s, r.version AS v, COALESCE(r.urgency, '-') AS u, COALESCE(r.graded_on, '-') AS g, r.risk_level AS l,
                          (SELECT COUNT(*) FROM risk_item_events e WHERE e.risk_item_id = r.id) AS e,
                          COALESCE((SELECT g.level FROM product_grades g WHERE g.product_id = r.product_id AND g.kind = 'model' ORDER BY g.id DESC LIMIT 1), '-') AS pg
                        FROM risk_items r ORDER BY r.id
                        """).all().map { row in
                        try ["i", "s", "v", "u", "g", "l", "e", "pg"].map { column in
                            if let text = try? row.decode(column: column, as: String.self) { return text }
                            return String(try row.decode(column: column, as: Int.self))
                        }.joined(separator: " ")
                    } + sql.raw("""
                        SELECT i.id AS i, i.state AS s, i.version AS v, COALESCE(i.closed_on, '-') AS c, COALESCE(i.severity, '-') AS sv,
                          COALESCE(i.lead_id, 0) AS l, COALESCE(i.case_id, 0) AS k, COALESCE(i.relapse_of, 0) AS r,
                          (SELECT COUNT(*) FROM problem_item_events e WHERE e.problem_item_id = i.id) AS e
                        FROM problem_items i ORDER BY i.id
                        """).all().map { row in
                        try ["i", "s", "v", "c", "sv", "l", "k", "r", "e"].map { column in
                            if let text = try? row.decode(column: column, as: String.self) { return text }
                            return String(try row.decode(column: column, as: Int.self))
                        }.joined(separator: " ")
                    }
                }
            }
        }
        let live = try await enforcement(recorded: false)
        let bulk = try await enforcement(recorded: true)
        #expect(live.count > 10)
        #expect(live.contains { $0.contains("closed") })
        #expect(bulk == live)
    }
}
