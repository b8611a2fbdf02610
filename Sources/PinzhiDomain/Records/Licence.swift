/// A production licence 生产许可证 or a CCC certificate of an enterprise (SPEC EN-2): its number, product unit,
/// issuing body, validity and status, kept as records of the enterprise (they were one text field) so that
/// expiries can be warned of and a holder's violations traced to the issuer.
public struct Licence: MasterRecord {
    public static let kind = RecordKind.licence
    public static let fields: [FieldSpec] = [
        FieldSpec("enterpriseId", "企业", .reference(.enterprise), required: true),
        FieldSpec("licenceKind", "证书类别", .choice(Choice.of(LicenceKind.self)), required: true, listed: true),
        FieldSpec("number", "证书编号", required: true, maxLength: 40, listed: true),
        FieldSpec("productUnit", "产品单元", required: true, maxLength: 100, listed: true),
        FieldSpec("issuer", "发证机关", required: true, maxLength: 100, listed: true),
        FieldSpec("issuedOn", "发证日期", .date),
        FieldSpec("expiresOn", "有效期至", .date, required: true, listed: true),
        FieldSpec("status", "证书状态", .choice(Choice.of(LicenceStatus.self)), required: true, listed: true),
    ]
    public static let searchColumns = ["number", "product_unit", "issuer"]
    public static let naturalKey = ["licence_kind", "number"]

    public var id: Int64 = 0
    public var version: Int = 0
    public var active: Bool = true
    public var enterpriseId: Int64 = 0
    public var licenceKind: LicenceKind = .production
    public var number: String = ""
    public var productUnit: String = ""
    public var issuer: String = ""
    public var issuedOn: String?
    public var expiresOn: String = ""
    public var status: LicenceStatus = .valid

    public init() {}

    public var displayName: String { "\(licenceKind.label) \(number)" }

    public mutating func normalize() { number = number.trimmed.uppercased() }

    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if let issued = issuedOn.flatMap(Day.init), let expires = Day(expiresOn), expires <= issued {
            errors.append(FieldError("expiresOn", "有效期至应晚于发证日期"))
        }
        return errors
    }

    /// Whether a valid licence has run out or runs out within `days` (SPEC EN-2: expiry warnings).
    public func expiry(on today: Day, within days: Int = LicenceKind.warningDays) -> LicenceExpiry? {
        guard status == .valid, let expires = Day(expiresOn) else { return nil }
        if expires < today { return .expired }
        return expires <= today.adding(days: days) ? .expiring : nil
    }
}

public enum LicenceKind: String, Sendable, Codable, CaseIterable, CodedValue {
    case production
    case ccc

    public var label: String {
        switch self {
        case .production: "工业产品生产许可证"
        case .ccc: "强制性产品认证（CCC）证书"
        }
    }

    /// Expiry is warned of this many days ahead: a renewal is applied for at least three months before expiry
    /// (工业产品生产许可证管理条例实施办法 第二十八条).
    public static let warningDays = 90
}

public enum LicenceStatus: String, Sendable, Codable, CaseIterable, CodedValue {
    case valid
    case suspended
    case revoked
    case cancelled

    public var label: String {
        switch self {
        case .valid: "有效"
        case .suspended: "暂停"
        case .revoked: "撤销"
        case .cancelled: "注销"
        }
    }
}

public enum LicenceExpiry: Sendable {
    case expiring
    case expired
}
