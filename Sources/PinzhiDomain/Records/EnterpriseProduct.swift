/// A product an enterprise makes or sells, at which stage: who the draw for a product and stage can pick
/// (SPEC SC-4, MD-1).
public struct EnterpriseProduct: MasterRecord {
    public static let kind = RecordKind.enterpriseProduct
    public static let fields: [FieldSpec] = [
        FieldSpec("enterpriseId", "企业", .reference(.enterprise), required: true),
        FieldSpec("productId", "产品", .reference(.product), required: true, listed: true),
        FieldSpec("stage", "环节", .choice(Choice.of(SamplingStage.self)), required: true, listed: true),
    ]
    public static let searchColumns = ["stage"]
    public static let naturalKey = ["enterprise_id", "product_id", "stage"]

    public var id: Int64 = 0
    public var version: Int = 0
    public var active: Bool = true
    public var enterpriseId: Int64 = 0
    public var productId: Int64 = 0
    public var stage: SamplingStage = .production

    public init() {}

    public var displayName: String { stage.label }

    public func validate() -> [FieldError] { [] }
}
