/// The signed-in account as the rules see it: who, which role, and what it is bound to.
public struct Principal: Sendable, Equatable, Codable {
    public var accountId: Int64
    public var username: String
    public var displayName: String
    public var role: Role
    public var organisationId: Int64
    public var organisationName: String
    public var districtCode: String?
    public var agencyId: Int64?
    public var enterpriseId: Int64?
    public var expertId: Int64?

    public init(
        accountId: Int64, username: String, displayName: String, role: Role,
        organisationId: Int64, organisationName: String = "",
        districtCode: String? = nil, agencyId: Int64? = nil, enterpriseId: Int64? = nil, expertId: Int64? = nil
    ) {
        self.accountId = accountId
        self.username = username
        self.displayName = displayName
        self.role = role
        self.organisationId = organisationId
        self.organisationName = organisationName
        self.districtCode = districtCode
        self.agencyId = agencyId
        self.enterpriseId = enterpriseId
        self.expertId = expertId
    }

    /// The value this principal is bound to along a dimension, as text for a SQL bind.
    public func binding(_ dimension: ScopeDimension) -> String? {
        switch dimension {
        case .district: districtCode
        case .agency: agencyId.map(String.init)
        case .enterprise: enterpriseId.map(String.init)
        case .expert: expertId.map(String.init)
        case .organisation: String(organisationId)
        }
    }
}
