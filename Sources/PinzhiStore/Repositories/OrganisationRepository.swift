import PinzhiDomain
import SQLKit

public struct OrganisationRow: Sendable, Codable, Equatable {
    public var id: Int64
    public var code: String
    public var name: String
    public var kind: String
    public var districtCode: String?
}

/// The organisations of ORG-1, and those made for agencies and enterprises whose people have accounts.
public struct OrganisationRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public func all() async throws -> [OrganisationRow] {
        try await database.session { db in
            try await db.select().columns("id", "code", "name", "kind", "district_code").from("organisations")
                .where("active", .equal, true).orderBy("id").all(decoding: OrganisationRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        }
    }

    /// The organisations the principal may list.
    public func visible(to p: Principal) async throws -> [OrganisationRow] {
        let rows = try await all()
        return AccessPolicy.seesAllOrganisations(p.role) ? rows : rows.filter { $0.id == p.organisationId }
    }

    public func find(code: String) async throws -> OrganisationRow? {
        try await database.session { db in
            try await db.select().columns("id", "code", "name", "kind", "district_code").from("organisations")
                .where("code", .equal, code).first(decoding: OrganisationRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        }
    }

    /// The organisation with this code, created if missing (for an agency's or an enterprise's own people).
    public func ensure(code: String, name: String, kind: OrganisationKind, districtCode: String?, actor: AuditActor) async throws -> OrganisationRow {
        if let existing = try await find(code: code) { return existing }
        try await database.transaction { db in
            let row = try await db.insert(into: "organisations").columns("code", "name", "kind", "district_code")
                .values(SQLBind(code), SQLBind(name), SQLBind(kind.rawValue), SQLBind(districtCode)).returning("id").first()
            try await AuditLog.append(db, actor: actor, action: "create", entity: "organisation",
                                      entityId: try row?.decode(column: "id", as: Int64.self), summary: "新建单位：\(name)")
        }
        guard let created = try await find(code: code) else { throw StoreError.internalError("单位未保存") }
        return created
    }
}
