/// Who sees which batches: the city and enforcement all; a district the batches of its own plans and those of
/// enterprises in its district (it does their post-handling); an agency those it tests or rechecks; an enterprise
/// its own; experts none.
public enum BatchPolicy {
    public enum Visibility: Sendable, Equatable {
        case all
        case district(String)
        case agency(Int64)
        case enterprise(Int64)
        case none
    }

    public static func visibility(_ p: Principal) -> Visibility {
        switch p.role {
        case .cityAdmin, .citySupervisor, .enforcementOfficer: .all
        case .districtSupervisor: p.districtCode.map { .district($0) } ?? .none
        case .agencyUser: p.agencyId.map { .agency($0) } ?? .none
        case .enterpriseUser: p.enterpriseId.map { .enterprise($0) } ?? .none
        case .expert, .witness: .none
        }
    }

    /// Who may run the draw for a task: the organiser of its plan, once the agency has accepted it.
    public static func mayDraw(_ p: Principal, task: CheckTask) -> Bool {
        PlanPolicy.mayEdit(p, planDistrict: task.districtCode) && task.state == .accepted
    }

    /// Who may add attachments to the batches they see: everyone who sees batches but enforcement, which reads the
    /// case file without adding to it.
    public static func mayAttach(_ p: Principal) -> Bool {
        visibility(p) != .none && p.role != .enforcementOfficer
    }
}
