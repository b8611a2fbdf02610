import PinzhiDomain

/// What can be imported (SPEC MD-5).
public enum ImportKind: String, Sendable, CaseIterable, Codable {
    case enterprises
    case products
    case agencies
    case experts
    case nationalPlan = "national-plan"
    case licences
    /// Risk information (SPEC RK-1), not master data: RiskItemImport, by RiskPolicy's readers.
    case riskItems = "risk-items"

    public var label: String {
        switch self {
        case .enterprises: "企业"
        case .products: "产品及检验项目"
        case .agencies: "承检机构"
        case .experts: "专家"
        case .nationalPlan: "国家监督抽查计划"
        case .licences: "许可证与认证证书"
        case .riskItems: "风险信息"
        }
    }

    /// Whether a role may import this kind: master data as its write access says, risk items by their readers.
    public func mayImport(_ role: Role) -> Bool {
        guard let kind = recordKind else { return RiskPolicy.readerRoles.contains(role) }
        return AccessPolicy.canImport(role, kind)
    }

    /// The master-data kind it writes; nil for risk items.
    public var recordKind: RecordKind? {
        switch self {
        case .enterprises: .enterprise
        case .products: .product
        case .agencies: .agency
        case .experts: .expert
        case .nationalPlan: .nationalPlanEntry
        case .licences: .licence
        case .riskItems: nil
        }
    }

    /// The header row of a template for this import.
    public var templateHeader: [String] {
        switch self {
        case .enterprises: FieldSpec.typed(Enterprise.fields).map(\.label)
        case .products: Product.fields.map(\.label) + TestItem.fields.filter { $0.key != "productId" }.map(\.label)
        case .agencies: Agency.fields.map(\.label)
        case .experts: Expert.fields.map(\.label)
        case .nationalPlan: NationalPlanEntry.fields.map(\.label)
        case .licences: Licence.fields.map(\.label)
        case .riskItems: RiskItemImport.header
        }
    }
}
