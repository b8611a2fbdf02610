/// The recheck agency 复检机构 is drawn at random among the agencies qualified for the product, never the first
/// agency (SPEC SC-7, Order 18, 004 §十六).
///
/// Since issue 16 by PZ-DRAW-2 (ListDraw, kind `recheck-agency`): the qualified agencies, by id, are committed as
/// leaves `index|agency code|-|eligible` (the first agency's status is `first-agency`) when the objection is accepted;
/// one agency is drawn from a value announced after that. Earlier records, PZ-RECHECK-1, drew with one SplitMix64
/// number from a seed the system chose; `run` recomputes them.
public enum RecheckAgencyDraw {
    public static let algorithm = "PZ-RECHECK-1"
    public static let firstAgency = "first-agency"

    public static func run(seed: UInt64, qualified: [Int64], firstAgency: Int64) -> Int64? {
        let pool = Array(Set(qualified)).filter { $0 != firstAgency }.sorted()
        guard !pool.isEmpty else { return nil }
        var generator = SeededGenerator(seed: seed)
        return pool[Int(generator.next() % UInt64(pool.count))]
    }

    /// The candidate list to commit for a batch: each qualified agency once, by id, with its code.
    public static func list(batchNumber: String, day: Day, qualified: [(id: Int64, code: String)], firstAgency: Int64, salts: [[UInt8]],
                            committedAt: String) -> ListDraw {
        var seen = Set<Int64>()
        let agencies = qualified.sorted { $0.id < $1.id }.filter { seen.insert($0.id).inserted }
        let candidates = agencies.map { ListDraw.Candidate(id: $0.id, code: $0.code, status: $0.id == firstAgency ? Self.firstAgency : ListDraw.eligible) }
        return ListDraw(kind: .recheckAgency, subject: "batch:\(batchNumber)", day: day, count: 1, candidates: candidates, salts: salts,
                        committedAt: committedAt)
    }

    /// How many distinct agencies a list has: the salts to make.
    public static func distinct(_ qualified: [(id: Int64, code: String)]) -> Int { Set(qualified.map(\.id)).count }
}
