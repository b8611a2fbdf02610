import Hummingbird
import PinzhiDomain
import PinzhiStore

/// What every list of case-like records shares: the query (filters, search, page) read from the URL and written
/// back into paging and export links, the list page itself, the years to filter by, and a record page's chrome
/// with the step just taken. Each area's routes hold one (`lists`) and supply only its filter keys, columns and rows.
struct RecordLists: Sendable {
    let services: AppServices
    static let pageSize = 20
    /// Matches counted at most by the lists of the largest kinds (risk items, leads, cases, problem items): past it the
    /// page says "more than" instead of counting a city's hundreds of thousands on every visit (issue 21); the API
    /// and the exports count all.
    static let countLimit = 10_000

    struct Query {
        var q: String
        var page: Int
        var params: [String: String]

        init(_ request: Request, keys: [String]) {
            let query = request.uri.queryParameters
            q = query.get("q") ?? ""
            page = max(1, query.get("page").flatMap { Int($0) } ?? 1)
            params = Dictionary(uniqueKeysWithValues: keys.compactMap { key in query.get(key).flatMap { $0.isEmpty ? nil : (key, $0) } })
        }

        func url(_ base: String, page: Int? = nil) -> String {
            var items = params.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            if !q.isEmpty { items.append(("q", q)) }
            if let page { items.append(("page", String(page))) }
            return items.isEmpty ? base : base + "?" + items.map { "\($0.0)=\(ListRequest.encode($0.1))" }.joined(separator: "&")
        }

        func options(_ key: String, _ pairs: [(String, String)]) -> [ListPage.Option] {
            [.init(value: "", label: "全部", selected: params[key] == nil)] + pairs.map { .init(value: $0.0, label: $0.1, selected: params[key] == $0.0) }
        }
    }

    func listPage(_ context: AppRequestContext, heading: String, base: String, query: Query, filters: [ListPage.Filter], columns: [String],
                  rows: [RecordListPage.Row], total: Int, newURL: String?, links: [WorkflowRecordPage.Link] = [],
                  searchHint: String = "企业名称、内容检索", summary: [WorkflowRecordPage.Field] = []) throws -> Response {
        let more = total > Self.countLimit
        let pages = more ? query.page + (rows.count == Self.pageSize ? 1 : 0) : max(1, (total + Self.pageSize - 1) / Self.pageSize)
        var model = RecordListPage(chrome: PageChrome(title: heading, context: context, active: base), heading: heading, basePath: base, search: query.q,
                                   filters: filters, columns: columns, rows: rows,
                                   count: more ? "超过 \(Self.countLimit) 条，第 \(query.page) 页" : "共 \(total) 条，第 \(query.page)/\(pages) 页",
                                   pageNumber: query.page, pageCount: pages,
                                   previousURL: query.page > 1 ? query.url(base, page: query.page - 1) : nil,
                                   nextURL: query.page < pages ? query.url(base, page: query.page + 1) : nil,
                                   exportURL: query.url(base + "/export"), newURL: newURL, links: links)
        model.searchHint = searchHint
        model.summary = summary
        return try services.views.page(model, "record-list")
    }

    func years() async throws -> [(String, String)] {
        try await services.pickerYears(through: services.today().year).map { (String($0), "\($0)年") }
    }

    /// The page's chrome with the step just taken or refused (only a step's name travels in the URL).
    func chrome<A: RawRepresentable<String>>(_ request: Request, _ context: AppRequestContext, _ title: String, _ active: String, _ actions: A.Type) -> PageChrome {
        let q = request.uri.queryParameters
        return PageChrome(title: title, context: context, active: active, flash: Flash.message(q.get("msg")),
                          flashError: q.get("unavailable").flatMap(A.init(rawValue:)).map { _ in "该步骤当前不可办理" })
    }
}
