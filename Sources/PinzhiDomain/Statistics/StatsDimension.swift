/// What a non-conformance table is broken down by (SPEC SC-10), and the batch-list filter that drills into a row.
public enum StatsDimension: String, Sendable, CaseIterable, Codable {
    case product
    case district
    case stage
    case mode
    case agency

    public var label: String {
        switch self {
        case .product: "产品"
        case .district: "企业所在区"
        case .stage: "抽样环节"
        case .mode: "抽查方式"
        case .agency: "承检机构"
        }
    }

    /// The query parameter of /batches that selects a row's batches.
    public var filterKey: String { rawValue }
}
