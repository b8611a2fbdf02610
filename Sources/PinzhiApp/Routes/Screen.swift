import PinzhiDomain

/// Where each kind of master-data record lives in the UI, and which child lists its detail page shows.
struct Screen: Sendable {
    let kind: RecordKind
    let path: String
    let title: String
    let children: [RecordKind]
    /// Other views of the same records, linked from the list.
    var links: [(label: String, url: String)] = []

    static func of(_ kind: RecordKind) -> Screen {
        switch kind {
        case .enterprise: Screen(kind: kind, path: "enterprises", title: "企业", children: [.enterpriseProduct, .licence])
        case .product: Screen(kind: kind, path: "products", title: "产品目录", children: [.testItem], links: [("目录树", "/products/tree")])
        case .testItem: Screen(kind: kind, path: "test-items", title: "检验项目", children: [])
        case .agency: Screen(kind: kind, path: "agencies", title: "承检机构", children: [.agencyContract])
        case .agencyContract: Screen(kind: kind, path: "agency-contracts", title: "承检合同", children: [])
        case .inspector: Screen(kind: kind, path: "inspectors", title: "执法人员", children: [])
        case .expert: Screen(kind: kind, path: "experts", title: "专家库", children: [.expertConflict])
        case .expertConflict: Screen(kind: kind, path: "expert-conflicts", title: "利益冲突申报", children: [])
        case .enterpriseProduct: Screen(kind: kind, path: "enterprise-products", title: "生产销售产品", children: [])
        case .nationalPlanEntry: Screen(kind: kind, path: "national-plan", title: "国家监督抽查计划", children: [])
        case .licence: Screen(kind: kind, path: "licences", title: "许可证与认证证书", children: [])
        }
    }

    var url: String { "/" + path }
}
