import Foundation

/// 承检机构 with its CMA qualification (SPEC MD-3).
public struct Agency: MasterRecord {
    public static let kind = RecordKind.agency
    public static let fields: [FieldSpec] = [
        FieldSpec("code", "机构编码", required: true, maxLength: 20, listed: true),
        FieldSpec("name", "机构名称", required: true, maxLength: 100, listed: true),
        FieldSpec("uscc", "统一社会信用代码", maxLength: 18),
        FieldSpec("cmaNumber", "CMA资质证书编号", required: true, maxLength: 40, listed: true),
        FieldSpec("qualificationScope", "资质认定产品范围", .longText, maxLength: 1000),
        FieldSpec("technicalSupport", "技术支撑单位", .boolean),
        FieldSpec("firstTime", "首次承检", .boolean, listed: true),
        FieldSpec("capacity", "年承检能力（批次）", .integer, listed: true),
        FieldSpec("contactName", "联系人", maxLength: 30),
        FieldSpec("contactPhone", "联系电话", maxLength: 30),
        FieldSpec("address", "地址", maxLength: 200),
    ]
    public static let searchColumns = ["name", "code", "cma_number", "qualification_scope"]
    public static let naturalKey = ["code"]

    public var id: Int64 = 0
    public var version: Int = 0
    public var active: Bool = true
    public var code: String = ""
    public var name: String = ""
    public var uscc: String?
    public var cmaNumber: String = ""
    public var qualificationScope: String?
    public var technicalSupport: Bool = false
    public var firstTime: Bool = false
    public var capacity: Int?
    public var contactName: String?
    public var contactPhone: String?
    public var address: String?

    public init() {}

    public var displayName: String { name }

    public mutating func normalize() {
        uscc = uscc?.trimmingCharacters(in: .whitespaces).uppercased()
    }

    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let code = uscc, !code.isEmpty, case .failure(let violation) = USCC.validate(code) {
            errors.append(FieldError("uscc", violation.message))
        }
        if let c = capacity, c < 0 { errors.append(FieldError("capacity", "承检能力不能为负数")) }
        return errors
    }
}
