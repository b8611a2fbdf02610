import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The full audit log for the administrator (SPEC ORG-4), with a chain check on demand.
struct AuditRoutes: Sendable {
    let services: AppServices

    struct AuditPage {
        struct Row {
            var seq: Int64
            var at: String
            var actor: String
            var role: String
            var action: String
            var entity: String
            var summary: String
            var hash: String
        }
        var chrome: PageChrome
        var entity: String
        var actor: String
        var rows: [Row]
        var total: Int
        var previousURL: String?
        var nextURL: String?
        var verification: String?
        var verificationOK: Bool
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/audit") { request, context in try await page(request, context, verification: nil) }
        router.post("/audit/verify") { request, context in
            _ = try context.requireAdmin()
            let outcome = try await AuditVerifier(services.database).verify()
            return try await page(request, context, verification: outcome)
        }
        router.get("/audit/export.csv") { request, context in try await export(request, context) }
    }

    /// The filtered log as CSV, hashes included, so it can be archived and checked elsewhere.
    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let q = request.uri.queryParameters
        return ExportResponse.csv(try await AuditExport.csv(services.audit, entity: q.get("entity") ?? "", actor: q.get("actor") ?? ""), name: "审计日志")
    }

    func page(_ request: Request, _ context: AppRequestContext, verification: AuditVerifier.Outcome?) async throws -> Response {
        _ = try context.requireAdmin()
        let params = request.uri.queryParameters
        let entity = params.get("entity") ?? ""
        let actor = params.get("actor") ?? ""
        let pageNumber = max(1, params.get("page").flatMap { Int($0) } ?? 1)
        let result = try await services.audit.page(entity: entity, actor: actor, limit: 50, offset: (pageNumber - 1) * 50, changes: false)
        let base = "/audit?entity=\(ListRequest.encode(entity))&actor=\(ListRequest.encode(actor))"
        var text: String?
        var ok = false
        switch verification {
        case .intact(let rows)?: text = "审计链完整：共\(rows)行，逐行哈希校验通过"; ok = true
        case .broken(let seq, let reason)?: text = "审计链断裂：自第\(seq)行起不可信。\(reason)"
        case nil: break
        }
        let model = AuditPage(
            chrome: PageChrome(title: "审计日志", context: context, active: "/audit"), entity: entity, actor: actor,
            rows: result.items.map {
                .init(seq: $0.seq, at: DisplayTime.text($0.at), actor: $0.actorName, role: Role(rawValue: $0.actorRole)?.label ?? $0.actorRole,
                      action: $0.action, entity: RecordKind(rawValue: $0.entity)?.label ?? $0.entity, summary: $0.summary,
                      hash: String($0.hash.prefix(12)))
            },
            total: result.total, previousURL: pageNumber > 1 ? "\(base)&page=\(pageNumber - 1)" : nil,
            nextURL: result.hasNext ? "\(base)&page=\(pageNumber + 1)" : nil, verification: text, verificationOK: ok)
        return try services.views.page(model, "audit")
    }
}
