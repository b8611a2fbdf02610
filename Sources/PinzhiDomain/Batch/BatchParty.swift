/// Who acts on a batch at a given step. Each is decided from the batch itself, never from a form.
public enum BatchParty: String, Sendable, Codable {
    /// The organiser of the plan: the city bureau for a city plan, the district bureau for its own.
    case organiser
    /// The testing agency of the task.
    case agency
    /// The agency drawn for the recheck 复检.
    case recheckAgency
    /// The sampled enterprise, from its own account.
    case enterprise
    /// The market-supervision bureau of the enterprise's district, which does the post-handling.
    case handlingDistrict

    public var label: String {
        switch self {
        case .organiser: "组织抽查的监管部门"
        case .agency: "承检机构"
        case .recheckAgency: "复检机构"
        case .enterprise: "被抽样企业"
        case .handlingDistrict: "企业所在区市场监管局"
        }
    }

    /// Whether the principal is this party for the batch.
    public func includes(_ p: Principal, _ b: Batch) -> Bool {
        switch self {
        case .organiser:
            if let district = b.planDistrictCode { return p.role == .districtSupervisor && p.districtCode == district }
            return p.role == .citySupervisor || p.role == .cityAdmin
        case .agency: return p.role == .agencyUser && p.agencyId == b.agencyId
        case .recheckAgency: return p.role == .agencyUser && b.recheckAgencyId != nil && p.agencyId == b.recheckAgencyId
        case .enterprise: return p.role == .enterpriseUser && p.enterpriseId == b.enterpriseId
        case .handlingDistrict: return p.role == .districtSupervisor && p.districtCode == b.enterpriseDistrict
        }
    }
}
