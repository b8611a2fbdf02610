/// Who sees and edits which annual plans. A district's plan is copied to the city, so the city sees all; a district
/// sees its own plans and the city's; roles outside supervision see none.
public enum PlanPolicy {
    public enum Visibility: Sendable, Equatable {
        case all
        case districtAndCity(String)
        case none
    }

    /// Whether the role works with plans at all (for navigation).
    public static func seesPlans(_ role: Role) -> Bool {
        switch role {
        case .cityAdmin, .citySupervisor, .enforcementOfficer, .districtSupervisor: true
        case .agencyUser, .expert, .enterpriseUser, .witness: false
        }
    }

    public static func visibility(_ p: Principal) -> Visibility {
        switch p.role {
        case .cityAdmin, .citySupervisor, .enforcementOfficer: .all
        case .districtSupervisor: p.districtCode.map { .districtAndCity($0) } ?? .none
        case .agencyUser, .expert, .enterpriseUser, .witness: .none
        }
    }

    /// Drafting a plan and its lines belongs to its level: the city for the city's plan, a district for its own.
    public static func mayEdit(_ p: Principal, planDistrict: String?) -> Bool {
        switch p.role {
        case .cityAdmin, .citySupervisor: planDistrict == nil
        case .districtSupervisor: planDistrict != nil && planDistrict == p.districtCode
        default: false
        }
    }
}
