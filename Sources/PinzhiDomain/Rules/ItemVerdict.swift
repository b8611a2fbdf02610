public enum ItemVerdict: String, Sendable, Codable, Equatable {
    case pass
    case fail

    public var label: String { self == .pass ? "合格" : "不合格" }
}
