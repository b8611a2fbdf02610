import Foundation

/// 企业 (SPEC MD-1).
public struct Enterprise: MasterRecord {
    public static let kind = RecordKind.enterprise
    public static let creditClasses = ["A", "B", "C", "D"]
    public static let fields: [FieldSpec] = [
        FieldSpec("uscc", "统一社会信用代码", required: true, maxLength: 18, listed: true),
        FieldSpec("name", "企业名称", required: true, maxLength: 100, listed: true),
        FieldSpec("districtCode", "所属区", .district, listed: true),
        FieldSpec("address", "注册地址", required: true, maxLength: 200),
        FieldSpec("enterpriseType", "企业类型", .choice(Choice.of(EnterpriseType.self)), required: true, listed: true),
        FieldSpec("scale", "企业规模", .choice(Choice.of(EnterpriseScale.self)), required: true, listed: true),
        FieldSpec("cluster", "产业集聚区", maxLength: 60),
        FieldSpec("contactName", "联系人", maxLength: 30),
        FieldSpec("contactPhone", "联系电话", maxLength: 30),
        FieldSpec("licenceNumber", "生产许可证编号", maxLength: 40),
        FieldSpec("licenceProduct", "许可产品单元", maxLength: 100),
        FieldSpec("licenceValidUntil", "许可证有效期至", .date),
        FieldSpec("cccCertificates", "CCC证书编号", maxLength: 200),
        FieldSpec("qualityDirector", "质量安全总监", maxLength: 30),
        FieldSpec("qualityOfficer", "质量安全员", maxLength: 30),
        // Computed by the points model (RK-3, CreditModel), never typed.
        FieldSpec("creditClass", "信用风险分类", .choice(Choice.plain(creditClasses)), listed: true, computed: true),
        // Set by a merge (EnterpriseMerge), never typed: the record that stays.
        FieldSpec("mergedInto", "已合并到（企业编号）", .reference(.enterprise), computed: true),
    ]
    public static let searchColumns = ["name", "uscc", "address", "cluster"]
    /// The code is ASCII: a Chinese fragment can only be in these.
    public static let indexedSearchColumns = ["name", "address", "cluster"]
    public static let naturalKey = ["uscc"]

    public var id: Int64 = 0
    public var version: Int = 0
    public var active: Bool = true
    public var uscc: String = ""
    public var name: String = ""
    public var districtCode: String?
    public var address: String = ""
    public var enterpriseType: EnterpriseType = .producer
    public var scale: EnterpriseScale = .small
    public var cluster: String?
    public var contactName: String?
    public var contactPhone: String?
    public var licenceNumber: String?
    public var licenceProduct: String?
    public var licenceValidUntil: String?
    public var cccCertificates: String?
    public var qualityDirector: String?
    public var qualityOfficer: String?
    public var creditClass: String = "B"
    public var mergedInto: Int64?

    public init() {}

    public var displayName: String { name }

    /// The class is the model's (CreditClassStore): a write from a form, an import or the API keeps the stored one.
    public mutating func keepComputed(from stored: Enterprise) {
        creditClass = stored.creditClass
        mergedInto = stored.mergedInto
    }

    /// Small and micro enterprises are counted apart in seed 000's table.
    public var isSME: Bool { scale.isSME }

    public mutating func normalize() {
        uscc = uscc.trimmingCharacters(in: .whitespaces).uppercased()
        // The registered address says where the enterprise is now; the USCC's division code where it was first
        // registered (a move keeps the code). The address first, then the code; a disagreement is shown (notices).
        if districtCode == nil || districtCode == "" {
            if let code = AddressDistrict.code(address) {
                districtCode = code
            } else if let code = USCC.divisionCode(uscc), District.isKnown(code) {
                districtCode = code
            }
        }
    }

    /// Where the address, the USCC and the chosen district disagree (shown on the record's page, not hidden).
    public var notices: [String] {
        (mergedInto.map { ["本记录已合并到企业（编号\($0)），其抽查、许可证、案件等记录已移到该企业；本记录停用但保留可查"] } ?? [])
            + AddressDistrict.disagreements(address: address, uscc: uscc, districtCode: districtCode)
    }

    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if case .failure(let violation) = USCC.validate(uscc) {
            // A wrong code says nothing about the district; one message is enough.
            return [FieldError("uscc", violation.message)]
        }
        if districtCode == nil || districtCode == "" {
            errors.append(FieldError("districtCode", "无法从注册地址或统一社会信用代码确定所属区，请选择所属区"))
        }
        return errors
    }
}
