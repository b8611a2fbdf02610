import Foundation
import Synchronization

/// Results of reads kept until this process next commits a write, and for `maxAge` at most after the read that
/// keeps them finished: another process (the CLI on the same SQLite file) or another app server (on PostgreSQL) may
/// write too, and its change then shows within `maxAge` of that read. Counted from the read's end, not its start, so
/// that a page slower to compute than `maxAge` (the dashboard at city scale) is still kept for `maxAge` instead of
/// being computed again for every request. For what nearly every page reads (the session, the rules, the calendar) and for figures that
/// would otherwise scan whole tables on each visit (the workbench's counts).
public final class ReadCache: Sendable {
    private struct Entry {
        var generation: UInt64
        var storedAt: TimeInterval
        var value: any Sendable
        /// The database's data version read before the value was (nil: none known, or found changed since).
        var version: Int64?
    }

    private struct State {
        var generation: UInt64 = 0
        var entries: [String: Entry] = [:]
        /// Reads under way: a burst of requests for an expired key makes one read, not one each.
        var reading: [String: (generation: UInt64, task: Task<any Sendable, any Error>)] = [:]
    }

    private enum Step { case kept(any Sendable), join(Task<any Sendable, any Error>), revalidate(Entry) }

    /// The database's data version (Migration045), which every committed write of any process moves on; nil until
    /// the schema has it.
    private let versionSource = Mutex<(@Sendable () async throws -> Int64?)?>(nil)

    public let maxAge: TimeInterval
    /// Entries kept at most (rendered pages among them, tens of kilobytes each); when full it starts again.
    let capacity: Int
    /// Seconds on a monotonic-enough clock; injected so that a test can pass `maxAge` without waiting.
    let now: @Sendable () -> TimeInterval
    private let state = Mutex(State())

    public init(maxAge: TimeInterval = 5, capacity: Int = 2_000,
                now: @escaping @Sendable () -> TimeInterval = { Date().timeIntervalSinceReferenceDate }) {
        self.maxAge = maxAge
        self.capacity = capacity
        self.now = now
    }

    /// From now on an entry older than `maxAge` is kept for another `maxAge` if `version` still answers what it
    /// answered before the entry was read: no process committed anything since, so a read again would give the
    /// same. Pages of figures that take a second to compute at city scale are then computed again when something
    /// changed, not every `maxAge` (issue 21 item 1). The bound on another server's writes stays the same.
    func trackVersions(_ version: @escaping @Sendable () async throws -> Int64?) {
        versionSource.withLock { $0 = version }
    }

    /// Called after every commit: whatever was read before it may be out of date.
    func invalidate() {
        state.withLock { s in
            s.generation &+= 1
            s.entries.removeAll(keepingCapacity: true)
            s.reading.removeAll()
        }
    }

    /// The kept value for `key`, or `read`'s, which is kept unless a write committed while it ran.
    ///
    /// `staleWhileReading` is for pages of figures that take long to compute at city scale (the dashboard, the risk
    /// map, the workbench, a monthly form): once `maxAge` has passed, the value kept is still served while one request
    /// reads it again in the background, as HTTP's stale-while-revalidate does, so that no visitor waits for the
    /// recomputation the clock alone asked for. This server's own commits still empty the cache at once, so a write is
    /// seen on the next request; another server's writes show within `maxAge` plus the time of that one read.
    public func value<T: Sendable>(_ key: String, staleWhileReading: Bool = false,
                                   _ read: @escaping @Sendable () async throws -> T) async throws -> T {
        try await value(key, staleWhileReading: staleWhileReading, revalidating: true, read)
    }

    private func value<T: Sendable>(_ key: String, staleWhileReading: Bool, revalidating: Bool,
                                    _ read: @escaping @Sendable () async throws -> T) async throws -> T {
        let now = self.now()
        let step: Step = state.withLock { s in
            let kept = s.entries[key].flatMap { $0.generation == s.generation ? $0 : nil }
            if let e = kept, now - e.storedAt < maxAge { return .kept(e.value) }
            if revalidating, let e = kept, e.version != nil, s.reading[key]?.generation != s.generation { return .revalidate(e) }
            if let r = s.reading[key], r.generation == s.generation {
                if staleWhileReading, let e = kept { return .kept(e.value) }
                return .join(r.task)
            }
            let task = start(key, generation: s.generation, read)
            s.reading[key] = (s.generation, task)
            if staleWhileReading, let e = kept { return .kept(e.value) }
            return .join(task)
        }
        switch step {
        case .kept(let value):
            if let value = value as? T { return value }
            return try await read()
        case .join(let task):
            guard let value = try await task.value as? T else { return try await read() }
            return value
        case .revalidate(let entry):
            let current = try? await versionSource.withLock({ $0 })?()
            let renewed = state.withLock { s -> Bool in
                guard var kept = s.entries[key], kept.generation == entry.generation, kept.version == entry.version else { return false }
                if current == entry.version { kept.storedAt = self.now() } else { kept.version = nil }
                s.entries[key] = kept
                return current == entry.version
            }
            if renewed, let value = entry.value as? T { return value }
            return try await value(key, staleWhileReading: staleWhileReading, revalidating: false, read)
        }
    }

    /// The read under way for `key`, if any (for tests, which wait for a background read without sleeping).
    func reading(_ key: String) -> Task<any Sendable, any Error>? {
        state.withLock { $0.reading[key]?.task }
    }

    /// A read under way, which keeps its value when it ends unless a write committed while it ran.
    private func start<T: Sendable>(_ key: String, generation: UInt64, _ read: @escaping @Sendable () async throws -> T) -> Task<any Sendable, any Error> {
        Task<any Sendable, any Error> {
            // Read before the value: a write committed while it is read then shows as a change at the next check.
            let version = try? await versionSource.withLock({ $0 })?()
            let result: Result<any Sendable, any Error>
            do { result = .success(try await read()) } catch { result = .failure(error) }
            state.withLock { s in
                if s.reading[key]?.generation == generation { s.reading[key] = nil }
                guard case .success(let value) = result, s.generation == generation else { return }
                if s.entries.count >= capacity { s.entries.removeAll(keepingCapacity: true) }
                s.entries[key] = Entry(generation: generation, storedAt: self.now(), value: value, version: version)
            }
            return try result.get()
        }
    }
}
