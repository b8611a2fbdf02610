/// 产品 in the catalogue (SPEC MD-2), with its implementation rule 实施细则.
public struct Product: MasterRecord {
    public static let kind = RecordKind.product
    public static let fields: [FieldSpec] = [
        FieldSpec("code", "产品编码", required: true, maxLength: 20, listed: true),
        FieldSpec("name", "产品名称", required: true, maxLength: 60, listed: true),
        FieldSpec("categoryMajor", "大类", required: true, maxLength: 40, listed: true),
        FieldSpec("categoryMiddle", "中类", required: true, maxLength: 40, listed: true),
        FieldSpec("nationalKey", "全国重点工业产品质量安全监管目录", .boolean),
        FieldSpec("shanghaiKey", "上海市重点产品质量监控目录", .boolean),
        FieldSpec("campaignKey", "专项行动20种重点产品", .boolean, listed: true),
        FieldSpec("licenceManaged", "生产许可证管理", .boolean),
        FieldSpec("ccc", "CCC强制性认证", .boolean),
        FieldSpec("fastTrack", "快检快处产品", .boolean, listed: true),
        FieldSpec("seasonStartMonth", "抽查季节起始月", .integer),
        FieldSpec("seasonEndMonth", "抽查季节结束月", .integer),
        FieldSpec("ruleName", "实施细则名称", maxLength: 100),
        FieldSpec("ruleVersion", "实施细则版本", maxLength: 20),
        FieldSpec("standards", "依据标准", .longText, maxLength: 500),
    ]
    public static let searchColumns = ["name", "code", "category_major", "category_middle", "standards"]
    public static let naturalKey = ["code"]

    public var id: Int64 = 0
    public var version: Int = 0
    public var active: Bool = true
    public var code: String = ""
    public var name: String = ""
    public var categoryMajor: String = ""
    public var categoryMiddle: String = ""
    public var nationalKey: Bool = false
    public var shanghaiKey: Bool = false
    public var campaignKey: Bool = false
    public var licenceManaged: Bool = false
    public var ccc: Bool = false
    public var fastTrack: Bool = false
    public var seasonStartMonth: Int?
    public var seasonEndMonth: Int?
    public var ruleName: String?
    public var ruleVersion: String?
    public var standards: String?

    public init() {}

    public var displayName: String { name }

    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        for (key, month) in [("seasonStartMonth", seasonStartMonth), ("seasonEndMonth", seasonEndMonth)] {
            if let m = month, !(1...12).contains(m) { errors.append(FieldError(key, "月份应在1至12之间")) }
        }
        if (seasonStartMonth == nil) != (seasonEndMonth == nil) {
            errors.append(FieldError("seasonEndMonth", "抽查季节的起始月和结束月应同时填写或同时留空"))
        }
        return errors
    }
}
