/// The five ways of checking of seed 004 §一(二)(四) (SPEC SC-2).
public enum CheckMode: String, Sendable, Codable, CaseIterable, CodedValue {
    case routine
    case special
    case tracking
    case linked
    case evaluation

    public var label: String {
        switch self {
        case .routine: "常规抽查"
        case .special: "专项/应急抽查"
        case .tracking: "跟踪抽查"
        case .linked: "联动抽查"
        case .evaluation: "评价性抽查"
        }
    }

    /// Special/emergency and tracking checks stand outside the yearly 3/3/3 limits (004 §一(三)).
    public var countsTowardYearlyLimits: Bool { self != .special && self != .tracking }
}
