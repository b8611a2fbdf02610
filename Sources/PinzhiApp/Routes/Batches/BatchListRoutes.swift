import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The batch list 抽查批次 (SPEC SC item 12): every filter the issue names, paging, and CSV/XLSX export of the same
/// selection.
struct BatchListRoutes: Sendable {
    let services: AppServices

    struct BatchListPage {
        var chrome: PageChrome
        var search: String
        var filters: [ListPage.Filter]
        var rows: [BatchRow]
        var showNext: Bool
        /// "共 N 批次，第 p/n 页", or past the counting limit "超过 N 批次，第 p 页".
        var summary: String
        var previousURL: String?
        var nextURL: String?
        var exportCSV: String
        var exportXLSX: String
    }

    static let pageSize = 50
    /// Matches counted at most: beyond it the page says "more than" (issue 21: a city's batches number millions).
    static let countLimit = 10_000

    func register(on router: Router<AppRequestContext>) {
        router.get("/batches") { request, context in try await list(request, context) }
        router.get("/batches/export") { request, context in try await export(request, context) }
    }

    static func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard BatchPolicy.visibility(p) != .none else { throw WebError.forbidden }
        return p
    }

    func filter(_ request: Request) -> BatchFilter {
        let q = request.uri.queryParameters
        var f = BatchFilter()
        if let s = q.get("state"), let state = BatchState(rawValue: s) { f.states = [state] }
        if q.get("state") == "open" { f.states = BatchState.unfinished }
        f.mode = q.get("mode").flatMap(CheckMode.init(rawValue:))
        f.stage = q.get("stage").flatMap(SamplingStage.init(codeOrLabel:))
        f.verdict = q.get("verdict").flatMap(ItemVerdict.init(rawValue:))
        f.productId = q.get("product").flatMap { Int64($0) }
        f.district = q.get("district").flatMap { $0.isEmpty ? nil : $0 }
        f.agencyId = q.get("agency").flatMap { Int64($0) }
        f.year = q.get("year").flatMap { Int($0) }
        f.taskId = q.get("task").flatMap { Int64($0) }
        f.planLevel = q.get("planLevel").flatMap { $0.isEmpty ? nil : $0 }
        f.search = q.get("q")
        let page = max(q.get("page").flatMap { Int($0) } ?? 1, 1)
        f.limit = Self.pageSize
        f.offset = (page - 1) * Self.pageSize
        f.countLimit = Self.countLimit
        return f
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let f = filter(request)
        let result = try await BatchRepository(services.database).list(f, as: p)
        let rules = try await RuleRepository(services.database).effective(on: services.today())
        let calendar = try await CalendarRepository(services.database).calendar()
        let today = services.today()
        let q = request.uri.queryParameters
        func options(_ key: String, _ pairs: [(String, String)]) -> [ListPage.Option] {
            [.init(value: "", label: "全部", selected: (q.get(key) ?? "").isEmpty)]
                + pairs.map { .init(value: $0.0, label: $0.1, selected: q.get(key) == $0.0) }
        }
        let products = try await services.repository(Product.self).choices(as: p)
        let agencies = AccessPolicy.access(p.role, .agency, .read) == .all
            ? try await services.repository(Agency.self).choices(as: p) : []
        var filters = [
            ListPage.Filter(key: "state", label: "状态", options: options("state", [("open", "未办结")] + BatchState.allCases.map { ($0.rawValue, $0.label) })),
            ListPage.Filter(key: "verdict", label: "结论", options: options("verdict", [("pass", "合格"), ("fail", "不合格")])),
            ListPage.Filter(key: "stage", label: "环节", options: options("stage", SamplingStage.allCases.map { ($0.rawValue, $0.label) })),
            ListPage.Filter(key: "mode", label: "方式", options: options("mode", CheckMode.allCases.map { ($0.rawValue, $0.label) })),
            ListPage.Filter(key: "product", label: "产品", options: options("product", products.map { (String($0.id), $0.name) })),
            ListPage.Filter(key: "district", label: "所在区", options: options("district", District.all.map { ($0.code, $0.name) })),
            ListPage.Filter(key: "year", label: "年度", options: options("year", try await services.pickerYears(through: today.year + 1).map { (String($0), "\($0)年") })),
        ]
        if !agencies.isEmpty { filters.append(ListPage.Filter(key: "agency", label: "承检机构", options: options("agency", agencies.map { (String($0.id), $0.name) }))) }
        let page = f.offset / Self.pageSize + 1
        let more = result.total > Self.countLimit
        let pages = more ? Int.max : max((result.total + Self.pageSize - 1) / Self.pageSize, 1)
        let summary = more ? "超过 \(Self.countLimit) 批次，第 \(page) 页" : "共 \(result.total) 批次，第 \(page)/\(pages) 页"
        func url(page: Int) -> String {
            var items = ["state", "verdict", "stage", "mode", "product", "district", "agency", "year", "task", "q"].compactMap { key in
                q.get(key).flatMap { $0.isEmpty ? nil : "\(key)=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            }
            items.append("page=\(page)")
            return "/batches?" + items.joined(separator: "&")
        }
        let query = request.uri.query ?? ""
        let model = BatchListPage(
            chrome: PageChrome(title: "抽查批次", context: context, active: "/batches"), search: q.get("q") ?? "", filters: filters,
            rows: result.rows.map { BatchRow($0, deadline: BatchWorkflow.deadlineState($0, rules: rules, calendar: calendar), today: today,
                                             next: BatchWorkflow.available(p, $0, today: today)) },
            showNext: true, summary: summary,
            previousURL: page > 1 ? url(page: page - 1) : nil,
            nextURL: page < pages && result.rows.count == Self.pageSize ? url(page: page + 1) : nil,
            exportCSV: "/batches/export?format=csv&\(query)", exportXLSX: "/batches/export?format=xlsx&\(query)")
        return try services.views.page(model, "batches")
    }

    /// Every batch of the list's filters: CSV streams them all, XLSX up to `BatchExport.xlsxRowLimit`.
    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let repository = BatchRepository(services.database)
        if request.uri.queryParameters.get("format") == "xlsx" {
            return ExportResponse.make(data: try await BatchExport.xlsx(repository, filter(request), as: p), name: "抽查批次", format: "xlsx")
        }
        return ExportResponse.csv(try await BatchExport.csv(repository, filter(request), as: p), name: "抽查批次")
    }
}
