/// Who sees which tasks: the city all, a district the tasks of its own plans, an agency only those given to it.
public enum TaskPolicy {
    public enum Visibility: Sendable, Equatable {
        case all
        case district(String)
        case agency(Int64)
        case none
    }

    public static func visibility(_ p: Principal) -> Visibility {
        switch p.role {
        case .cityAdmin, .citySupervisor, .enforcementOfficer: .all
        case .districtSupervisor: p.districtCode.map { .district($0) } ?? .none
        case .agencyUser: p.agencyId.map { .agency($0) } ?? .none
        case .expert, .enterpriseUser, .witness: .none
        }
    }

    public static func seesTasks(_ role: Role) -> Bool {
        role != .expert && role != .enterpriseUser && role != .witness
    }

    /// Who imports a task's results: its agency (the store checks the task is the caller's).
    public static func mayImportResults(_ p: Principal) -> Bool { p.role == .agencyUser }
}
