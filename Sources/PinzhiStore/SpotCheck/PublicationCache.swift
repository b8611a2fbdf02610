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

    /// The kept answer for `key` at `generation`, else `compute`'s, kept — unless a newer generation was kept while
    /// it ran (a slow count begun before a publication must not push out the answers given after it).
    func value(_ key: String, generation: Int64, compute: () async throws -> Value) async throws -> Value {
        if let kept = state.withLock({ $0.generation == generation ? $0.values[key] : nil }) { return kept }
        let computed = try await compute()
        state.withLock { s in
            guard generation >= s.generation else { return }
            if s.generation != generation || s.values.count >= capacity { s = State(generation: generation) }
            s.values[key] = computed
        }
        return computed
    }
}

/// The portal's rates by product or district and year.
public typealias PublishedRatesCache = PublicationCache<[RateCell]>
