import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The public side of spot checks (SPEC SC-4, SC-8), no sign-in: published results as their snapshots, and a
/// draw's record without confidential fields (no candidate names), enough to know what was drawn how.
struct PublicRoutes: Sendable {
    let services: AppServices
    /// Notices are immutable snapshots: their pages are rendered once for anonymous visitors.
    let notices = PublicPageCache()

    struct ResultRow {
        var url: String
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
        var search: String
        var filters: [ListPage.Filter]
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
        var commitmentURL: String?
        var publicValue: String?
        var publicSource: String?
        var witnessSecret: String?
        var resultText: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/public/results") { request, context in try await results(request, context) }
        router.get("/public/draws/:id") { _, context in try await draw(context) }
        router.get("/public/results/:id") { _, context in try await notice(context) }
        router.get("/public/stats") { request, context in try await stats(request, context) }
    }

    struct StatRow {
        var label: String
        var tested: String
        var failed: String
        var rate: String
        var interval: String
    }

    struct StatTable {
        var title: String
        var rows: [StatRow]
    }

    struct StatsPage {
        var chrome: PageChrome
        var years: [ListPage.Option]
        var minimum: Int
        var tables: [StatTable]
    }

    func stats(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let year = request.uri.queryParameters.get("year").flatMap { Int($0) } ?? services.today().year
        var tables: [StatTable] = []
        var minimum = 0
        for (dimension, title) in [(PublishedRates.Dimension.product, "按产品"), (.district, "按企业所在区")] {
            let table = try await PublicStatsTable.load(dimension, year: year, services)
            minimum = table.minimum
            tables.append(StatTable(title: "\(title)（\(year)年公布）", rows: table.cells.map { cell in
                guard let c = cell.figures else { return StatRow(label: cell.label, tested: "少于\(table.minimum)", failed: "—", rate: "—", interval: "—") }
                return StatRow(label: c.label, tested: String(c.tested), failed: String(c.failed), rate: SVG.percent(c.rate),
                               interval: c.interval.map { "\(SVG.percent($0.low))–\(SVG.percent($0.high))" } ?? "—")
            }))
        }
        let model = StatsPage(chrome: PageChrome(title: "抽查结果统计", context: context),
                              years: try await services.pickerYears(through: services.today().year).map { .init(value: String($0), label: "\($0)年", selected: $0 == year) },
                              minimum: minimum, tables: tables)
        return try services.views.page(model, "public-stats")
    }

    struct NoticePage {
        var chrome: PageChrome
        var row: ResultRow
        var hash: String
        var drawURL: String?
    }

    static func row(_ p: PublicationStore.Publication) -> ResultRow {
        let s = p.snapshot
        return ResultRow(url: "/public/results/\(p.id)", number: s.batchNumber, product: s.product, enterprise: s.enterprise, uscc: s.uscc,
                         lot: s.lotNumber ?? "", agency: s.agency, verdict: s.verdict, failed: s.verdict.hasPrefix("不合格"),
                         failedItems: s.failedItems ?? "", publishedOn: s.publishedOn)
    }

    /// One result notice as published; a snapshot whose hash no longer matches is not shown.
    func notice(_ context: AppRequestContext) async throws -> Response {
        let id = try context.id()
        let anonymous = context.principal == nil
        if anonymous, let html = notices.page(String(id)) { return Self.immutable(html) }
        guard let publication = try await PublicationStore(services.database).find(id), publication.intact else { throw WebError.notFound }
        let drawId = try await PublicationStore(services.database).drawId(batchId: publication.batchId)
        let model = NoticePage(chrome: PageChrome(title: "抽查结果公告", context: context), row: Self.row(publication), hash: publication.hash,
                               drawURL: drawId.map { "/public/draws/\($0)" })
        let html = try services.views.render(model, "public-notice")
        guard anonymous else { return HTMLResponse(html).response }
        notices.keep(String(id), html)
        return Self.immutable(html)
    }

    /// A page that will never change may be kept by browsers and proxies for a while.
    static func immutable(_ html: String) -> Response {
        var response = HTMLResponse(html).response
        response.headers[.cacheControl] = "public, max-age=3600"
        return response
    }

    func results(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        var search = PublicationStore.Search()
        search.failedOnly = q.get("verdict").flatMap { $0 == "fail" ? true : $0 == "pass" ? false : nil }
        search.productId = q.get("product").flatMap { Int64($0) }
        search.district = q.get("district").flatMap { $0.isEmpty ? nil : $0 }
        search.year = q.get("year").flatMap { Int($0) }
        search.text = q.get("q")
        let page = max(q.get("page").flatMap { Int($0) } ?? 1, 1)
        search.offset = (page - 1) * search.limit
        let list = try await PublicationStore(services.database, totals: services.publicationTotals).list(search)
        func options(_ key: String, _ pairs: [(String, String)]) -> [ListPage.Option] {
            [.init(value: "", label: "全部", selected: (q.get(key) ?? "").isEmpty)] + pairs.map { .init(value: $0.0, label: $0.1, selected: q.get(key) == $0.0) }
        }
        let keys = ["verdict", "product", "district", "year", "q"]
        let base = "/public/results?" + keys.compactMap { key in
            q.get(key).flatMap { $0.isEmpty ? nil : "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&" }
        }.joined()
        let model = ResultsPage(
            chrome: PageChrome(title: "监督抽查结果公告", context: context), search: q.get("q") ?? "",
            filters: [
                .init(key: "verdict", label: "结论", options: options("verdict", [("fail", "不合格"), ("pass", "合格")])),
                .init(key: "product", label: "产品", options: options("product", try await ProductChoices.all(services.database).map { (String($0.id), $0.label) })),
                .init(key: "district", label: "所在区", options: options("district", District.all.map { ($0.code, $0.name) })),
                .init(key: "year", label: "公布年度", options: options("year", try await services.pickerYears(through: services.today().year).map { (String($0), "\($0)年") })),
            ],
            rows: list.rows.filter(\.intact).map(Self.row), total: list.total,
            previousURL: page > 1 ? "\(base)page=\(page - 1)" : nil,
            nextURL: page * search.limit < list.total ? "\(base)page=\(page + 1)" : nil)
        return try services.views.page(model, "public-results")
    }

    func draw(_ context: AppRequestContext) async throws -> Response {
        guard let d = try await PublicDrawSummary.load(try context.id(), services.database) else { throw WebError.notFound }
        let model = DrawPage(chrome: PageChrome(title: "双随机抽取记录", context: context), id: d.id, summary: d.summary, algorithm: d.algorithm,
                             seed: d.seed, hash: d.candidateHash, candidates: d.candidates, excluded: d.excluded, selected: d.selected,
                             superseded: d.superseded, reason: d.reason, commitmentURL: d.commitmentId.map { "/public/draw-commitments/\($0)" },
                             publicValue: d.publicValue.flatMap { $0.isEmpty ? nil : $0 }, publicSource: d.publicSource,
                             witnessSecret: d.witnessSecret.flatMap { $0.isEmpty ? nil : $0 }, resultText: d.resultText)
        return try services.views.page(model, "public-draw")
    }
}
