/// The roles of SPEC ORG-2. The public portal needs no account, so it has no role here.
public enum Role: String, Codable, Sendable, CaseIterable {
    case cityAdmin = "city_admin"
    case citySupervisor = "city_supervisor"
    case districtSupervisor = "district_supervisor"
    case enforcementOfficer = "enforcement_officer"
    case agencyUser = "agency_user"
    case expert = "expert"
    case enterpriseUser = "enterprise_user"
    /// A witness to the draws (纪检监察 or a notary): fixes the hash of a secret before a candidate list is committed and
    /// reveals the secret after, so that a draw's seed is not in the drawing officer's hands alone (issue 16, PZ-DRAW-2 §六).
    case witness = "witness"

    public var label: String {
        switch self {
        case .cityAdmin: "市局管理员"
        case .citySupervisor: "市局监管人员"
        case .districtSupervisor: "区局监管人员"
        case .enforcementOfficer: "执法人员"
        case .agencyUser: "承检机构用户"
        case .expert: "专家"
        case .enterpriseUser: "企业用户"
        case .witness: "抽取见证人（纪检监察、公证）"
        }
    }

    /// The record an account of this role must be bound to, besides its organisation.
    public var requiredBinding: ScopeDimension? {
        switch self {
        case .districtSupervisor: .district
        case .agencyUser: .agency
        case .expert: .expert
        case .enterpriseUser: .enterprise
        case .cityAdmin, .citySupervisor, .enforcementOfficer, .witness: nil
        }
    }
}
