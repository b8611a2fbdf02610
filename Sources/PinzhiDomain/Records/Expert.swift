/// 专家 of the expert pool (SPEC MD-4, TA-1).
public struct Expert: MasterRecord {
    public static let kind = RecordKind.expert
    public static let fields: [FieldSpec] = [
        FieldSpec("code", "专家编号", required: true, maxLength: 20, listed: true),
        FieldSpec("name", "姓名", required: true, maxLength: 30, listed: true),
        FieldSpec("organisation", "工作单位", required: true, maxLength: 100, listed: true),
        FieldSpec("title", "职称", maxLength: 30, listed: true),
        FieldSpec("fields", "专业领域", required: true, maxLength: 200, listed: true),
        FieldSpec("reliability", "可靠性专家", .boolean),
        FieldSpec("phone", "联系电话", maxLength: 30),
    ]
    public static let searchColumns = ["name", "code", "organisation", "fields"]
    public static let naturalKey = ["code"]

    public var id: Int64 = 0
    public var version: Int = 0
    public var active: Bool = true
    public var code: String = ""
    public var name: String = ""
    public var organisation: String = ""
    public var title: String?
    public var fields: String = ""
    public var reliability: Bool = false
    public var phone: String?

    public init() {}

    public var displayName: String { name }

    public func validate() -> [FieldError] { [] }
}
