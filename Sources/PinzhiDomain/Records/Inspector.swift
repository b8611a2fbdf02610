/// 执法人员 of an organisation, drawn for sampling (SPEC MD-4).
public struct Inspector: MasterRecord {
    public static let kind = RecordKind.inspector
    public static let fields: [FieldSpec] = [
        FieldSpec("organisationId", "所属单位", .organisation, required: true, listed: true),
        FieldSpec("name", "姓名", required: true, maxLength: 30, listed: true),
        FieldSpec("certificateNumber", "执法证号", required: true, maxLength: 30, listed: true),
        FieldSpec("phone", "联系电话", maxLength: 30, listed: true),
        FieldSpec("conflictUsccs", "须回避的企业（统一社会信用代码，逗号分隔）", .longText, maxLength: 400),
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
    public var conflictUsccs: String?

    public init() {}

    public var displayName: String { name }

    /// The enterprises this inspector declared a conflict with; drawn inspectors recuse themselves from them.
    public var conflicts: Set<String> {
        Set((conflictUsccs ?? "").split(whereSeparator: { ",，、 \n".contains($0) }).map { $0.uppercased() })
    }

    public func validate() -> [FieldError] {
        let wrong = conflicts.filter { if case .failure = USCC.validate($0) { return true } else { return false } }
        return wrong.isEmpty ? [] : [FieldError("conflictUsccs", "回避企业代码有误：\(wrong.sorted().joined(separator: "、"))")]
    }
}
