import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The statistics dashboard (SPEC SC-10): non-conformance rates by month, product, district, stage, mode and agency,
/// each as a server-rendered SVG chart beside a table of the same numbers with numerator, denominator, 95 % interval,
/// last year and the change; every count drills down to its batches; every table downloads as CSV or XLSX; and the
/// post-handling funnel with overdue items.
struct StatsRoutes: Sendable {
    let services: AppServices

    struct Row {
        var label: String
        var tested: Int
        var failed: Int
        var rate: String
        var interval: String
        var previous: String
        var change: String
        var worse: Bool
        var testedURL: String
        var failedURL: String
    }

    struct Section {
        var id: String
        var title: String
        var svg: String
        var rows: [Row]
        var csv: String
        var xlsx: String
    }

    struct FunnelRow {
        var stage: String
        var reached: Int
        var waiting: Int
        var overdue: Int
        /// Mustache treats every number as true; the flag says whether the count is worth highlighting.
        var late: Bool
        var url: String
    }

    struct AssessmentRow {
        var district: String
        var failed: Int
        var closed: Int
        var closedShare: String
        var overdue: Int
        var late: Bool
        var refusals: Int
        var cases: Int
        var caseRate: String
        var url: String
        var casesURL: String
    }

    struct PassRow {
        var label: String
        var tested: Int
        var passed: Int
        var rate: String
        var interval: String
        var previous: String
        var url: String
    }

    struct CompletionRow {
        var label: String
        var planned: Int
        var drawn: Int
        var completed: Int
        var completion: String
        var url: String
    }

    /// A month of the monthly form's enforcement columns (EnforcementFigures); amounts in yuan as text.
    struct EnforcementRow {
        var label: String
        var cases: Int
        var penaltyTotal: String
        var caseValue: String
        var finedCases: Int
        var judicialReferrals: Int
        var disciplineLinks: Int
        var interviewedEnterprises: Int
        var isTotal: Bool
    }

    /// The raw rate of the checked batches beside the design-weighted estimate of the market's (RK-7).
    struct MarketRow {
        var raw: String
        var rawCount: String
        var estimate: String
        var interval: String
        var weighted: Int
        var unweighted: Int
        var hasUnweighted: Bool
        var hasEstimate: Bool

        init(_ r: MarketRateEstimate.Result) {
            raw = SVG.percent(r.rawRate)
            rawCount = "\(r.failed)/\(r.tested)"
            estimate = SVG.percent(r.estimate?.estimate)
            interval = r.estimate.map { "\(SVG.percent($0.low))–\(SVG.percent($0.high))" } ?? "—"
            weighted = r.weighted
            unweighted = r.unweighted
            hasUnweighted = r.unweighted > 0
            hasEstimate = r.estimate != nil
        }
    }

    struct StatsPage {
        var chrome: PageChrome
        var market: MarketRow
        var years: [ListPage.Option]
        var year: Int
        var scope: String
        var total: Row
        var cityTotal: Row?
        var monthlySVG: String
        var monthly: [Row]
        var sections: [Section]
        var funnelSVG: String
        var funnel: [FunnelRow]
        var assessment: [AssessmentRow]
        var evaluationSVG: String
        var evaluation: [PassRow]
        var completion: [CompletionRow]
        var enforcement: [EnforcementRow]
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/stats") { request, context in try await page(request, context) }
        router.get("/stats/export") { request, context in try await export(request, context) }
    }

