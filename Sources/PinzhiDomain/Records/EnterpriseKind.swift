/// What an enterprise does in the chain (SPEC MD-1): it decides the stage at which it is linked to its products.
public enum EnterpriseType: String, Sendable, Codable, CaseIterable, CodedValue {
    case producer
    case seller
    case platformSeller

    public var label: String {
        switch self {
        case .producer: "生产"
        case .seller: "销售"
        case .platformSeller: "电商平台内经营者"
        }
    }

    /// Where such an enterprise is sampled: at the maker, in the shop, or online.
    public var stage: SamplingStage {
        switch self {
        case .producer: .production
        case .seller: .circulation
        case .platformSeller: .online
        }
    }

    public init(from decoder: any Decoder) throws { self = try Self.decodeCodeOrLabel(decoder) }
}

/// 企业规模 (SPEC MD-1): small, medium and micro enterprises are counted apart in seed 000's table.
public enum EnterpriseScale: String, Sendable, Codable, CaseIterable, CodedValue {
    case large
    case medium
    case small
    case micro

    public var label: String {
        switch self {
        case .large: "大型"
        case .medium: "中型"
        case .small: "小型"
        case .micro: "微型"
        }
    }

    public var isSME: Bool { self != .large }

    public init(from decoder: any Decoder) throws { self = try Self.decodeCodeOrLabel(decoder) }
}
