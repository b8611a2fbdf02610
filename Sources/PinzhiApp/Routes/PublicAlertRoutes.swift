import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The portal's 消费提示 (SPEC RK-5): the published consumer alerts with search and paging, and each one's page.
/// Everything read here comes from RiskAlertRepository's public queries, which return nothing but published 消费提示.
struct PublicAlertRoutes: Sendable {
    let services: AppServices
    static let pageSize = 20

    func register(on router: Router<AppRequestContext>) {
        router.get("/public/alerts") { request, context in try await alerts(request, context) }
        router.get("/public/alerts/:id") { _, context in try await alert(context) }
    }

    struct Row {
        var url: String
        var number: String
        var title: String
        var product: String
        var hasProduct: Bool
        var publishedOn: String
        var excerpt: String

        init(_ a: RiskAlert) {
            url = "/public/alerts/\(a.id)"
            number = a.number
            title = a.title
            product = a.productName ?? ""
            hasProduct = a.productName != nil
            publishedOn = a.publishedOn?.description ?? ""
            excerpt = a.content.count > 80 ? String(a.content.prefix(80)) + "……" : a.content
        }
    }

    struct AlertsPage {
        var chrome: PageChrome
        var search: String
        var rows: [Row]
        var total: Int
        var previousURL: String?
        var nextURL: String?
    }

    struct AlertPage {
        var chrome: PageChrome
        var row: Row
        var issuer: String
        var content: String
        var advice: String
    }

    func alerts(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        let search = q.get("q") ?? ""
        let page = max(q.get("page").flatMap { Int($0) } ?? 1, 1)
        let list = try await RiskAlertRepository(services.database).publicPage(search: search, year: nil, limit: Self.pageSize,
                                                                               offset: (page - 1) * Self.pageSize)
        let base = "/public/alerts?" + (search.isEmpty ? "" : "q=\(search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&")
        let model = AlertsPage(chrome: PageChrome(title: "消费提示", context: context), search: search, rows: list.items.map(Row.init), total: list.total,
                             previousURL: page > 1 ? "\(base)page=\(page - 1)" : nil,
                             nextURL: page * Self.pageSize < list.total ? "\(base)page=\(page + 1)" : nil)
        return try services.views.page(model, "public-alerts")
    }

    func alert(_ context: AppRequestContext) async throws -> Response {
        guard let a = try await RiskAlertRepository(services.database).publicFind(try context.id()) else { throw WebError.notFound }
        let model = AlertPage(chrome: PageChrome(title: a.title, context: context), row: Row(a), issuer: AlertDocument.issuer(a), content: a.content,
                              advice: a.advice)
        return try services.views.page(model, "public-alert")
    }
}
