import PinzhiDomain

/// Who an audit row names: a signed-in person, or the system itself (migrations, demo data, CLI imports).
public struct AuditActor: Sendable, Equatable {
    public var id: Int64?
    public var name: String
    public var role: String
    public var organisation: String

    public init(id: Int64?, name: String, role: String, organisation: String) {
        self.id = id
        self.name = name
        self.role = role
        self.organisation = organisation
    }

    public init(_ principal: Principal) {
        self.init(id: principal.accountId, name: principal.username, role: principal.role.rawValue,
                  organisation: principal.organisationName.isEmpty ? String(principal.organisationId) : principal.organisationName)
    }

    public static func system(_ name: String = "system") -> AuditActor {
        AuditActor(id: nil, name: name, role: "system", organisation: "系统")
    }
}
