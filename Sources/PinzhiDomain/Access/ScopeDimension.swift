/// What a restricted role is restricted to. Each record kind names the column that carries each dimension.
public enum ScopeDimension: String, Codable, Sendable, CaseIterable {
    case district
    case agency
    case enterprise
    case expert
    case organisation
}
