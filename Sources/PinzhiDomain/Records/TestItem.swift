/// 检验项目 of a product's implementation rule (SPEC MD-2).
public struct TestItem: MasterRecord {
    public static let kind = RecordKind.testItem
    public static let fields: [FieldSpec] = [
        FieldSpec("productId", "产品", .reference(.product), required: true),
        FieldSpec("name", "检验项目", required: true, maxLength: 60, listed: true),
        FieldSpec("clause", "标准条款", maxLength: 60, listed: true),
        FieldSpec("unit", "单位", maxLength: 20, listed: true),
        FieldSpec("limitExpression", "限值", required: true, maxLength: 60, listed: true),
        FieldSpec("safety", "安全项目", .boolean, listed: true),
        FieldSpec("keySafety", "重点安全项目", .boolean, listed: true),
        FieldSpec("severity", "不合格程度", .choice(Choice.of(Severity.self)), required: true, listed: true),
    ]
    public static let searchColumns = ["name", "clause"]
    public static let naturalKey = ["product_id", "name"]

    public var id: Int64 = 0
    public var version: Int = 0
    public var active: Bool = true
    public var productId: Int64 = 0
    public var name: String = ""
    public var clause: String?
    public var unit: String?
    public var limitExpression: String = ""
    public var safety: Bool = false
    public var keySafety: Bool = false
    public var severity: Severity = .general

    public init() {}

    public var displayName: String { name }

    public mutating func normalize() {
        if case .success(let parsed) = LimitExpression.parse(limitExpression) { limitExpression = parsed.text }
        if keySafety { safety = true }
    }

    public func validate() -> [FieldError] {
        if case .failure(let error) = LimitExpression.parse(limitExpression) {
            return [FieldError("limitExpression", error.message)]
        }
        return []
    }
}
