/// The outcome of a draw and everything needed to recompute it.
public struct DrawResult: Sendable, Equatable, Codable {
    public static let algorithm = "PZ-DRAW-1"

    public var algorithm: String
    public var seed: UInt64
    /// The canonical candidate list; its SHA-256 is stored and published with the draw.
    public var candidateList: String
    public var selected: [Int64]
    public var excluded: [DrawExclusion]
    /// Enterprises that qualify for a 跟踪 check: two or more failures in five years, or a refusal.
    public var trackingCandidates: [Int64]
}
