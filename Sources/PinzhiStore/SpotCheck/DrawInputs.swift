import PinzhiDomain

/// Everything a task draw is computed from, as stored with the draw so that anyone can recompute it.
public struct DrawInputs: Sendable, Codable, Equatable {
    public var request: DrawRequest
    public var candidates: [DrawCandidate]
    public var inspectors: [InspectorCandidate]

    public func run() -> TaskDraw.Outcome {
        let byId = Dictionary(candidates.map { ($0.enterpriseId, $0.uscc) }, uniquingKeysWith: { a, _ in a })
        return TaskDraw.run(request, candidates: candidates, inspectors: inspectors) { byId[$0] ?? "" }
    }

    /// The hash recorded with a draw: SHA-256 of its outcome's canonical candidate list and the inspectors.
    public static func hash(_ outcome: TaskDraw.Outcome, _ inspectors: [InspectorCandidate]) -> String {
        Hashing.sha256(TaskDraw.canonical(outcome, inspectors: inspectors))
    }
}
