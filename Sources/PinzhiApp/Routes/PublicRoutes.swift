import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The public side of spot checks (SPEC SC-4, SC-8), no sign-in: published results as their snapshots, and a
/// draw's record without confidential fields (no candidate names), enough to know what was drawn how.
struct PublicRoutes: Sendable {
    let services: AppServices

    struct ResultRow {
        var number: String
        var product: String
        var enterprise: String
        var uscc: String
        var lot: String
        var agency: String
        var verdict: String
        var failed: Bool
        var failedItems: String
        var publishedOn: String
    }

    struct ResultsPage {
        var chrome: PageChrome
        var failuresOnly: Bool
        var rows: [ResultRow]
        var total: Int
        var previousURL: String?
        var nextURL: String?
    }

    struct DrawPage {
        var chrome: PageChrome
        var id: Int64
        var summary: String
        var algorithm: String
        var seed: String
        var hash: String
        var candidates: Int
        var excluded: Int
        var selected: Int
        var superseded: Bool
        var reason: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/public/results") { request, context in try await results(request, context) }
        router.get("/public/draws/:id") { _, context in try await draw(context) }
    }

    func results(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        let failuresOnly = q.get("failed") == "1"
        let page = max(q.get("page").flatMap { Int($0) } ?? 1, 1)
        let size = 50
        let list = try await PublicationStore(services.database).list(failuresOnly: failuresOnly, limit: size, offset: (page - 1) * size)
        let base = "/public/results?" + (failuresOnly ? "failed=1&" : "")
        let model = ResultsPage(
            chrome: PageChrome(title: "监督抽查结果公告", context: context), failuresOnly: failuresOnly,
            rows: list.rows.filter(\.intact).map { p in
                let s = p.snapshot
                return ResultRow(number: s.batchNumber, product: s.product, enterprise: s.enterprise, uscc: s.uscc, lot: s.lotNumber ?? "",
                                 agency: s.agency, verdict: s.verdict, failed: s.verdict.hasPrefix("不合格"), failedItems: s.failedItems ?? "",
                                 publishedOn: s.publishedOn)
            },
            total: list.total, previousURL: page > 1 ? "\(base)page=\(page - 1)" : nil,
            nextURL: page * size < list.total ? "\(base)page=\(page + 1)" : nil)
        return try services.views.page(model, "public-results")
    }

    func draw(_ context: AppRequestContext) async throws -> Response {
        guard let record = try await DrawRepository(services.database).find(try context.id()), record.purpose == "enterprises",
              let inputs = try? JSONDecoder().decode(DrawInputs.self, from: Data(record.candidatesJSON.utf8)),
              let outcome = try? JSONDecoder().decode(TaskDraw.Outcome.self, from: Data(record.resultJSON.utf8)) else { throw WebError.notFound }
        let product = try await ProductChoices.all(services.database).first { $0.id == inputs.request.productId }?.label ?? ""
        let r = inputs.request
        let model = DrawPage(chrome: PageChrome(title: "双随机抽取记录", context: context), id: record.id,
                             summary: "\(product)，\(r.level.label)\(r.mode.label)，\(r.day)抽取\(r.count)家，规则第\(r.rulesVersion)版",
                             algorithm: record.algorithm, seed: String(record.seed), hash: record.candidateHash, candidates: inputs.candidates.count,
                             excluded: outcome.enterprises.excluded.count, selected: outcome.enterprises.selected.count,
                             superseded: record.supersededBy != nil, reason: record.reason)
        return try services.views.page(model, "public-draw")
    }
}
