/// The whole draw for a task (SPEC SC-4): the enterprises by PZ-DRAW-1 (see Draw), then for each selected enterprise,
/// in selection order, `inspectorsPerBatch` inspectors drawn uniformly without replacement from the candidates who
/// declared no conflict with it: one SplitMix64 stream seeded with seed + 1, one key per eligible inspector in id
/// order, the smallest keys taken. Both halves are recomputed by `verify`.
public enum TaskDraw {
    public static let inspectorsPerBatch = 2

    public struct Outcome: Sendable, Equatable, Codable {
        public var enterprises: DrawResult
        public var inspectors: [InspectorAssignment]
    }

    /// The draw with each selected enterprise's USCC (for the inspectors' conflicts) taken from its candidate entry.
    public static func run(_ request: DrawRequest, candidates: [DrawCandidate], inspectors: [InspectorCandidate]) -> Outcome {
        let enterprises = Draw.run(request, candidates: candidates)
        // Only the selected few need their code: a map of every candidate cost more than the draw's ranking.
        let wanted = Set(enterprises.selected)
        var codes: [Int64: String] = [:]
        for candidate in candidates where wanted.contains(candidate.enterpriseId) && codes[candidate.enterpriseId] == nil {
            codes[candidate.enterpriseId] = candidate.uscc
        }
        return assign(enterprises, request: request, inspectors: inspectors) { codes[$0] ?? "" }
    }

    public static func run(_ request: DrawRequest, candidates: [DrawCandidate], inspectors: [InspectorCandidate],
                           uscc: (Int64) -> String) -> Outcome {
        assign(Draw.run(request, candidates: candidates), request: request, inspectors: inspectors, uscc: uscc)
    }

    static func assign(_ enterprises: DrawResult, request: DrawRequest, inspectors: [InspectorCandidate], uscc: (Int64) -> String) -> Outcome {
        let pool = inspectors.sorted { $0.id < $1.id }
        var generator = SeededGenerator(seed: request.seed &+ 1)
        let assignments = enterprises.selected.map { id -> InspectorAssignment in
            let code = uscc(id)
            let recused = pool.filter { $0.conflicts.contains(code) }.map(\.id)
            let eligible = pool.filter { !$0.conflicts.contains(code) }
            let keyed = eligible.map { (key: generator.next(), id: $0.id) }
            let chosen = keyed.sorted { $0.key != $1.key ? $0.key < $1.key : $0.id < $1.id }.prefix(inspectorsPerBatch).map(\.id)
            return InspectorAssignment(enterpriseId: id, inspectors: chosen, recused: recused)
        }
        return Outcome(enterprises: enterprises, inspectors: assignments)
    }

    /// Why the draw cannot stand: some selected enterprise has fewer than two inspectors after recusals (Order 18:
    /// at least two per sampling). Nil when every batch has its two.
    public static func inspectorShortage(_ outcome: Outcome, pool: Int) -> String? {
        let short = outcome.inspectors.filter { $0.inspectors.count < inspectorsPerBatch }
        guard !short.isEmpty else { return nil }
        let fewest = short.map(\.inspectors.count).min() ?? 0
        return "抽样人员不足：\(short.count)家抽中企业在回避后可用抽样人员少于\(inspectorsPerBatch)名（最少仅\(fewest)名，"
            + "可用抽样人员共\(pool)名）。请先补充执法人员或核实回避声明，再行抽取"
    }

    /// The canonical text whose SHA-256 the draw record keeps, in the pieces it is made of (hashed one after the
    /// other, never joined): the enterprise list, then the inspector list.
    public static func canonicalParts(_ outcome: Outcome, inspectors: [InspectorCandidate]) -> [String] {
        [outcome.enterprises.candidateList, "\n#inspectors\n",
         inspectors.sorted { $0.id < $1.id }.map { "\($0.id)|\($0.name)|\($0.conflicts.joined(separator: ","))" }.joined(separator: "\n")]
    }

    public static func verify(_ request: DrawRequest, candidates: [DrawCandidate], inspectors: [InspectorCandidate],
                              stored: Outcome) -> Bool {
        matches(run(request, candidates: candidates, inspectors: inspectors), stored)
    }

    /// Whether a recomputed outcome is the stored one: the same candidate list, selection, algorithm and inspectors.
    public static func matches(_ again: Outcome, _ stored: Outcome) -> Bool {
        Draw.matches(again.enterprises, stored.enterprises) && again.inspectors == stored.inspectors
    }
}
