/// An entry of the year's national supervision spot-check plan 国家监督抽查: an enterprise whose product the State
/// Administration checks that year. The city's draws leave it out for that product and year (Product Quality Law
/// Art. 15: no repeated check; SPEC SC-4 (c)). Entered by the city, imported from the national notice's list.
public struct NationalPlanEntry: MasterRecord {
    public static let kind = RecordKind.nationalPlanEntry
    public static let fields: [FieldSpec] = [
        FieldSpec("productId", "产品", .reference(.product), required: true, listed: true),
        FieldSpec("year", "年度", .integer, required: true, listed: true),
        FieldSpec("enterpriseUscc", "企业统一社会信用代码", required: true, maxLength: 18, listed: true),
        FieldSpec("enterpriseName", "企业名称", required: true, maxLength: 100, listed: true),
        FieldSpec("source", "来源（国家抽查计划或通知）", required: true, maxLength: 200, listed: true),
    ]
    public static let searchColumns = ["enterprise_name", "enterprise_uscc", "source"]
    public static let naturalKey = ["year", "product_id", "enterprise_uscc"]

    public var id: Int64 = 0
    public var version: Int = 0
    public var active: Bool = true
    public var productId: Int64 = 0
    public var year: Int = 0
    public var enterpriseUscc: String = ""
    public var enterpriseName: String = ""
    public var source: String = ""

    public init() {}

    public var displayName: String { "\(year)年 \(enterpriseName)" }

    public mutating func normalize() { enterpriseUscc = enterpriseUscc.uppercased() }

    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if !(2000...2100).contains(year) { errors.append(FieldError("year", "年度应为2000至2100之间的四位数")) }
        if case .failure(let violation) = USCC.validate(enterpriseUscc) { errors.append(FieldError("enterpriseUscc", violation.message)) }
        return errors
    }
}
