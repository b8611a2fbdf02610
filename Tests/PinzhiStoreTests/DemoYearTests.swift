import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

@Suite("演示数据：一年的监督抽查（由真实流程生成）")
struct DemoYearTests {
    @Test func aYearOfSpotChecksRunsThroughTheWorkflowAndEveryDrawVerifies() async throws {
        try await TestDatabase.with { db in
            try await DemoDataSeeder(db, hasher: TestDatabase.hasher).seedIfEmpty(seed: 5, enterprises: 400, today: Day("2026-11-24")!)
            let city = TestDatabase.admin
            let all = try await BatchRepository(db).list({ var f = BatchFilter(); f.limit = 5000; return f }(), as: city)
            #expect(all.total > 100)
            let states = Dictionary(grouping: all.rows, by: \.state).mapValues(\.count)
            #expect((states[.concluded] ?? 0) > 0)
            #expect((states[.closed] ?? 0) > 0)
            let failed = all.rows.filter { $0.verdict == .fail }.count
            let tested = all.rows.filter { $0.verdict != nil }.count
            #expect(tested > 0 && Double(failed) / Double(tested) < 0.2)
            // Every batch that has a verdict has item results of its report version.
            let sample = all.rows.first { $0.verdict != nil }!
            let results = try await BatchRepository(db).results(sample.id)
            #expect(results.first?.version == sample.reportVersion && results.first?.items.isEmpty == false)
            let checks = try await DrawRepository(db).verify()
            #expect(!checks.isEmpty && checks.allSatisfy(\.ok))
            let published = try await PublicationStore(db).list({ var s = PublicationStore.Search(); s.limit = 5; return s }())
            #expect(published.total > 0 && published.rows.allSatisfy(\.intact))
        }
    }
}
