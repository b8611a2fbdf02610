import Foundation
import PinzhiDomain
import SQLKit

/// Browser sessions kept in the database, so that any app server behind a balancer can serve any request.
public struct SessionStore: Sendable {
    public struct Session: Sendable {
        public var principal: Principal
        public var csrfToken: String
    }

    let database: PinzhiDatabase
    let accounts: AccountRepository
    public static let lifetime: TimeInterval = 8 * 3600

    public init(_ database: PinzhiDatabase, accounts: AccountRepository) {
        self.database = database
        self.accounts = accounts
    }

    /// Starts a session and returns its token (for the cookie) and its CSRF token (for forms).
    public func start(_ principal: Principal) async throws -> (token: String, csrf: String) {
        let token = SecretToken.make()
        let csrf = SecretToken.make(bytes: 24)
        let now = Date()
        try await database.transaction { db in
            try await db.insert(into: "sessions").columns("token_hash", "account_id", "csrf_token", "created_at", "expires_at")
                .values(SQLBind(SecretToken.digest(token)), SQLBind(principal.accountId), SQLBind(csrf),
                        SQLBind(Clock.text(now)), SQLBind(Clock.text(now.addingTimeInterval(Self.lifetime)))).run()
            try await db.delete(from: "sessions").where("expires_at", .lessThan, Clock.text(now)).run()
            try await AuditLog.append(db, actor: AuditActor(principal), action: "login", entity: "account",
                                      entityId: principal.accountId, summary: "登录：\(principal.username)")
        }
        return (token, csrf)
    }

    /// The session of a cookie. Kept for a few seconds (ReadCache) since every page asks: a logout or a changed
    /// account on this server applies at once, one on another app server within ReadCache.maxAge.
    public func find(_ token: String) async throws -> Session? {
        let digest = SecretToken.digest(token)
        return try await database.reads.value("session|\(digest)") { try await read(digest) }
    }

    private func read(_ digest: String) async throws -> Session? {
        try await database.session { db in
            guard let row = try await db.select().columns("account_id", "csrf_token").from("sessions")
                .where("token_hash", .equal, digest).where("expires_at", .greaterThan, Clock.nowText()).first()
            else { return nil }
            guard let principal = try await accounts.principal(db, accountId: try row.decode(column: "account_id", as: Int64.self))
            else { return nil }
            return Session(principal: principal, csrfToken: try row.decode(column: "csrf_token", as: String.self))
        }
    }

    public func end(_ token: String, principal: Principal) async throws {
        try await database.transaction { db in
            try await db.delete(from: "sessions").where("token_hash", .equal, SecretToken.digest(token)).run()
            try await AuditLog.append(db, actor: AuditActor(principal), action: "logout", entity: "account",
                                      entityId: principal.accountId, summary: "退出：\(principal.username)")
        }
    }
}
