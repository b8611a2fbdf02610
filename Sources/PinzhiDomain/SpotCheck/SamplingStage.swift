/// Where in the chain a sample is taken: at the maker, in a shop or warehouse, or bought online (004 §二; the plan
/// line names it and the draw picks only enterprises linked to the product at that stage).
public enum SamplingStage: String, Sendable, Codable, CaseIterable, CodedValue {
    case production
    case circulation
    case online

    public var label: String {
        switch self {
        case .production: "生产"
        case .circulation: "流通"
        case .online: "网络"
        }
    }

    /// A sample taken away from the maker must also be served on the named producer (004 §十五).
    public var notifiesProducer: Bool { self != .production }

    /// Records written before the codes (audit rows, exported files) carry the label.
    public init(from decoder: any Decoder) throws { self = try Self.decodeCodeOrLabel(decoder) }
}
