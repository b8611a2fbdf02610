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
        let entity = request.uri.queryParameters.get("entity") ?? ""
        let actor = request.uri.queryParameters.get("actor") ?? ""
        var rows = [["序号", "时间（UTC）", "操作人", "角色", "单位", "操作", "对象", "对象编号", "内容", "前序哈希", "哈希"]]
        var offset = 0
        while true {
            let page = try await services.audit.page(entity: entity, actor: actor, limit: 2000, offset: offset, changes: false)
            rows += page.items.map {
                [String($0.seq), $0.at, $0.actorName, $0.actorRole, $0.actorOrganisation, $0.action, $0.entity,
                 $0.entityId.map(String.init) ?? "", $0.summary, $0.prevHash, $0.hash]
            }
            offset += page.items.count
            if !page.hasNext || page.items.isEmpty { break }
        }
        return try ExportResponse.make(rows: rows, name: "审计日志", format: "csv")
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
