import Foundation
import PinzhiDomain
import SQLKit

/// Per-account bearer tokens for the API (SPEC ORG-3), revocable; only their digest is stored.
public struct APITokenStore: Sendable {
    public struct TokenInfo: Sendable, Codable, Equatable {
        public var id: Int64
        public var name: String
        public var createdAt: String
        public var revokedAt: String?
        public var lastUsedAt: String?
    }

    let database: PinzhiDatabase
    let accounts: AccountRepository

    public init(_ database: PinzhiDatabase, accounts: AccountRepository) {
        self.database = database
        self.accounts = accounts
    }

    /// Creates a token and returns it in clear text, the only time it is ever shown.
    public func create(accountId: Int64, name: String, actor: AuditActor) async throws -> String {
        let name = name.trimmingCharacters(in: .whitespaces)
        if let error = APITokenRules.nameError(name) { throw StoreError.invalid(ValidationFailure([error])) }
        let token = SecretToken.make(prefix: "pz_")
        try await database.transaction { db in
            let row = try await db.insert(into: "api_tokens").columns("account_id", "name", "token_hash", "created_at")
                .values(SQLBind(accountId), SQLBind(name), SQLBind(SecretToken.digest(token)), SQLBind(Clock.nowText()))
                .returning("id").first()
            try await AuditLog.append(db, actor: actor, action: "create_token", entity: "account", entityId: accountId,
                                      summary: "创建API令牌：\(name)（编号\(try row?.decode(column: "id", as: Int64.self) ?? 0)）")
        }
        return token
    }

    /// The account of a token, kept for a few seconds like a session (ReadCache): a revocation on this server
    /// applies at once, one on another app server within ReadCache.maxAge.
    public func principal(for token: String) async throws -> Principal? {
        let digest = SecretToken.digest(token)
        return try await database.reads.value("token|\(digest)") { try await read(digest) }
    }

    private func read(_ digest: String) async throws -> Principal? {
        try await database.session { db in
            guard let row = try await db.select().columns("id", "account_id").from("api_tokens")
                .where("token_hash", .equal, digest).where(SQLIdentifier("revoked_at"), .is, SQLLiteral.null).first()
            else { return nil }
            return try await accounts.principal(db, accountId: try row.decode(column: "account_id", as: Int64.self))
        }
    }

    public func list(accountId: Int64) async throws -> [TokenInfo] {
        try await database.session { db in
            try await db.select().columns("id", "name", "created_at", "revoked_at", "last_used_at").from("api_tokens")
                .where("account_id", .equal, accountId).orderBy("id").all(decoding: TokenInfo.self, keyDecodingStrategy: .convertFromSnakeCase)
        }
    }

    /// Revokes one of the account's tokens; revoking one already revoked changes nothing (a repeated click, a retried
    /// API call), another account's token is not found.
    public func revoke(id: Int64, accountId: Int64, actor: AuditActor) async throws {
        try await database.transaction { db in
            let row = try await db.update("api_tokens").set("revoked_at", to: Clock.nowText()).where("id", .equal, id)
                .where("account_id", .equal, accountId).where(SQLIdentifier("revoked_at"), .is, SQLLiteral.null).returning("id").first()
            if row == nil {
                let own = try await db.select().column("id").from("api_tokens").where("id", .equal, id).where("account_id", .equal, accountId).first()
                guard own != nil else { throw StoreError.notFound }
                return
            }
            try await AuditLog.append(db, actor: actor, action: "revoke_token", entity: "account", entityId: accountId,
                                      summary: "吊销API令牌（编号\(id)）")
        }
    }
}
