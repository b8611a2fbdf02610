/// 执法人员 of an organisation, drawn for sampling (SPEC MD-4).
public struct Inspector: MasterRecord {
    public static let kind = RecordKind.inspector
    public static let fields: [FieldSpec] = [
        FieldSpec("organisationId", "所属单位", .organisation, required: true, listed: true),
        FieldSpec("name", "姓名", required: true, maxLength: 30, listed: true),
        FieldSpec("certificateNumber", "执法证号", required: true, maxLength: 30, listed: true),
        FieldSpec("phone", "联系电话", maxLength: 30, listed: true),
    ]
    public static let searchColumns = ["name", "certificate_number"]
    public static let naturalKey = ["certificate_number"]

    public var id: Int64 = 0
    public var version: Int = 0
    public var active: Bool = true
    public var organisationId: Int64 = 0
    public var name: String = ""
    public var certificateNumber: String = ""
    public var phone: String?

    public init() {}

    public var displayName: String { name }

    public func validate() -> [FieldError] { [] }
}
