/// A conflict of interest an expert declared with an enterprise; assignments avoid it (SPEC MD-4, TA-1).
public struct ExpertConflict: MasterRecord {
    public static let kind = RecordKind.expertConflict
    public static let fields: [FieldSpec] = [
        FieldSpec("expertId", "专家", .reference(.expert), required: true),
        FieldSpec("enterpriseUscc", "企业统一社会信用代码", required: true, maxLength: 18, listed: true),
        FieldSpec("name", "企业名称", required: true, maxLength: 100, listed: true),
        FieldSpec("reason", "关系说明", required: true, maxLength: 200, listed: true),
    ]
    public static let searchColumns = ["name", "enterprise_uscc"]
    public static let naturalKey = ["expert_id", "enterprise_uscc"]

    public var id: Int64 = 0
    public var version: Int = 0
    public var active: Bool = true
    public var expertId: Int64 = 0
    public var enterpriseUscc: String = ""
    public var name: String = ""
    public var reason: String = ""

    public init() {}

    public var displayName: String { name }

    public mutating func normalize() { enterpriseUscc = enterpriseUscc.uppercased() }

    public func validate() -> [FieldError] {
        if case .failure(let violation) = USCC.validate(enterpriseUscc) {
            return [FieldError("enterpriseUscc", violation.message)]
        }
        return []
    }
}
