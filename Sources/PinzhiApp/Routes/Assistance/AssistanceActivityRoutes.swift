import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Assistance activities (SPEC TA-3): trainings, 质量分析会 and 巡回问诊 visits, recorded by the city or a district
/// bureau; each activity's page is its printable sign-in sheet (签到表).
struct AssistanceActivityRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/assistance-activities") { request, context in try await activities(request, context) }
        router.get("/assistance-activities/export") { request, context in try await export(request, context) }
        router.get("/assistance-activities/new") { _, context in try await newActivity(context, values: [:], errors: []) }
        router.post("/assistance-activities") { _, context in try await create(context) }
        router.get("/assistance-activities/:id") { _, context in try await sheet(context) }
    }

    static func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard AssistancePolicy.organiserRoles.contains(p.role) || p.role == .expert else { throw WebError.forbidden }
        return p
    }

    static func filter(_ query: RecordLists.Query) -> AssistanceActivityRepository.Filter {
        var f = AssistanceActivityRepository.Filter()
        f.kind = query.params["kind"].flatMap(AssistanceActivityKind.init(rawValue:))
        f.year = query.params["year"].flatMap { Int($0) }
        f.search = query.q
        return f
    }

    static func cells(_ a: AssistanceActivity) -> [String] {
        [a.number, a.kind.label, a.title, a.heldOn.description, a.place, a.cluster ?? "—", a.districtCode.map { District.named(code: $0) } ?? "市局",
         String(a.organisations.count), String(a.expertIds.count), String(a.enterpriseIds.count)]
    }

    static let columns = ["编号", "类别", "名称", "日期", "地点", "产业集聚区", "组织单位", "技术机构", "专家", "企业"]

    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let repo = AssistanceActivityRepository(services.database), filter = Self.filter(RecordLists.Query(request, keys: ["kind", "year"]))
        return ExportResponse.csv(try await CSVStream.make(header: Self.columns) { offset, size in
            try await repo.page(filter, limit: size, offset: offset, as: p).items.map(Self.cells)
        }, name: "质量技术帮扶活动")
    }

    func activities(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: ["kind", "year"])
        let f = Self.filter(query)
        let size = RecordLists.pageSize
        let page = try await AssistanceActivityRepository(services.database).page(f, limit: size, offset: (query.page - 1) * size, as: p)
        let rows = page.items.map { a in RecordListPage.Row(url: "/assistance-activities/\(a.id)", cells: Self.cells(a)) }
        return try lists.listPage(context, heading: "质量技术帮扶活动", base: "/assistance-activities", query: query,
                                  filters: [.init(key: "kind", label: "类别", options: query.options("kind", AssistanceActivityKind.allCases.map { ($0.rawValue, $0.label) })),
                                            .init(key: "year", label: "年度", options: query.options("year", try await lists.years()))],
                                  columns: Self.columns, rows: rows, total: page.total,
                                  newURL: AssistancePolicy.organiserRoles.contains(p.role) ? "/assistance-activities/new" : nil,
                                  links: [.init(label: "帮扶案例", url: "/assistance-cases")], searchHint: "名称、地点、产业集聚区")
    }

    static let fields = [
        FieldSpec("kind", "类别", .choice(Choice.of(AssistanceActivityKind.self)), required: true),
        FieldSpec("title", "活动名称", .text, required: true, maxLength: 100),
        FieldSpec("heldOn", "日期", .date, required: true),
        FieldSpec("place", "地点", .text, required: true, maxLength: 200),
        FieldSpec("cluster", "产业集聚区（巡回问诊时填写）", .text, maxLength: 60),
        FieldSpec("productCodes", "涉及产品编码（每行一个）", .longText, maxLength: 500),
        FieldSpec("organisations", "参与的技术机构（每行一个）", .longText, required: true, maxLength: 1000),
        FieldSpec("experts", "参与的专家编号（每行一个）", .longText, required: true, maxLength: 1000),
        FieldSpec("enterprises", "参加企业的统一社会信用代码（每行一个）", .longText, required: true, maxLength: 4000),
        FieldSpec("notes", "备注", .longText, maxLength: 1000),
    ]

    func newActivity(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        guard AssistancePolicy.organiserRoles.contains(p.role) else { throw WebError.forbidden }
        var shown = values
        if shown.isEmpty { shown = ["kind": AssistanceActivityKind.training.rawValue, "heldOn": services.today().description] }
        let model = FormPage(chrome: PageChrome(title: "登记帮扶活动", context: context, active: "/assistance-cases"), heading: "登记质量技术帮扶活动",
                             action: "/assistance-activities", cancelURL: "/assistance-activities", version: nil,
                             fields: FormPage.fields(Self.fields, values: shown, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { e in !Self.fields.contains { $0.key == e.field } }.map(\.message), submitLabel: "登记")
        return try services.views.page(model, "form", status: status)
    }

    func create(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard AssistancePolicy.organiserRoles.contains(p.role) else { throw WebError.forbidden }
        let form = StepForm(context.form, specs: Self.fields)
        return try await submitting({
            try form.finish()
            let lines = { (key: String) in AssistanceActivity.lines(form[key] ?? "") }
            let a = try await AssistanceActivityRepository(services.database).create(
                .init(kind: form["kind"].flatMap(AssistanceActivityKind.init(rawValue:)) ?? .training, title: form["title"] ?? "",
                      heldOn: form["heldOn"].flatMap(Day.init) ?? services.today(), place: form["place"] ?? "", cluster: form["cluster"],
                      productCodes: lines("productCodes"), organisations: lines("organisations"), expertCodes: lines("experts"), usccs: lines("enterprises"),
                      notes: form["notes"]),
                today: services.today(), as: p)
            return redirect("/assistance-activities/\(a.id)?msg=created")
        }, again: { errors, status in try await newActivity(context, values: context.form, errors: errors, status: status) })
    }

    struct SheetPage {
        struct Row {
            var index: Int
            var name: String
            var code: String
            var organisation: String
        }

        var title: String
        var number: String
        var fields: [WorkflowRecordPage.Field]
        var enterprises: [Row]
        var experts: [Row]
        var backURL: String
    }

    /// The activity and its sign-in sheet: one line per attending enterprise and per expert, a blank for the signature.
    func sheet(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let repo = AssistanceActivityRepository(services.database)
        guard let a = try await repo.find(try context.id(), as: p) else { throw WebError.notFound }
        let attendance = try await repo.attendance(a)
        let model = SheetPage(
            title: "\(a.kind.label)签到表", number: a.number,
            fields: [.init(label: "活动名称", value: a.title), .init(label: "日期", value: a.heldOn.description), .init(label: "地点", value: a.place),
                     .init(label: "产业集聚区", value: a.cluster ?? "—"),
                     .init(label: "组织单位", value: a.districtCode.map { "\(District.named(code: $0))市场监督管理局" } ?? "上海市市场监督管理局"),
                     .init(label: "参与的技术机构", value: a.organisations.joined(separator: "、")), .init(label: "备注", value: a.notes ?? "—")],
            enterprises: attendance.enterprises.enumerated().map { .init(index: $0.offset + 1, name: $0.element.name, code: $0.element.uscc, organisation: "") },
            experts: attendance.experts.enumerated().map { .init(index: $0.offset + 1, name: $0.element.name, code: $0.element.code, organisation: $0.element.organisation) },
            backURL: "/assistance-activities")
        return try services.views.page(model, "assistance-sign-in")
    }
}
