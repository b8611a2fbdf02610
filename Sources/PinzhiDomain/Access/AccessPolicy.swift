/// The one table of who may read and write what (SPEC ORG-2). Repositories turn its answer into a WHERE clause
/// through a single function, so no handler decides scope on its own.
public enum AccessPolicy {
    public static func access(_ role: Role, _ kind: RecordKind, _ action: Action) -> Access {
        switch (kind, action) {
        case (.enterprise, .read):
            switch role {
            case .cityAdmin, .citySupervisor, .enforcementOfficer: return .all
            case .districtSupervisor: return .restricted(.district)
            case .enterpriseUser: return .restricted(.enterprise)
            case .agencyUser, .expert, .witness: return .denied
            }
        case (.enterprise, .write):
            switch role {
            case .cityAdmin, .citySupervisor: return .all
            case .districtSupervisor: return .restricted(.district)
            default: return .denied
            }
        case (.enterpriseProduct, .read), (.licence, .read):
            switch role {
            case .cityAdmin, .citySupervisor, .enforcementOfficer, .districtSupervisor: return .all
            case .enterpriseUser: return .restricted(.enterprise)
            case .agencyUser, .expert, .witness: return .denied
            }
        case (.enterpriseProduct, .write):
            // Which enterprises make a product decides who can be drawn: kept by the city.
            return role == .cityAdmin || role == .citySupervisor ? .all : .denied
        case (.licence, .write):
            // Licences are recorded by the city from the issuers' lists (SPEC EN-2).
            return role == .cityAdmin || role == .citySupervisor ? .all : .denied
        case (.nationalPlanEntry, .read):
            switch role {
            case .cityAdmin, .citySupervisor, .districtSupervisor, .enforcementOfficer: return .all
            default: return .denied
            }
        case (.nationalPlanEntry, .write):
            // Who the State Administration checks this year decides who the city may draw: kept by the city.
            return role == .cityAdmin || role == .citySupervisor ? .all : .denied
        case (.product, .read), (.testItem, .read):
            return .all
        case (.product, .write), (.testItem, .write):
            return role == .cityAdmin || role == .citySupervisor ? .all : .denied
        case (.agency, .read), (.agencyContract, .read):
            switch role {
            case .cityAdmin, .citySupervisor, .districtSupervisor, .enforcementOfficer: return .all
            case .agencyUser: return .restricted(.agency)
            default: return .denied
            }
        case (.agency, .write), (.agencyContract, .write):
            return role == .cityAdmin || role == .citySupervisor ? .all : .denied
        case (.inspector, .read):
            switch role {
            case .cityAdmin, .citySupervisor, .enforcementOfficer: return .all
            case .districtSupervisor: return .restricted(.organisation)
            default: return .denied
            }
        case (.inspector, .write):
            switch role {
            case .cityAdmin: return .all
            case .districtSupervisor: return .restricted(.organisation)
            default: return .denied
            }
        case (.expert, .read), (.expertConflict, .read):
            switch role {
            case .cityAdmin, .citySupervisor, .districtSupervisor: return .all
            case .expert: return .restricted(.expert)
            default: return .denied
            }
        case (.expert, .write), (.expertConflict, .write):
            return role == .cityAdmin || role == .citySupervisor ? .all : .denied
        }
    }

    /// Accounts, audit log and organisations are administered by the city administrator only (ORG-3, ORG-4).
    public static func canAdminister(_ role: Role) -> Bool { role == .cityAdmin }

    /// The bureau's roles see the whole organisation list; an agency, an expert or an enterprise only its own
    /// organisation (the list names the enterprises and agencies that have accounts).
    public static func seesAllOrganisations(_ role: Role) -> Bool {
        [.cityAdmin, .citySupervisor, .districtSupervisor, .enforcementOfficer].contains(role)
    }

    public static func canImport(_ role: Role, _ kind: RecordKind) -> Bool {
        access(role, kind, .write) == .all
    }
}
