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
    }

    private struct State {
        var generation: UInt64 = 0
        var entries: [String: Entry] = [:]
        /// Reads under way: a burst of requests for an expired key makes one read, not one each.
        var reading: [String: (generation: UInt64, task: Task<any Sendable, any Error>)] = [:]
    }

    private enum Step { case kept(any Sendable), join(Task<any Sendable, any Error>), start(Task<any Sendable, any Error>, UInt64) }

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

    /// Called after every commit: whatever was read before it may be out of date.
    func invalidate() {
        state.withLock { s in
            s.generation &+= 1
            s.entries.removeAll(keepingCapacity: true)
            s.reading.removeAll()
        }
    }

    /// The kept value for `key`, or `read`'s, which is kept unless a write committed while it ran.
    public func value<T: Sendable>(_ key: String, _ read: @escaping @Sendable () async throws -> T) async throws -> T {
        let now = self.now()
        let step: Step = state.withLock { s in
            if let e = s.entries[key], e.generation == s.generation, now - e.storedAt < maxAge { return .kept(e.value) }
            if let r = s.reading[key], r.generation == s.generation { return .join(r.task) }
            let task = Task<any Sendable, any Error> { try await read() }
            s.reading[key] = (s.generation, task)
            return .start(task, s.generation)
        }
        switch step {
        case .kept(let value):
            if let value = value as? T { return value }
            return try await read()
        case .join(let task):
            guard let value = try await task.value as? T else { return try await read() }
            return value
        case .start(let task, let generation):
            let result = await task.result
            state.withLock { s in
                if s.reading[key]?.generation == generation { s.reading[key] = nil }
                guard case .success(let value) = result, s.generation == generation else { return }
                if s.entries.count >= capacity { s.entries.removeAll(keepingCapacity: true) }
                s.entries[key] = Entry(generation: generation, storedAt: self.now(), value: value)
            }
            guard let value = try result.get() as? T else { return try await read() }
            return value
        }
    }
}
