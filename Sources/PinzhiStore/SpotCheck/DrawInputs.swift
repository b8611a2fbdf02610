import PinzhiDomain

/// Everything a task draw is computed from, as stored with the draw so that anyone can recompute it.
public struct DrawInputs: Sendable, Codable, Equatable {
    public var request: DrawRequest
    public var candidates: [DrawCandidate]
    public var inspectors: [InspectorCandidate]

    public init(request: DrawRequest, candidates: [DrawCandidate], inspectors: [InspectorCandidate]) {
        self.request = request
        self.candidates = candidates
        self.inspectors = inspectors
    }

    public func run() -> TaskDraw.Outcome {
        TaskDraw.run(request, candidates: candidates, inspectors: inspectors)
    }

    /// The hash recorded with a draw: SHA-256 of its outcome's canonical candidate list and the inspectors.
    public static func hash(_ outcome: TaskDraw.Outcome, _ inspectors: [InspectorCandidate]) -> String {
        Hashing.sha256(parts: TaskDraw.canonicalParts(outcome, inspectors: inspectors))
    }
}
