/// The signed-in account as the rules see it: who, which role, and what it is bound to.
public struct Principal: Sendable, Equatable, Codable {
    public var accountID: Int64
    public var username: String
    public var displayName: String
    public var role: Role
    public var organisationID: Int64
    public var organisationName: String
    public var districtCode: String?
    public var agencyID: Int64?
    public var enterpriseID: Int64?
    public var expertID: Int64?

    public init(
        accountID: Int64, username: String, displayName: String, role: Role,
        organisationID: Int64, organisationName: String = "",
        districtCode: String? = nil, agencyID: Int64? = nil, enterpriseID: Int64? = nil, expertID: Int64? = nil
    ) {
        self.accountID = accountID
        self.username = username
        self.displayName = displayName
        self.role = role
        self.organisationID = organisationID
        self.organisationName = organisationName
        self.districtCode = districtCode
        self.agencyID = agencyID
        self.enterpriseID = enterpriseID
        self.expertID = expertID
    }

    /// The value this principal is bound to along a dimension, as text for a SQL bind.
    public func binding(_ dimension: ScopeDimension) -> String? {
        switch dimension {
        case .district: districtCode
        case .agency: agencyID.map(String.init)
        case .enterprise: enterpriseID.map(String.init)
        case .expert: expertID.map(String.init)
        case .organisation: String(organisationID)
        }
    }
}
