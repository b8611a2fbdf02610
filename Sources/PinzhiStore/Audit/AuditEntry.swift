/// One row of the audit log (SPEC ORG-4).
public struct AuditEntry: Sendable, Codable, Equatable {
    public var seq: Int64
    public var at: String
    public var actorId: Int64?
    public var actorName: String
    public var actorRole: String
    public var actorOrganisation: String
    public var action: String
    public var entity: String
    public var entityId: Int64?
    public var summary: String
    public var beforeJson: String?
    public var afterJson: String?
    public var prevHash: String
    public var hash: String

    /// The text the hash covers: every field but the hash itself, in a fixed order, unambiguously separated.
    var canonical: String {
        [String(seq), at, actorId.map(String.init) ?? "", actorName, actorRole, actorOrganisation, action, entity,
         entityId.map(String.init) ?? "", summary, beforeJson ?? "", afterJson ?? "", prevHash]
            .map { "\($0.utf8.count):\($0)" }
            .joined(separator: "|")
    }
}
