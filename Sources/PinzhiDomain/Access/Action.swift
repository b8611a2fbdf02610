public enum Action: String, Sendable, CaseIterable {
    case read
    case write
}
