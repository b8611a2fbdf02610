import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Each person's own API bearer tokens: create (shown once), list, revoke.
struct TokenRoutes: Sendable {
    let services: AppServices

    struct TokenPage {
        struct Row {
            var id: Int64
            var name: String
            var createdAt: String
            var revoked: Bool
            var revokedAt: String
        }
        var chrome: PageChrome
        var rows: [Row]
        var created: String?
        var error: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/tokens") { request, context in try await page(context, created: nil, error: nil, flash: request.uri.queryParameters.get("msg")) }
        router.post("/tokens") { _, context in try await create(context) }
        router.post("/tokens/:id/revoke") { _, context in try await revoke(context) }
    }

    func page(_ context: AppRequestContext, created: String?, error: String?, flash: String? = nil) async throws -> Response {
        let principal = try context.requirePrincipal()
        let rows = try await services.tokens.list(accountId: principal.accountId).map {
            TokenPage.Row(id: $0.id, name: $0.name, createdAt: DisplayTime.text($0.createdAt),
                          revoked: $0.revokedAt != nil, revokedAt: $0.revokedAt.map(DisplayTime.text) ?? "")
        }
        let model = TokenPage(chrome: PageChrome(title: "API令牌", context: context, active: "/tokens", flash: Flash.message(flash)),
                              rows: rows, created: created, error: error)
        return try services.views.page(model, "tokens", status: error == nil ? .ok : .badRequest)
    }

    func create(_ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        do {
            let token = try await services.tokens.create(accountId: principal.accountId, name: context.form["name"] ?? "", actor: AuditActor(principal))
            return try await page(context, created: token, error: nil)
        } catch let error as StoreError where error.isUserFixable {
            return try await page(context, created: nil, error: error.fieldErrors.map(\.message).joined(separator: "；"))
        }
    }

    func revoke(_ context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try await services.tokens.revoke(id: try context.id(), accountId: principal.accountId, actor: AuditActor(principal))
        return redirect("/tokens?msg=token-revoked")
    }
}
