/// Who organised a check. A product checked by a higher level is not re-checked by a lower one within the period
/// (Order 18), and the same level does not repeat it either.
public enum CheckLevel: Sendable, Equatable, Hashable, Codable, Comparable {
    case district(String)
    case city
    case national

    var rank: Int {
        switch self {
        case .district: 0
        case .city: 1
        case .national: 2
        }
    }

    public static func < (a: CheckLevel, b: CheckLevel) -> Bool { a.rank < b.rank }

    /// A past check at `other` blocks a new one at `self` if it was at the same or a higher level.
    public func isBlocked(by other: CheckLevel) -> Bool {
        switch (self, other) {
        case (.district(let a), .district(let b)): a == b
        default: other.rank >= rank
        }
    }

    public var label: String {
        switch self {
        case .district(let code): "\(District.named(code: code))级"
        case .city: "市级"
        case .national: "国家级"
        }
    }
}