    func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard StatsPolicy.seesStatistics(p.role) else { throw WebError.forbidden }
        return p
    }

    func year(_ request: Request) -> Int {
        request.uri.queryParameters.get("year").flatMap { Int($0) } ?? services.today().year
    }

    static func row(_ c: RateCell, drill: String) -> Row {
        let interval = c.interval.map { "\(SVG.percent($0.low))–\(SVG.percent($0.high))" } ?? "—"
        let change = c.change.map { ($0 >= 0 ? "+" : "") + String(format: "%.1f", $0) + "个百分点" } ?? "—"
        return Row(label: c.label, tested: c.tested, failed: c.failed, rate: SVG.percent(c.rate), interval: interval,
                   previous: c.previousTested == 0 ? "—" : "\(SVG.percent(c.previousRate))（\(c.previousFailed)/\(c.previousTested)）",
                   change: change, worse: (c.change ?? 0) > 0, testedURL: drill, failedURL: drill + "&verdict=fail")
    }

    /// A row of the evaluation table, pass rate and its interval from the complement of the failures; `url` holds
    /// the district code until the caller makes it a link.
    static func passRow(_ c: RateCell) -> PassRow {
        let passed = c.tested - c.failed
        let interval = WilsonInterval.of(passed, c.tested).map { "\(SVG.percent($0.low))–\(SVG.percent($0.high))" } ?? "—"
        let previous = c.previousTested == 0 ? "—" : "\(SVG.percent(c.previousRate.map { 1 - $0 }))（\(c.previousTested - c.previousFailed)/\(c.previousTested)）"
        return PassRow(label: c.label, tested: c.tested, passed: passed, rate: SVG.percent(c.rate.map { 1 - $0 }), interval: interval,
                       previous: previous, url: c.key)
    }

    static func yuan(_ amount: Double) -> String { String(format: "%.2f", amount) }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try principal(context)
        let year = year(request)
        let chrome = PageChrome(title: "统计分析", context: context, active: "/stats")
        // A year's panels scan its batches; the page stays as rendered until something is written (ReadCache).
        let key = "stats|\(p.accountId)|\(chrome.csrf)|\(year)|\(services.today())"
        return HTMLResponse(try await services.database.reads.value(key, staleWhileReading: true) { try await render(p, chrome: chrome, year: year) }).response
    }

    func render(_ p: Principal, chrome: PageChrome, year: Int) async throws -> String {
        let (services, today) = (self.services, services.today())
        // The panels that read batches or cases (the year's failures and what became of them, plan completion, the
        // cases by month) each run on a connection of their own beside the rollups' panels: after a write the first
        // visitor waits for the longest of them, not for their sum (issue 21).
        async let handling = { () async throws -> ([HandlingFunnel.Stage], [DistrictAssessment.Row]) in
            let failed = try await BatchRepository(services.database).failedOfYear(year, as: p)
            async let funnel = HandlingFunnel(services.database).of(year: year, today: today, as: p, failed: failed)
            async let assessment = DistrictAssessment(services.database).of(year: year, today: today, as: p, failed: failed)
            return (try await funnel, try await assessment)
        }()
        async let completionRows = PlanCompletion(services.database).of(year: year, as: p)
        async let enforcementMonths = StatsTable.enforcementMonths(year: year, as: p, services: services)
        let rates = NonConformanceRates(services.database)
        let base = "/batches?year=\(year)"
        var sections: [Section] = []
        for dimension in StatsDimension.allCases {
            let cells = try await rates.by(dimension, year: year, as: p)
            let title = "按\(dimension.label)的不合格率（\(year)年）"
            let svg = dimension == .district ? DistrictTiles.rates(cells, title: title) : BarChart.rates(cells, title: title)
            sections.append(Section(id: dimension.rawValue, title: title, svg: svg,
                                    rows: cells.map { Self.row($0, drill: "\(base)&\(dimension.filterKey)=\($0.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.key)") },
                                    csv: "/stats/export?table=\(dimension.rawValue)&year=\(year)&format=csv",
                                    xlsx: "/stats/export?table=\(dimension.rawValue)&year=\(year)&format=xlsx"))
        }
        let total = try await rates.total(year: year, as: p)
        let cityTotal = p.role == .districtSupervisor ? try await rates.total(year: year, as: StatsPolicy.cityWide) : nil
        let months = try await MonthlyCounts(services.database).of(year: year, as: p)
        let evaluation = try await rates.by(.district, year: year, mode: .evaluation, as: p)
        let (funnel, assessment) = try await handling
        let completion = try await completionRows
        let enforcement = try await enforcementMonths
        let model = StatsPage(
            chrome: chrome, market: MarketRow(try await MarketRateEstimate(services.database).of(year: year, as: p)),
            years: try await services.pickerYears(through: services.today().year).map { .init(value: String($0), label: "\($0)年", selected: $0 == year) },
            year: year, scope: p.role == .districtSupervisor ? "\(District.named(code: p.districtCode))（本区组织的抽查及本区企业）" : "全市",
            total: Self.row(total, drill: base), cityTotal: cityTotal.map { Self.row($0, drill: base) },
            monthlySVG: LineChart.monthly(months, title: "\(year)年各月检验批次与不合格率"),
            monthly: months.map { Self.row($0, drill: base) },
            sections: sections,
            funnelSVG: FunnelChart.stages(funnel, title: "\(year)年不合格批次后处理进度"),
            funnel: funnel.map { FunnelRow(stage: $0.state.label, reached: $0.reached, waiting: $0.waiting, overdue: $0.overdue, late: $0.overdue > 0,
                                           url: "\(base)&verdict=fail&state=\($0.state.rawValue)") },
            assessment: assessment.map { a in
                AssessmentRow(district: District.named(code: a.district), failed: a.failed, closed: a.closed, closedShare: SVG.percent(a.closedShare),
                              overdue: a.overdue, late: a.overdue > 0, refusals: a.refusals, cases: a.cases, caseRate: SVG.percent(a.caseTransferRate),
                              url: "\(base)&verdict=fail&district=\(a.district)", casesURL: "/cases?spot=1&planYear=\(year)&district=\(a.district)")
            },
            evaluationSVG: BarChart.passRates(evaluation, title: "\(year)年评价性抽查合格率（按企业所在区）"),
            evaluation: evaluation.map(Self.passRow).map { row in
                var row = row
                row.url = "\(base)&mode=evaluation&district=\(row.url)"
                return row
            },
            completion: completion.map { c in
                CompletionRow(label: c.label, planned: c.planned, drawn: c.drawn, completed: c.completed, completion: SVG.percent(c.completion),
                              url: c.district.map { "\(base)&planLevel=\($0)" } ?? "\(base)&planLevel=city")
            },
            enforcement: enforcement.map { label, f in
                EnforcementRow(label: label, cases: f.cases, penaltyTotal: Self.yuan(f.penaltyTotal), caseValue: Self.yuan(f.caseValue),
                               finedCases: f.finedCases, judicialReferrals: f.judicialReferrals, disciplineLinks: f.disciplineLinks,
                               interviewedEnterprises: f.interviewedEnterprises, isTotal: label == "全年")
            })
        return try services.views.render(model, "stats")
    }

    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try principal(context)
        guard let table = try await StatsTable.make(request.uri.queryParameters.get("table") ?? "", year: year(request), as: p, services: services)
        else { throw WebError.notFound }
        return try ExportResponse.make(rows: [table.header] + table.rows, name: table.name,
                                       format: request.uri.queryParameters.get("format") == "xlsx" ? "xlsx" : "csv")
    }
}
