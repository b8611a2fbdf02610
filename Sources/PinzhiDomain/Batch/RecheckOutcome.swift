/// What the recheck agency found (004 §十六): the first result upheld or overturned. Its cost follows the outcome.
public enum RecheckOutcome: String, Sendable, Codable, CaseIterable, CodedValue {
    case upheld
    case overturned

    public var label: String {
        switch self {
        case .upheld: "维持原结论"
        case .overturned: "推翻原结论"
        }
    }

    /// Who pays for the recheck (004 §十六): the applicant if the result stands, the first agency if it falls.
    public var costBearer: String {
        switch self {
        case .upheld: "异议申请人（企业）"
        case .overturned: "原承检机构"
        }
    }

    /// Records written before the codes carry the label.
    public init(from decoder: any Decoder) throws { self = try Self.decodeCodeOrLabel(decoder) }
}

/// What the district's review of a rectification found (004 §十八): rectified, or ordered to rectify again.
public enum ReviewResult: String, Sendable, Codable, CaseIterable, CodedValue {
    case rectified
    case notRectified

    public var label: String {
        switch self {
        case .rectified: "整改合格"
        case .notRectified: "整改不合格"
        }
    }
}
