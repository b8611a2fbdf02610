/// A candidate left out of a draw, with the reason shown to everyone who looks at the draw.
public struct DrawExclusion: Sendable, Equatable, Codable {
    public var enterpriseId: Int64
    public var reason: String
}
