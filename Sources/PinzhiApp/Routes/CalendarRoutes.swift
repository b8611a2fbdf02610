import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The working-day calendar: every year's holidays and adjusted working days, edited by the administrator, with a
/// calculator for "N个工作日后".
struct CalendarRoutes: Sendable {
    let services: AppServices
    var repository: CalendarRepository { CalendarRepository(services.database) }

    struct CalendarPage {
        struct Year {
            var year: Int
            var source: String
            var off: String
            var on: String
            var offCount: Int
        }
        var chrome: PageChrome
        var years: [Year]
        var canEdit: Bool
        var formYear: String
        var formSource: String
        var formOff: String
        var formOn: String
        var errors: [String]
        var from: String
        var count: String
        var answer: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/calendar") { request, context in try await page(request, context) }
        router.post("/calendar") { request, context in try await save(request, context) }
    }

    func page(_ request: Request, _ context: AppRequestContext, errors: [String] = [], form: [String: String] = [:],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try context.requirePrincipal()
        let years = try await repository.years()
        let params = request.uri.queryParameters
        let editing = params.get("year").flatMap(Int.init).flatMap { y in years.first { $0.year == y } }
        var answer: String?
        let from = params.get("from") ?? ""
        let count = params.get("n") ?? ""
        if !from.isEmpty || !count.isEmpty {
            if let start = Day(from), let n = Int(count), (0...366).contains(n) {
                do {
                    let end = try WorkingDayCalendar(years).adding(workingDays: n, to: start)
                    answer = "\(start)之后第\(n)个工作日是 \(end)（星期\(["一", "二", "三", "四", "五", "六", "日"][end.weekday - 1])）"
                } catch {
                    answer = error.message
                }
            } else {
                answer = "请输入“年-月-日”格式的日期和0至366之间的天数"
            }
        }
        let model = CalendarPage(
            chrome: PageChrome(title: "工作日历", context: context, active: "/calendar", flash: Flash.message(params.get("msg"))),
            years: years.reversed().map { .init(year: $0.year, source: $0.source, off: CalendarYear.notation($0.off), on: CalendarYear.notation($0.on), offCount: $0.off.count) },
            canEdit: AccessPolicy.canAdminister(p.role),
            formYear: form["year"] ?? editing.map { String($0.year) } ?? String((years.last?.year ?? 2025) + 1),
            formSource: form["source"] ?? editing?.source ?? "",
            formOff: form["off"] ?? editing.map { CalendarYear.notation($0.off) } ?? "",
            formOn: form["on"] ?? editing.map { CalendarYear.notation($0.on) } ?? "",
            errors: errors, from: from, count: count, answer: answer)
        return try services.views.page(model, "calendar", status: status)
    }

    func save(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin()
        let f = context.form
        guard let year = Int(f["year"] ?? ""), (2000...2100).contains(year) else {
            return try await page(request, context, errors: ["年度应为2000至2100之间的四位数"], form: f, status: .badRequest)
        }
        let source = (f["source"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !source.isEmpty else { return try await page(request, context, errors: ["请填写依据（通知名称或文号）"], form: f, status: .badRequest) }
        switch CalendarYear.parse(year: year, off: f["off"] ?? "", on: f["on"] ?? "", source: source) {
        case .failure(let error):
            return try await page(request, context, errors: [(error.field == "off" ? "放假日期：" : "调休上班日期：") + error.message], form: f, status: .badRequest)
        case .success(let parsed):
            try await repository.save(parsed, by: admin)
            return redirect("/calendar?msg=saved")
        }
    }
}
