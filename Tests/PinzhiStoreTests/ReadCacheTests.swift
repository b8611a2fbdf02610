import Foundation
import PinzhiDomain
import PinzhiTestSupport
import Synchronization
import Testing
@testable import PinzhiStore

@Suite("读取缓存：写入提交即失效")
struct ReadCacheTests {
    final class Reads: Sendable {
        let count = Mutex(0)
        func next() -> Int { count.withLock { $0 += 1; return $0 } }
    }

    @Test func keptUntilACommitAndNoLongerThanMaxAge() async throws {
        try await TestDatabase.with { db in
            let reads = Reads()
            let cache = db.reads
            #expect(try await cache.value("k") { reads.next() } == 1)
            #expect(try await cache.value("k") { reads.next() } == 1, "kept")
            try await db.transaction { try await $0.raw("UPDATE data_version SET n = n WHERE id = 1").run() }
            #expect(try await cache.value("k") { reads.next() } == 2, "a commit that wrote makes it read again")

            let short = ReadCache(maxAge: 0)
            #expect(try await short.value("k") { reads.next() } == 3)
            #expect(try await short.value("k") { reads.next() } == 4, "older than maxAge")
        }
    }

    /// A read that takes longer than `maxAge` is kept for `maxAge` from when it finished (the dashboard at city scale
    /// takes seconds to compute; counted from its start it would be computed again for every request).
    @Test func aSlowReadIsKeptForMaxAgeFromItsEnd() async throws {
        let clock = Mutex<TimeInterval>(0)
        let cache = ReadCache(maxAge: 5, now: { clock.withLock { $0 } })
        let reads = Reads()
        #expect(try await cache.value("slow") { clock.withLock { $0 += 8 }; return reads.next() } == 1)
        clock.withLock { $0 += 4 }
        #expect(try await cache.value("slow") { reads.next() } == 1, "4 s after the read finished")
        clock.withLock { $0 += 2 }
        #expect(try await cache.value("slow") { reads.next() } == 2, "6 s after it")
    }

    /// A page of figures is served as kept while one request reads it again once `maxAge` has passed; a commit of
    /// this server still makes the next request wait for a fresh read.
    @Test func aPageOfFiguresIsServedWhileItIsReadAgain() async throws {
        let clock = Mutex<TimeInterval>(0)
        let cache = ReadCache(maxAge: 5, now: { clock.withLock { $0 } })
        let reads = Reads()
        #expect(try await cache.value("page", staleWhileReading: true) { reads.next() } == 1)
        clock.withLock { $0 += 6 }
        #expect(try await cache.value("page", staleWhileReading: true) { reads.next() } == 1, "served while read again")
        #expect(try await cache.value("page", staleWhileReading: true) { reads.next() } == 1, "one read again, not one each")
        _ = try await cache.reading("page")?.value
        #expect(try await cache.value("page", staleWhileReading: true) { reads.next() } == 2, "the new value once read")
        #expect(reads.count.withLock { $0 } == 2)
        cache.invalidate()
        #expect(try await cache.value("page", staleWhileReading: true) { reads.next() } == 3, "after a commit: read at once")
        // Without the flag an expired value is never served.
        clock.withLock { $0 += 6 }
        #expect(try await cache.value("page") { reads.next() } == 4)
    }

    /// Once `maxAge` has passed, a value is read again only if the database's data version moved since it was read
    /// (another process committed something); while it has not, the value is kept for another `maxAge`.
    @Test func anExpiredValueIsReadAgainOnlyIfTheDataChanged() async throws {
        let clock = Mutex<TimeInterval>(0)
        let version = Mutex<Int64>(7)
        let cache = ReadCache(maxAge: 5, now: { clock.withLock { $0 } })
        cache.trackVersions { version.withLock { $0 } }
        let reads = Reads()
        #expect(try await cache.value("k") { reads.next() } == 1)
        clock.withLock { $0 += 6 }
        #expect(try await cache.value("k") { reads.next() } == 1, "nothing committed anywhere: kept")
        clock.withLock { $0 += 4 }
        #expect(try await cache.value("k") { reads.next() } == 1, "kept for another maxAge from the check")
        version.withLock { $0 += 1 }
        #expect(try await cache.value("k") { reads.next() } == 1, "within maxAge of the check: not asked")
        clock.withLock { $0 += 6 }
        #expect(try await cache.value("k") { reads.next() } == 2, "another process committed: read again")
        clock.withLock { $0 += 6 }
        #expect(try await cache.value("page", staleWhileReading: true) { reads.next() } == 3)
        version.withLock { $0 += 1 }
        clock.withLock { $0 += 6 }
        #expect(try await cache.value("page", staleWhileReading: true) { reads.next() } == 3, "changed: served while read again")
        _ = try await cache.reading("page")?.value
        #expect(try await cache.value("page", staleWhileReading: true) { reads.next() } == 4)
    }

    /// Every transaction that writes moves the data version on, so that another server's cache sees that something
    /// changed; one that wrote nothing (most of a daily credit recomputation's) moves neither it nor this server's cache.
    @Test func everyWritingCommitMovesTheDataVersionOn() async throws {
        try await TestDatabase.with { db in
            func version() async throws -> Int64 {
                try await db.session { try await $0.raw("SELECT n FROM data_version WHERE id = 1").first()!.decode(column: "n", as: Int64.self) }
            }
            let before = try await version()
            try await db.transaction { try await $0.raw("UPDATE enterprises SET name = name WHERE 1 = 0").run() }
            #expect(try await version() == before, "nothing written")
            #expect(try await db.reads.value("kept") { 1 } == 1)
            try await db.transaction { try await $0.raw("SELECT COUNT(*) AS n FROM enterprises").run() }
            #expect(try await db.reads.value("kept") { 2 } == 1, "a transaction that only read keeps the cache")
            let repo = MasterRepository<Enterprise>(db)
            _ = try await repo.create(TestDatabase.enterprise(name: "上海版本测试有限公司", district: "310114", index: 1), as: TestDatabase.admin)
            #expect(try await version() == before + 1)
            #expect(try await db.reads.value("kept") { 3 } == 3, "a write empties it")
            await #expect(throws: (any Error).self) {
                try await db.transaction { db in
                    try await db.raw("UPDATE enterprises SET name = 'x'").run()
                    throw StoreError.forbidden
                }
            }
            #expect(try await version() == before + 1, "a rolled back transaction does not")
        }
    }

    @Test func aBurstOfMissesReadsOnce() async throws {
        let cache = ReadCache()
        let reads = Reads()
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await cache.value("slow") {
                        try await Task.sleep(for: .milliseconds(50))
                        return reads.next()
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(values) == [1] && reads.count.withLock { $0 } == 1)
    }

    @Test func countsAndSessionsFollowWrites() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            #expect(try await repo.count(ListQuery(), as: TestDatabase.admin) == 0)
            let e = try await repo.create(TestDatabase.enterprise(name: "上海缓存测试有限公司", district: "310114", index: 1), as: TestDatabase.admin)
            #expect(try await repo.count(ListQuery(), as: TestDatabase.admin) == 1, "the create's commit shows at once")
            _ = try await repo.setActive(e.id, false, expectedVersion: e.version, as: TestDatabase.admin)
            #expect(try await repo.count(ListQuery(), as: TestDatabase.admin) == 0)
        }
    }
}
