/// SplitMix64: a small, fast, fully specified generator, so the same seed gives the same sequence on every machine
/// and in every language that implements it (the demo data and, later, the verifiable draw rely on that).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in 0..<bound without modulo bias (Lemire's method would also do; rejection is simpler to port).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        while true {
            let x = next()
            if x < limit { return Int(x % b) }
        }
    }

    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// A number in (0, 1), never 0 nor 1: ((x >> 11) + 0.5) / 2^53, as the draws' published method states (u).
    public mutating func openUnit() -> Double { (Double(next() >> 11) + 0.5) / Double(UInt64(1) << 53) }

    /// True with the given probability.
    public mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
}
