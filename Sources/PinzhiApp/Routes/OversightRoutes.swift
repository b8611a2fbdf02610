import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Agency oversight (SPEC SC-11) for the city bureau: every agency with its figures and flags, each flag with its
/// statistical reason, and the on-site inspection records with findings and score deductions.
struct OversightRoutes: Sendable {
    let services: AppServices

    struct Row {
        var agencyId: Int64
        var name: String
        var tested: Int
        var failed: Int
        var rate: String
        var expected: String
        var pValue: String
        var flagged: Bool
        var reasons: [String]
        var inspections: [String]
    }

    struct OversightPage {
        var chrome: PageChrome
        var year: Int
        var years: [ListPage.Option]
        var rows: [Row]
        var flaggedCount: Int
        var canRecord: Bool
        var today: String
        var errors: [String]
        var alpha: String
        var lowBidShare: String
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/oversight") { request, context in try await page(request, context) }
        router.post("/oversight/:id/inspections") { request, context in try await record(request, context) }
    }

    func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard [.cityAdmin, .citySupervisor, .enforcementOfficer].contains(p.role) else { throw WebError.forbidden }
        return p
    }

    func page(_ request: Request, _ context: AppRequestContext, errors: [String] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try principal(context)
        let year = request.uri.queryParameters.get("year").flatMap { Int($0) } ?? services.today().year
        let rules = try await RuleRepository(services.database).effective(on: services.today())
        let share = rules.value("lowBidShare")
        let inspections = Dictionary(grouping: try await AgencyInspectionRepository(services.database).list(), by: \.agencyId)
        let assessments = try await AgencyOversightQuery(services.database).facts(year: year).map { AgencyOversight.assess($0, lowBidShare: share) }
            .sorted { ($0.flagged ? 0 : 1, $0.pValue ?? 1) < ($1.flagged ? 0 : 1, $1.pValue ?? 1) }
        let model = OversightPage(
            chrome: PageChrome(title: "承检机构监督", context: context, active: "/oversight", flash: Flash.message(request.uri.queryParameters.get("msg"))),
            year: year, years: try await services.pickerYears(through: services.today().year).map { .init(value: String($0), label: "\($0)年", selected: $0 == year) },
            rows: assessments.map { a in
                Row(agencyId: a.agencyId, name: a.name, tested: a.tested, failed: a.failed,
                    rate: SVG.percent(a.tested == 0 ? nil : Double(a.failed) / Double(a.tested)),
                    expected: a.pValue == nil ? "—" : String(format: "%.1f", a.expectedFailures),
                    pValue: a.pValue.map { String(format: "%.2g", $0) } ?? "—", flagged: a.flagged, reasons: a.reasons,
                    inspections: (inspections[a.agencyId] ?? []).map { "\($0.inspectedOn) \($0.findings)（扣\(String(format: "%g", $0.deduction))分，\($0.createdBy)）" })
            },
            flaggedCount: assessments.filter(\.flagged).count, canRecord: AgencyInspectionRepository.mayRecord(p),
            today: services.today().description, errors: errors, alpha: String(AgencyOversight.alpha), lowBidShare: String(format: "%g", share))
        return try services.views.page(model, "oversight", status: status)
    }

    func record(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try principal(context)
        let f = context.form
        do {
            _ = try await AgencyInspectionRepository(services.database).record(
                agencyId: try context.id(), inspectedOn: Day(f["inspectedOn"] ?? ""), findings: f["findings"] ?? "", deduction: f["deduction"] ?? "",
                today: services.today(), as: p)
            return redirect("/oversight?msg=saved")
        } catch let error as StoreError where error.isUserFixable {
            return try await page(request, context, errors: error.fieldErrors.map(\.message), status: WebError(error).status)
        }
    }
}
