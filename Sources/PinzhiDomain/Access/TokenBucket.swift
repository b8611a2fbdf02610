/// How often one caller may use the open API (SPEC PB-2): a bucket of `capacity` requests that refills at a steady
/// rate, so short bursts pass and a sustained flood is slowed to the refill rate. Time is passed in, in seconds, so
/// that the rule is tested without waiting.
public struct TokenBucket: Sendable, Equatable {
    public let capacity: Double
    public let refillPerSecond: Double
    public private(set) var tokens: Double
    public private(set) var updated: Double

    public init(capacity: Int, refillPerSecond: Double, now: Double) {
        self.capacity = Double(max(capacity, 1))
        self.refillPerSecond = max(refillPerSecond, 0.000_001)
        tokens = self.capacity
        updated = now
    }

    /// Takes one request's token. Nil when the request may go ahead, otherwise the whole seconds until it may.
    public mutating func take(now: Double) -> Int? {
        refill(now)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return max(Int(((1 - tokens) / refillPerSecond).rounded(.up)), 1)
    }

    /// A full bucket carries no memory of the caller and can be forgotten.
    public func isFull(now: Double) -> Bool {
        tokens + (now - updated) * refillPerSecond >= capacity
    }

    mutating func refill(_ now: Double) {
        // A clock that steps back must not mint tokens nor take them away.
        let elapsed = max(now - updated, 0)
        tokens = min(capacity, tokens + elapsed * refillPerSecond)
        updated = max(now, updated)
    }
}
