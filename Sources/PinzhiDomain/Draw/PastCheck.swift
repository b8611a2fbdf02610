/// A check an enterprise already had, as the draw needs to know it.
public struct PastCheck: Sendable, Equatable, Codable {
    public var day: Day
    public var productId: Int64
    public var level: CheckLevel
    public var mode: CheckMode
    public var failed: Bool
    public var refused: Bool

    public init(day: Day, productId: Int64, level: CheckLevel, mode: CheckMode, failed: Bool = false, refused: Bool = false) {
        self.day = day
        self.productId = productId
        self.level = level
        self.mode = mode
        self.failed = failed
        self.refused = refused
    }
}
