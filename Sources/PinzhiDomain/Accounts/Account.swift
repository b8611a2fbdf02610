/// An account of a person (SPEC ORG-3). The password hash is kept by the store and never leaves it.
public struct Account: Sendable, Equatable, Codable {
    public var id: Int64
    public var version: Int
    public var username: String
    public var displayName: String
    public var role: Role
    public var organisationId: Int64
    public var districtCode: String?
    public var agencyId: Int64?
    public var enterpriseId: Int64?
    public var expertId: Int64?
    public var active: Bool

    public init(id: Int64 = 0, version: Int = 0, username: String, displayName: String, role: Role,
                organisationId: Int64, districtCode: String? = nil, agencyId: Int64? = nil,
                enterpriseId: Int64? = nil, expertId: Int64? = nil, active: Bool = true) {
        self.id = id
        self.version = version
        self.username = username
        self.displayName = displayName
        self.role = role
        self.organisationId = organisationId
        self.districtCode = districtCode
        self.agencyId = agencyId
        self.enterpriseId = enterpriseId
        self.expertId = expertId
        self.active = active
    }

    /// An account must be bound to the record its role is restricted to.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        let name = username.trimmingCharacters(in: .whitespaces)
        if name.count < 3 || name.count > 32 || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }) {
            errors.append(FieldError("username", "用户名应为3至32位字母、数字、下划线、连字符或点"))
        }
        if displayName.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError("displayName", "姓名不能为空"))
        }
        switch role.requiredBinding {
        case .district? where districtCode == nil: errors.append(FieldError("districtCode", "区局用户必须指定所属区"))
        case .agency? where agencyId == nil: errors.append(FieldError("agencyId", "承检机构用户必须指定承检机构"))
        case .enterprise? where enterpriseId == nil: errors.append(FieldError("enterpriseId", "企业用户必须指定企业"))
        case .expert? where expertId == nil: errors.append(FieldError("expertId", "专家用户必须指定专家"))
        default: break
        }
        return errors
    }

    public var principal: Principal {
        Principal(accountId: id, username: username, displayName: displayName, role: role,
                  organisationId: organisationId, districtCode: districtCode, agencyId: agencyId,
                  enterpriseId: enterpriseId, expertId: expertId)
    }
}
