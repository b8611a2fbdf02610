/// The recheck agency 复检机构 is drawn at random among the agencies qualified for the product, never the first
/// agency (SPEC SC-7, Order 18): uniformly, with one SplitMix64 draw from the recorded seed over the ids in order.
public enum RecheckAgencyDraw {
    public static let algorithm = "PZ-RECHECK-1"

    public static func run(seed: UInt64, qualified: [Int64], firstAgency: Int64) -> Int64? {
        let pool = Array(Set(qualified)).filter { $0 != firstAgency }.sorted()
        guard !pool.isEmpty else { return nil }
        var generator = SeededGenerator(seed: seed)
        return pool[Int(generator.next() % UInt64(pool.count))]
    }
}
