import PinzhiDomain
import Testing

@Suite("开放API限流的令牌桶")
struct TokenBucketTests {
    @Test func aBurstPassesThenTheCallerWaitsForTheRefill() {
        var bucket = TokenBucket(capacity: 3, refillPerSecond: 0.5, now: 100)
        #expect((0..<3).map { _ in bucket.take(now: 100) } == [nil, nil, nil])
        #expect(bucket.take(now: 100) == 2, "one token takes two seconds at half a token per second")
        #expect(bucket.take(now: 101) == 1)
        #expect(bucket.take(now: 102) == nil)
        #expect(!bucket.isFull(now: 102))
        #expect(bucket.isFull(now: 108))
        // Refill stops at the capacity however long the caller was away.
        #expect((0..<4).map { _ in bucket.take(now: 1_000) } == [nil, nil, nil, 2])
    }

    @Test func aClockThatStepsBackMintsNothing() {
        var bucket = TokenBucket(capacity: 1, refillPerSecond: 1, now: 50)
        #expect(bucket.take(now: 50) == nil)
        #expect(bucket.take(now: 10) == 1)
        #expect(bucket.take(now: 51) == nil)
    }
}
