import PinzhiDomain
import Synchronization

/// Answers computed from the published results, kept until the next publication. Publications are only ever added
/// (SPEC SC-8), so the highest publication id tells whether anything could have changed: the portal's statistics and
/// its list's totals then cost one indexed lookup instead of grouping or counting millions of publications on every
/// visit (issue 21: counting 4.9 million at scale L held the list to 58 requests a second).
public final class PublicationCache<Value: Sendable>: Sendable {
    private struct State {
        var generation: Int64 = -1
        var values: [String: Value] = [:]
    }

    private let state = Mutex(State())
    /// The most answers kept for one generation: the list's keys include the public's free-text searches, so past
    /// this many they are dropped and computed again.
    let capacity: Int

    public init(capacity: Int = 1000) {
        self.capacity = max(capacity, 1)
    }

    func value(_ key: String, generation: Int64) -> Value? {
        state.withLock { $0.generation == generation ? $0.values[key] : nil }
    }

    func keep(_ key: String, generation: Int64, _ value: Value) {
        state.withLock { s in
            if s.generation != generation || s.values.count >= capacity { s = State(generation: generation) }
            s.values[key] = value
        }
    }

    /// The kept answer for `key` at `generation`, else `compute`'s, kept.
    func value(_ key: String, generation: Int64, compute: () async throws -> Value) async throws -> Value {
        if let kept = value(key, generation: generation) { return kept }
        let computed = try await compute()
        keep(key, generation: generation, computed)
        return computed
    }
}

/// The portal's rates by product or district and year.
public typealias PublishedRatesCache = PublicationCache<[RateCell]>
