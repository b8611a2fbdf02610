import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The 000 table 产品质量技术帮扶工作情况统计表 (SPEC TA-5) for any period and district, computed from the records:
/// on a page and as XLSX in the seed's layout (merged title, 填表单位 and grouped headers). The presets are 002's
/// June and November reports and 000's report of 15 October.
struct AssistanceReportRoutes: Sendable {
    let services: AppServices

    func register(on router: Router<AppRequestContext>) {
        router.get("/assistance/report") { request, context in try await page(request, context) }
    }

    static func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard AssistanceReportQuery.mayRead(p) else { throw WebError.forbidden }
        return p
    }

    /// The period asked for: both days, `from` not after `to`; the year to today by default.
    static func period(from: String?, to: String?, today: Day) throws -> (Day, Day) {
        let start = try from.map { text in
            guard let day = Day(text) else { throw WebError.badRequest("起始日期应为“年-月-日”格式", field: "from") }
            return day
        } ?? Day(year: today.year, month: 1, day: 1)!
        let end = try to.map { text in
            guard let day = Day(text) else { throw WebError.badRequest("截止日期应为“年-月-日”格式", field: "to") }
            return day
        } ?? today
        guard start <= end else { throw WebError.badRequest("起始日期不能晚于截止日期", field: "from") }
        guard end.ordinal - start.ordinal <= 3660 else { throw WebError.badRequest("统计期间不能超过十年", field: "to") }
        return (start, end)
    }

    /// Who fills the table in: the district bureau or the city bureau.
    static func unit(_ district: String?) -> String {
        district.map { "\(District.named(code: $0))市场监督管理局" } ?? "上海市市场监督管理局"
    }

    static func xlsx(_ result: AssistanceReportQuery.Result, from: Day, to: Day) throws -> Data {
        let sheet = result.report.sheet(unit: unit(result.district), from: from, to: to, typical: result.typical)
        return try XLSXWriter.data(sheet.rows, sheetName: "统计表", merges: sheet.merges, boldRows: [0, 2, 3])
    }

    struct ReportPage {
        struct Group {
            var title: String
            var span: Int
        }

        struct Preset {
            var label: String
            var url: String
        }

        var chrome: PageChrome
        var heading: String
        var title: String
        var unit: String
        var period: String
        var from: String
        var to: String
        var showDistricts: Bool
        var districts: [ListPage.Option]
        var presets: [Preset]
        var groups: [Group]
        var columns: [String]
        var cells: [String]
        var typical: [String]
        var xlsxURL: String
        var error: String?
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let q = request.uri.queryParameters
        let today = services.today()
        let (from, to) = try Self.period(from: q.get("from").flatMap { $0.isEmpty ? nil : $0 }, to: q.get("to").flatMap { $0.isEmpty ? nil : $0 }, today: today)
        let district = q.get("district").flatMap { $0.isEmpty ? nil : $0 }
        if let district, !District.isKnown(district) { throw WebError.badRequest("未知的区代码", field: "district") }
        let result = try await AssistanceReportQuery(services.database).report(from: from, to: to, district: district, as: p)
        let query = "from=\(from)&to=\(to)" + (result.district.map { "&district=\($0)" } ?? "")
        if q.get("format") == "xlsx" {
            return ExportResponse.make(data: try Self.xlsx(result, from: from, to: to), name: "产品质量技术帮扶工作情况统计表", format: "xlsx")
        }
        let year = today.year
        let presets = [("6月底报送（\(year)年1月1日至6月30日）", "\(year)-06-30"), ("11月底报送（1月1日至11月30日）", "\(year)-11-30"),
                       ("截至10月15日（000号通知）", "\(year)-10-15"), ("本年至今", today.description)]
            .map { ReportPage.Preset(label: $0.0, url: "/assistance/report?from=\(year)-01-01&to=\($0.1)" + (result.district.map { "&district=\($0)" } ?? "")) }
        let model = ReportPage(
            chrome: PageChrome(title: "帮扶工作情况统计表", context: context, active: "/assistance-cases"), heading: "产品质量技术帮扶工作情况统计表",
            title: "\(to.year)年产品质量技术帮扶工作情况统计表", unit: Self.unit(result.district),
            period: "\(from.year)年\(from.month)月\(from.day)日至\(to.year)年\(to.month)月\(to.day)日", from: from.description, to: to.description,
            showDistricts: p.role != .districtSupervisor,
            districts: [ListPage.Option(value: "", label: "全市", selected: district == nil)]
                + District.all.map { ListPage.Option(value: $0.code, label: $0.name, selected: $0.code == district) },
            presets: presets, groups: AssistanceReport.groups.map { .init(title: $0.title, span: $0.columns.count) },
            columns: AssistanceReport.groups.flatMap(\.columns), cells: result.report.cells, typical: result.typical,
            xlsxURL: "/assistance/report?\(query)&format=xlsx", error: nil)
        return try services.views.page(model, "assistance-report")
    }
}
