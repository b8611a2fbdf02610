/// The kinds of master-data record. Each names its table and which column carries each scope dimension.
public enum RecordKind: String, Codable, Sendable, CaseIterable {
    case enterprise
    case product
    case testItem = "test_item"
    case agency
    case agencyContract = "agency_contract"
    case inspector
    case expert
    case expertConflict = "expert_conflict"
    case enterpriseProduct = "enterprise_product"
    case nationalPlanEntry = "national_plan_entry"
    case licence

    public var table: String {
        switch self {
        case .enterprise: "enterprises"
        case .product: "products"
        case .testItem: "test_items"
        case .agency: "agencies"
        case .agencyContract: "agency_contracts"
        case .inspector: "inspectors"
        case .expert: "experts"
        case .expertConflict: "expert_conflicts"
        case .enterpriseProduct: "enterprise_products"
        case .nationalPlanEntry: "national_plan_entries"
        case .licence: "licences"
        }
    }

    public var label: String {
        switch self {
        case .enterprise: "企业"
        case .product: "产品"
        case .testItem: "检验项目"
        case .agency: "承检机构"
        case .agencyContract: "承检合同"
        case .inspector: "执法人员"
        case .expert: "专家"
        case .expertConflict: "利益冲突申报"
        case .enterpriseProduct: "生产销售产品"
        case .nationalPlanEntry: "国家监督抽查计划"
        case .licence: "许可证与认证证书"
        }
    }

    /// The column that holds the value of a scope dimension, if this kind has one.
    public func scopeColumn(_ dimension: ScopeDimension) -> String? {
        switch (self, dimension) {
        case (.enterprise, .district): "district_code"
        case (.enterprise, .enterprise): "id"
        case (.agency, .agency): "id"
        case (.agencyContract, .agency): "agency_id"
        case (.inspector, .organisation): "organisation_id"
        case (.expert, .expert): "id"
        case (.expertConflict, .expert): "expert_id"
        case (.enterpriseProduct, .enterprise): "enterprise_id"
        case (.licence, .enterprise): "enterprise_id"
        default: nil
        }
    }

    /// Child kinds are listed on their parent's page and filtered by this column.
    public var parent: (kind: RecordKind, column: String)? {
        switch self {
        case .testItem: (.product, "product_id")
        case .agencyContract: (.agency, "agency_id")
        case .expertConflict: (.expert, "expert_id")
        case .enterpriseProduct: (.enterprise, "enterprise_id")
        case .licence: (.enterprise, "enterprise_id")
        default: nil
        }
    }
}
