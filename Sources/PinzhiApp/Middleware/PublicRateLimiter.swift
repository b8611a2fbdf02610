import Foundation
import PinzhiDomain
import Synchronization

/// One token bucket per caller address for the open API. It lives in the process: behind several app servers each
/// keeps its own count, so the effective limit is the per-server limit times the servers (see README, scaling).
final class PublicRateLimiter: Sendable {
    let burst: Int
    let perMinute: Int
    let now: @Sendable () -> Double
    private let buckets = Mutex<[String: TokenBucket]>([:])

    /// `perMinute` 0 turns the limit off.
    init(burst: Int, perMinute: Int, now: @escaping @Sendable () -> Double) {
        self.burst = burst
        self.perMinute = perMinute
        self.now = now
    }

    var enabled: Bool { perMinute > 0 }

    /// Nil when the caller may go ahead, otherwise the seconds it should wait.
    func admit(_ address: String) -> Int? {
        guard enabled else { return nil }
        let t = now()
        return buckets.withLock { buckets in
            // Forget callers whose buckets have refilled, so a scan from many addresses cannot grow memory for ever.
            if buckets.count > 10_000 { buckets = buckets.filter { !$0.value.isFull(now: t) } }
            var bucket = buckets[address] ?? TokenBucket(capacity: burst, refillPerSecond: Double(perMinute) / 60, now: t)
            let wait = bucket.take(now: t)
            buckets[address] = bucket
            return wait
        }
    }
}
