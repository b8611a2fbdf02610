import PinzhiDomain
import Synchronization

/// The public rates as last computed, kept until a new result is published. Publications are only ever added, so
/// the highest publication id tells whether anything could have changed; the portal's statistics then cost one
/// indexed lookup instead of grouping a year of publications on every visit.
public final class PublishedRatesCache: Sendable {
    private struct State {
        var generation: Int64 = -1
        var cells: [String: [RateCell]] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    func cells(_ key: String, generation: Int64) -> [RateCell]? {
        state.withLock { $0.generation == generation ? $0.cells[key] : nil }
    }

    func keep(_ key: String, generation: Int64, _ cells: [RateCell]) {
        state.withLock { s in
            if s.generation != generation { s = State(generation: generation) }
            s.cells[key] = cells
        }
    }
}
