import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The monthly form 统计表 of a campaign (SPEC CP-5) on a page, as XLSX in the seed's layout and as CSV: a district's
/// (its own for a district bureau) with its submission state, steps and timeline, or the city's sum over the districts
/// with each district's state. A submitted or approved form shows the figures as submitted; where the records now say
/// otherwise the differences are listed (“changed since approval”). Every figure drills down to the records counted.
struct CampaignFormRoutes: Sendable {
    let services: AppServices

    func register(on router: Router<AppRequestContext>) {
        router.get("/campaigns/:id/forms/:period") { request, context in try await page(request, context) }
        router.get("/campaigns/:id/forms/:period/drill") { request, context in try await drill(request, context) }
        router.get("/campaign-forms/:id") { request, context in try await record(request, context) }
    }

    static func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard [.cityAdmin, .citySupervisor, .districtSupervisor].contains(p.role) else { throw WebError.forbidden }
        return p
    }

    /// The campaign, the month and the district asked for: a district bureau always its own; the city the one named,
    /// or none for the sum.
    func target(_ request: Request, _ context: AppRequestContext) async throws -> (Principal, Campaign, FormPeriod, String?) {
        let p = try Self.principal(context)
        guard let c = try await CampaignRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        guard let period = context.parameters.get("period").flatMap(FormPeriod.init), c.periods(through: c.endsOn).contains(period) else {
            throw WebError.notFound
        }
        var district = request.uri.queryParameters.get("district")?.nilIfEmpty
        if p.role == .districtSupervisor {
            if let d = district, d != p.districtCode { throw WebError.forbidden }
            district = p.districtCode
        } else if let d = district, !District.all.contains(where: { $0.code == d }) {
            throw WebError.badRequest("未知的区代码", field: "district")
        }
        return (p, c, period, district)
    }

    static let title = "产品质量安全“排险除患、助企纾困”专项行动统计表"

    func record(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let f = try await CampaignFormRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let msg = request.uri.queryParameters.get("msg").map { "&msg=\($0)" } ?? ""
        let unavailable = request.uri.queryParameters.get("unavailable").map { "&unavailable=\($0)" } ?? ""
        return redirect("/campaigns/\(f.campaignId)/forms/\(f.period)?district=\(f.districtCode)\(msg)\(unavailable)")
    }

    struct FormView {
        struct Head {
            var text: String
            var colspan: Int
            var rowspan: Int
        }

        struct Cell {
            var text: String
            var url: String?
        }

        struct Row {
            var label: String
            var cells: [Cell]
            var total: Bool
        }

        struct DistrictState {
            var district: String
            var state: String
            var url: String
        }

        var chrome: PageChrome
        var heading: String
        var title: String
        var unit: String
        var period: String
        var state: String?
        var deadline: String?
        var note: String?
        var groups: [Head]
        var fields: [Head]
        var headings: [String]
        var rows: [Row]
        var actions: [WorkflowRecordPage.Link]
        var differences: [MonthlyForm.Difference]
        var locked: Bool
        var returnReason: String?
        var districts: [DistrictState]
        var showDistricts: Bool
        var steps: [WorkflowRecordPage.Step]
        var xlsxURL: String
        var csvURL: String
        var campaignURL: String
    }

    /// The form as the page shows it: the figures as submitted (locked once approved), else as the records say now.
    func shown(_ p: Principal, _ c: Campaign, _ period: FormPeriod, _ district: String?)
        async throws -> (current: MonthlyForm, shown: MonthlyForm, record: CampaignForm?) {
        let db = services.database
        let current = try await MonthlyFormQuery(db).form(c, period: period, district: district, as: p)
        let record = try await district.asyncMap { try await CampaignFormRepository(db).find(campaign: c.id, district: $0, period: period, as: p) } ?? nil
        var shown = current
        if let figures = record?.figures, let labels = record?.rowLabels, figures.count == labels.count {
            shown.rows = zip(labels, figures).map { label, texts in
                let live = current.rows.first { $0.label == label }
                return MonthlyForm.Row(label: label, productId: live?.productId, cells: texts.enumerated().map { index, text in
                    MonthlyForm.Cell(value: Double(text), refs: live?.cells[index].refs ?? [], checks: live?.cells[index].checks)
                })
            }
        }
        return (current, shown, record)
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (p, c, period, district) = try await target(request, context)
        let format = request.uri.queryParameters.get("format")
        let name = "\(Self.title)-\(MonthlyFormQuery.unit(district))-\(period)"
        if format == "xlsx" || format == "csv" {
            let (_, shown, record) = try await shown(p, c, period, district)
            var sheet = shown.sheet(title: Self.title)
            if let figures = record?.figures {
                // The stored figures as they were submitted, not re-rendered from numbers.
                sheet.rows = Array(sheet.rows.prefix(5)) + zip(record?.rowLabels ?? [], figures).map { [$0] + $1 }
            }
            if format == "csv" { return try ExportResponse.make(rows: sheet.rows, name: name, format: "csv") }
            return ExportResponse.make(data: try XLSXWriter.data(sheet.rows, sheetName: "统计表", merges: sheet.merges, boldRows: [0, 2, 3, 4]),
                                       name: name, format: "xlsx")
        }
        let q = request.uri.queryParameters
        let chrome = PageChrome(title: "\(period.label)统计表", context: context, active: "/campaigns", flash: Flash.message(q.get("msg")),
                                flashError: q.get("unavailable").map { _ in "该步骤当前不可办理" })
        // The rendered page is kept as the dashboard is (ReadCache): its table is large, and what it shows changes
        // only with a write, which empties the cache.
        let key = "form-page|\(p.accountId)|\(chrome.csrf)|\(request.uri.description)|\(services.today())"
        return HTMLResponse(try await services.database.reads.value(key, staleWhileReading: true) {
            try await render(p, c, period, district, chrome: chrome)
        }).response
    }

    func render(_ p: Principal, _ c: Campaign, _ period: FormPeriod, _ district: String?, chrome: PageChrome) async throws -> String {
        let db = services.database
        let (current, shown, record) = try await shown(p, c, period, district)
        let (today, rules, calendar) = try await services.clockRules()
        let base = "/campaigns/\(c.id)/forms/\(period)"
        let query = district.map { "district=\($0)" } ?? ""
        let texts = record?.figures ?? shown.texts
        let rows = shown.rows.enumerated().map { r, row in
            FormView.Row(label: row.label, cells: MonthlyForm.Column.allCases.map { column in
                let text = texts.indices.contains(r) && texts[r].indices.contains(column.rawValue) ? texts[r][column.rawValue] : "—"
                return FormView.Cell(text: text, url: !row.cells[column.rawValue].hasRecords ? nil : "\(base)/drill?\(query)\(query.isEmpty ? "" : "&")row=\(r)&column=\(column.rawValue)")
            }, total: row.label == "合计")
        }
        var districts: [FormView.DistrictState] = []
        if district == nil {
            districts = try await CampaignFormRepository(db).list(campaign: c.id, period: period, as: p).map {
                .init(district: District.named(code: $0.districtCode), state: $0.state.label, url: "\(base)?district=\($0.districtCode)")
            }
        }
        var differences: [MonthlyForm.Difference] = []
        if let figures = record?.figures, let labels = record?.rowLabels {
            differences = MonthlyForm.differences(locked: figures, lockedLabels: labels, current: current)
        }
        let deadline = record.flatMap { Workflow<CampaignFormKind>.deadline($0, rules: rules, calendar: calendar)?.day?.description }
        let model = FormView(
            chrome: chrome,
            heading: "\(c.name)：\(period.label)统计表", title: Self.title, unit: shown.unit,
            period: "\(shown.from.year)年\(shown.from.month)月\(shown.from.day)日至\(shown.to.year)年\(shown.to.month)月\(shown.to.day)日",
            state: record?.state.label, deadline: record?.isLocked == true ? nil : deadline,
            note: record?.figures == nil ? "表中数字按系统记录实时计算；报送时保存当日数字，审核通过后锁定。" : "表中为报送时的数字；审核通过后锁定，不随记录变化。",
            groups: [.init(text: "产品类别", colspan: 1, rowspan: 3)] + MonthlyForm.groups.map { .init(text: $0.title, colspan: $0.columns.count, rowspan: 1) },
            fields: MonthlyForm.fields.map { .init(text: $0.title, colspan: $0.columns.count, rowspan: $0.columns.count > 1 ? 1 : 2) },
            headings: MonthlyForm.fields.filter { $0.columns.count > 1 }.flatMap { $0.columns.map(\.heading) },
            rows: rows,
            actions: record.map { r in Workflow<CampaignFormKind>.available(p, r, today: today).map { .init(label: CampaignFormKind.step($0).label,
                                                                                                           url: "/campaign-forms/\(r.id)/act/\($0.rawValue)") } } ?? [],
            differences: differences, locked: record?.isLocked == true, returnReason: record?.state == .returned ? record?.returnReason : nil,
            districts: districts, showDistricts: district == nil && !districts.isEmpty,
            steps: try await record.asyncMap { r in
                try await WorkflowEvents.list(db, CampaignFormKind.self, id: r.id).map { .init(day: $0.day, actor: $0.actorName, role: $0.actorRole, summary: $0.summary) }
            } ?? [],
            xlsxURL: "\(base)?\(query)\(query.isEmpty ? "" : "&")format=xlsx", csvURL: "\(base)?\(query)\(query.isEmpty ? "" : "&")format=csv",
            campaignURL: "/campaigns/\(c.id)")
        return try services.views.render(model, "campaign-form")
    }

    struct DrillPage {
        struct Item {
            var label: String
            var url: String
        }

        var chrome: PageChrome
        var heading: String
        var items: [Item]
        var backURL: String
        var previousURL: String?
        var nextURL: String?
    }

    /// Records listed on one page of a drill-down: a city's cell may count a million batches.
    static let drillPage = 500

    /// The records one cell counted (as the records say now).
    func drill(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let (p, c, period, district) = try await target(request, context)
        let form = try await MonthlyFormQuery(services.database).form(c, period: period, district: district, as: p)
        let q = request.uri.queryParameters
        guard let r = q.get("row").flatMap({ Int($0) }), form.rows.indices.contains(r),
              let column = q.get("column").flatMap({ Int($0) }).flatMap(MonthlyForm.Column.init(rawValue:)) else {
            throw WebError.badRequest("请从统计表中选择一个数字", field: "row")
        }
        let labels = ["campaign-inspections": "现场检查", "batches": "抽查批次", "risk-items": "风险信息", "monitoring-batches": "风险监测批次",
                      "cases": "案件", "assistance-cases": "质量技术帮扶", "letters": "约谈通知书"]
        let cell = form.rows[r].cells[column.rawValue]
        let offset = max(0, q.get("offset").flatMap { Int($0) } ?? 0)
        let refs = try await cell.checks.asyncMap {
            try await MonthlyFormQuery(services.database).checkedBatches(c, period: period, district: district, $0, limit: Self.drillPage, offset: offset, as: p)
        } ?? Array(cell.refs.dropFirst(offset).prefix(Self.drillPage))
        let total = cell.checks?.count ?? cell.refs.count
        let items = refs.map { ref in DrillPage.Item(label: "\(labels[ref.path] ?? ref.path) #\(ref.id)", url: "/\(ref.path)/\(ref.id)") }
        let base = "/campaigns/\(c.id)/forms/\(period)"
        let here = "\(base)/drill?" + (district.map { "district=\($0)&" } ?? "") + "row=\(r)&column=\(column.rawValue)"
        let shown = items.isEmpty ? "" : "，第\(offset + 1)–\(offset + items.count)条"
        let model = DrillPage(chrome: PageChrome(title: "统计表明细", context: context, active: "/campaigns"),
                              heading: "\(MonthlyFormQuery.unit(district)) \(period.label) · \(form.rows[r].label) · \(column.title)（\(total)条记录\(shown)）",
                              items: items, backURL: base + (district.map { "?district=\($0)" } ?? ""),
                              previousURL: offset > 0 ? "\(here)&offset=\(max(0, offset - Self.drillPage))" : nil,
                              nextURL: offset + Self.drillPage < total ? "\(here)&offset=\(offset + Self.drillPage)" : nil)
        return try services.views.page(model, "campaign-drill")
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
