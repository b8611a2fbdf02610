import Foundation
import PinzhiDomain
import PinzhiStore

/// The caller's own API tokens, as on /tokens: listed without their secret, created (the secret shown once), revoked.
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
}
