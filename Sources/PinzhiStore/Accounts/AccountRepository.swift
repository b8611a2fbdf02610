import Foundation
import PinzhiDomain
import SQLKit

/// Accounts (SPEC ORG-3): created and disabled by the city administrator, signed in with bcrypt, throttled.
public struct AccountRepository: Sendable {
    let database: PinzhiDatabase
    let hasher: PasswordHasher
    /// Failures allowed in the window, per account and per address, before further attempts are refused.
    public static let maxFailuresPerAccount = 5
    public static let maxFailuresPerAddress = 20
    public static let throttleWindowMinutes = 15

    public init(_ database: PinzhiDatabase, hasher: PasswordHasher) {
        self.database = database
        self.hasher = hasher
    }

    static let selectPrincipal = """
        SELECT a.*, o.name AS organisation_name FROM accounts a JOIN organisations o ON o.id = a.organisation_id
        """

    public func list(limit: Int = 50, offset: Int = 0, search: String? = nil) async throws -> Page<Account> {
        try await database.session { db in
            var count = db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("accounts")
            var select = db.select().column("*").from("accounts")
            if let s = search?.trimmingCharacters(in: .whitespaces), !s.isEmpty {
                let pattern = "%\(database.dialect.lowercased(s))%"
                count = count.where(SQLFunction("LOWER", args: SQLIdentifier("username")), .like, SQLBind(pattern))
                    .orWhere(SQLIdentifier("display_name"), .like, SQLBind(pattern))
                select = select.where(SQLFunction("LOWER", args: SQLIdentifier("username")), .like, SQLBind(pattern))
                    .orWhere(SQLIdentifier("display_name"), .like, SQLBind(pattern))
            }
            let total = try await count.first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await select.orderBy("id").limit(limit).offset(offset).all()
            return Page(items: try rows.map(Self.decode), total: total, offset: offset, limit: limit)
        }
    }

    public func find(_ id: Int64) async throws -> Account? {
        try await database.session { db in
            try await db.select().column("*").from("accounts").where("id", .equal, id).first().map(Self.decode)
        }
    }

    public func find(username: String) async throws -> Account? {
        try await database.session { db in
            try await db.select().column("*").from("accounts").where("username", .equal, username).first().map(Self.decode)
        }
    }

    public func principal(_ db: any SQLDatabase, accountId: Int64) async throws -> Principal? {
        guard let row = try await db.raw("\(unsafeRaw: Self.selectPrincipal) WHERE a.id = \(bind: accountId) AND a.active = \(bind: true)").first()
        else { return nil }
        var p = try Self.decode(row).principal
        p.organisationName = try row.decode(column: "organisation_name", as: String.self)
        return p
    }

    /// Creates an account; only the city administrator may (or the system, for the demo and the CLI).
    public func create(_ account: Account, password: String, actor: AuditActor, by principal: Principal?) async throws -> Account {
        if let principal, !AccessPolicy.canAdminister(principal.role) { throw StoreError.forbidden }
        var errors = account.validate()
        if let e = PasswordPolicy.check(password, username: account.username) { errors.append(e) }
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        let hash = hasher.hash(password)
        return try await database.transaction { db in
            if try await db.select().column("id").from("accounts").where("username", .equal, account.username).first() != nil {
                throw StoreError.duplicate(field: "username", message: "用户名“\(account.username)”已被使用")
            }
            let now = Clock.nowText()
            let row = try await db.insert(into: "accounts")
                .columns("username", "display_name", "password_hash", "role", "organisation_id", "district_code", "agency_id",
                         "enterprise_id", "expert_id", "active", "created_at", "password_changed_at")
                .values(SQLBind(account.username), SQLBind(account.displayName), SQLBind(hash), SQLBind(account.role.rawValue),
                        SQLBind(account.organisationId), SQLBind(account.districtCode), SQLBind(account.agencyId),
                        SQLBind(account.enterpriseId), SQLBind(account.expertId), SQLBind(true), SQLBind(now), SQLBind(now))
                .returning("id").first()
            guard let id = try row?.decode(column: "id", as: Int64.self),
                  let saved = try await db.select().column("*").from("accounts").where("id", .equal, id).first().map(Self.decode)
            else { throw StoreError.internalError("账号未保存") }
            try await AuditLog.append(db, actor: actor, action: "create", entity: "account", entityId: id,
                                      summary: "新建账号：\(saved.username)（\(saved.role.label)）", after: AuditLog.json(saved))
            return saved
        }
    }

