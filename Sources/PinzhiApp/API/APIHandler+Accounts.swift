import Foundation
import PinzhiDomain
import PinzhiStore

/// Accounts, for the city administrator only (as /accounts), and the caller's own API tokens, as on /tokens: listed without their secret, created (the secret shown once), revoked.
extension APIHandler {
    func listTokens(_ input: Operations.ListTokens.Input) async throws -> Operations.ListTokens.Output {
        let p = try bridge.principal()
        return .ok(.init(body: .json(try await services.tokens.list(accountId: p.accountId).map {
            .init(id: $0.id, name: $0.name, createdAt: $0.createdAt, revokedAt: $0.revokedAt, lastUsedAt: $0.lastUsedAt)
        })))
    }

    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let p = try bridge.principal()
        let token = try await services.tokens.create(accountId: p.accountId, name: body.name, actor: AuditActor(p))
        return .created(.init(body: .json(.init(name: body.name.trimmingCharacters(in: .whitespaces), token: token))))
    }

    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        let p = try bridge.principal()
        try await services.tokens.revoke(id: input.path.id, accountId: p.accountId, actor: AuditActor(p))
        return .noContent(.init())
    }

    func listAccounts(_ input: Operations.ListAccounts.Input) async throws -> Operations.ListAccounts.Output {
        try administrator()
        let limit = try APIBridge.limit(input.query.limit), offset = try APIBridge.offset(input.query.cursor)
        let page = try await services.accounts.list(limit: limit, offset: offset, search: input.query.q)
        let next = offset + page.items.count < page.total ? Cursor.encode(offset: offset + page.items.count) : nil
        return .ok(.init(body: .json(.init(items: page.items.map(Self.account), total: page.total, nextCursor: next))))
    }

    func createAccount(_ input: Operations.CreateAccount.Input) async throws -> Operations.CreateAccount.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let admin = try administrator()
        guard let role = Role(rawValue: body.role.rawValue) else { throw WebError.badRequest("请选择角色") }
        let bindings: [String: String?] = ["districtCode": body.districtCode, "agencyId": body.agencyId.map(String.init),
                                           "enterpriseUscc": body.enterpriseUscc, "expertCode": body.expertCode]
        let account = try await AccountBinding(services: services).bind(
            Account(username: body.username.trimmingCharacters(in: .whitespaces), displayName: body.displayName.trimmingCharacters(in: .whitespaces),
                    role: role, organisationId: 0), form: bindings.compactMapValues { $0 }, admin: admin)
        let saved = try await services.accounts.create(account, password: body.password, actor: AuditActor(admin), by: admin)
        return .created(.init(body: .json(Self.account(saved))))
    }

    func getAccount(_ input: Operations.GetAccount.Input) async throws -> Operations.GetAccount.Output {
        try administrator()
        guard let account = try await services.accounts.find(input.path.id) else { throw WebError.notFound }
        return .ok(.init(body: .json(Self.account(account))))
    }

    func deactivateAccount(_ input: Operations.DeactivateAccount.Input) async throws -> Operations.DeactivateAccount.Output {
        .ok(.init(body: .json(Self.account(try await services.accounts.setActive(input.path.id, false, by: try administrator())))))
    }

    func reactivateAccount(_ input: Operations.ReactivateAccount.Input) async throws -> Operations.ReactivateAccount.Output {
        .ok(.init(body: .json(Self.account(try await services.accounts.setActive(input.path.id, true, by: try administrator())))))
    }

    @discardableResult
    func administrator() throws -> Principal {
        let p = try bridge.principal()
        guard AccessPolicy.canAdminister(p.role) else { throw WebError.forbidden }
        return p
    }

    static func account(_ a: Account) -> Components.Schemas.Account {
        .init(id: a.id, version: a.version, username: a.username, displayName: a.displayName, role: .init(rawValue: a.role.rawValue) ?? .enterpriseUser,
              roleLabel: a.role.label, organisationId: a.organisationId, districtCode: a.districtCode, agencyId: a.agencyId,
              enterpriseId: a.enterpriseId, expertId: a.expertId, active: a.active)
    }
}