    /// Disables or re-enables an account; disabling ends its sessions and revokes its API tokens.
    public func setActive(_ id: Int64, _ active: Bool, by principal: Principal) async throws -> Account {
        guard AccessPolicy.canAdminister(principal.role) else { throw StoreError.forbidden }
        if id == principal.accountId && !active {
            throw StoreError.invalid(ValidationFailure([FieldError("", "不能停用自己的账号")]))
        }
        return try await database.transaction { db in
            guard let before = try await db.select().column("*").from("accounts").where("id", .equal, id).first().map(Self.decode)
            else { throw StoreError.notFound }
            try await db.update("accounts").set("active", to: active).set(SQLIdentifier("version"), to: SQLRaw("version + 1"))
                .set("failed_logins", to: 0).set("locked_until", to: SQLLiteral.null).where("id", .equal, id).run()
            if !active {
                try await db.delete(from: "sessions").where("account_id", .equal, id).run()
                try await db.update("api_tokens").set("revoked_at", to: Clock.nowText())
                    .where("account_id", .equal, id).where(SQLIdentifier("revoked_at"), .is, SQLLiteral.null).run()
            }
            guard let after = try await db.select().column("*").from("accounts").where("id", .equal, id).first().map(Self.decode)
            else { throw StoreError.notFound }
            try await AuditLog.append(db, actor: AuditActor(principal), action: active ? "reactivate" : "deactivate",
                                      entity: "account", entityId: id,
                                      summary: "\(active ? "启用" : "停用")账号：\(after.username)",
                                      before: AuditLog.json(before), after: AuditLog.json(after))
            return after
        }
    }

    /// Checks a password, counting failures per account and per address; refuses while either is over its limit.
    public func authenticate(username: String, password: String, address: String) async throws -> Result<Principal, LoginFailure> {
        let since = Clock.text(Date().addingTimeInterval(-Double(Self.throttleWindowMinutes) * 60))
        let userKey = "u:" + username.lowercased()
        let addressKey = "a:" + address
        return try await database.transaction { db in
            func failures(_ subject: String) async throws -> Int {
                try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("login_failures")
                    .where("subject", .equal, subject).where("at", .greaterThan, since).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            let accountFailures = try await failures(userKey)
            let addressFailures = try await failures(addressKey)
            if accountFailures >= Self.maxFailuresPerAccount || addressFailures >= Self.maxFailuresPerAddress {
                return .failure(.throttled(minutes: Self.throttleWindowMinutes))
            }
            let row = try await db.select().column("*").from("accounts").where("username", .equal, username).first()
            let hash = try row?.decode(column: "password_hash", as: String.self)
            guard let row, let hash, hasher.verify(password, hash) else {
                let now = Clock.nowText()
                try await db.insert(into: "login_failures").columns("subject", "at").values(SQLBind(userKey), SQLBind(now)).run()
                try await db.insert(into: "login_failures").columns("subject", "at").values(SQLBind(addressKey), SQLBind(now)).run()
                return .failure(.wrongCredentials)
            }
            let account = try Self.decode(row)
            guard account.active else { return .failure(.disabled) }
            try await db.delete(from: "login_failures").where("subject", .equal, userKey).run()
            guard let principal = try await principal(db, accountId: account.id) else { return .failure(.disabled) }
            return .success(principal)
        }
    }

    /// Changes one's own password after checking the current one; other sessions of the account end.
    public func changePassword(_ principal: Principal, current: String, new: String, keepSession: String?) async throws {
        try await database.transaction { db in
            guard let row = try await db.select().column("password_hash").from("accounts").where("id", .equal, principal.accountId).first(),
                  hasher.verify(current, try row.decode(column: "password_hash", as: String.self))
            else { throw StoreError.invalid(ValidationFailure([FieldError("current", "当前密码不正确")])) }
            if let e = PasswordPolicy.check(new, username: principal.username) { throw StoreError.invalid(ValidationFailure([FieldError("new", e.message)])) }
            if new == current { throw StoreError.invalid(ValidationFailure([FieldError("new", "新密码不能与当前密码相同")])) }
            try await db.update("accounts").set("password_hash", to: hasher.hash(new)).set("password_changed_at", to: Clock.nowText())
                .set(SQLIdentifier("version"), to: SQLRaw("version + 1")).where("id", .equal, principal.accountId).run()
            var delete = db.delete(from: "sessions").where("account_id", .equal, principal.accountId)
            if let keepSession { delete = delete.where("token_hash", .notEqual, SecretToken.digest(keepSession)) }
            try await delete.run()
            try await AuditLog.append(db, actor: AuditActor(principal), action: "change_password", entity: "account",
                                      entityId: principal.accountId, summary: "修改密码：\(principal.username)")
        }
    }

    static func decode(_ row: any SQLRow) throws -> Account {
        Account(
            id: try row.decode(column: "id", as: Int64.self), version: try row.decode(column: "version", as: Int.self),
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .enterpriseUser,
            organisationId: try row.decode(column: "organisation_id", as: Int64.self),
            districtCode: try row.decode(column: "district_code", as: String?.self),
            agencyId: try row.decode(column: "agency_id", as: Int64?.self),
            enterpriseId: try row.decode(column: "enterprise_id", as: Int64?.self),
            expertId: try row.decode(column: "expert_id", as: Int64?.self),
            active: try row.decode(column: "active", as: Bool.self))
    }
}
