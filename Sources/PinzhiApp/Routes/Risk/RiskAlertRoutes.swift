import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Risk alerts (SPEC RK-5): the list with filters, paging and export, a new draft (from a risk item's page too), each
/// alert's page and its printable document; the steps are the generic step pages (WorkflowActionRoutes<RiskAlertRepository>).
struct RiskAlertRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/alerts") { request, context in try await alerts(request, context) }
        router.get("/alerts/export") { request, context in try await export(request, context) }
        router.get("/alerts/new") { request, context in try await newAlert(context, values: Self.prefill(request), errors: []) }
        router.post("/alerts") { _, context in try await create(context) }
        router.get("/alerts/:id") { request, context in try await alert(request, context) }
        router.get("/alerts/:id/document") { _, context in try await document(context) }
    }

    static func principal(_ context: AppRequestContext) throws -> Principal { try RiskRoutes.principal(context) }

    static let filterKeys = ["state", "type", "year", "product", "riskItem"]

    static func filter(_ params: [String: String], search: String) -> RiskAlertRepository.Filter {
        var f = RiskAlertRepository.Filter()
        f.state = params["state"].flatMap(AlertState.init(rawValue:))
        f.type = params["type"].flatMap(AlertType.init(rawValue:))
        f.year = params["year"].flatMap { Int($0) }
        f.productId = params["product"].flatMap { Int64($0) }
        f.riskItemId = params["riskItem"].flatMap { Int64($0) }
        f.search = search
        return f
    }

    func alerts(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let size = RecordLists.pageSize
        let page = try await RiskAlertRepository(services.database).page(Self.filter(query.params, search: query.q), limit: size,
                                                                         offset: (query.page - 1) * size, as: p)
        let (today, rules, calendar) = try await services.clockRules()
        let rows = page.items.map { a in
            let due = Workflow<RiskAlertKind>.deadline(a, rules: rules, calendar: calendar)
            return RecordListPage.Row(url: "/alerts/\(a.id)", cells: [a.number, a.type.label, a.title, a.productName ?? "—", a.audience.label,
                                                                     a.createdOn.description, a.publishedOn?.description ?? "—",
                                                                     due?.day?.description ?? "—", a.state.label],
                                      overdue: due?.day.map { $0 < today } ?? false)
        }
        return try lists.listPage(context, heading: "风险提示与消费提示", base: "/alerts", query: query,
                                  filters: [.init(key: "state", label: "状态", options: query.options("state", AlertState.allCases.map { ($0.rawValue, $0.label) })),
                                            .init(key: "type", label: "类型", options: query.options("type", AlertType.allCases.map { ($0.rawValue, $0.label) })),
                                            .init(key: "year", label: "年度", options: query.options("year", try await lists.years()))],
                                  columns: ["编号", "类型", "标题", "产品", "提示对象", "起草日期", "发布日期", "期限", "状态"], rows: rows,
                                  total: page.total, newURL: AlertPolicy.canDraft(p) ? "/alerts/new" : nil, searchHint: "标题、产品、内容检索")
    }

    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        return ExportResponse.csv(try await AlertExport.alerts(RiskAlertRepository(services.database), Self.filter(query.params, search: query.q), as: p),
                                  name: "风险提示与消费提示")
    }

    func alert(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let a = try await RiskAlertRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let (today, rules, calendar) = try await services.clockRules()
        var links: [WorkflowRecordPage.Link] = []
        if let id = a.productId { links.append(.init(label: "产品风险等级", url: "/products/\(id)/risk")) }
        if let id = a.riskItemId { links.append(.init(label: "依据的风险信息 \(a.riskItemNumber ?? "")", url: "/risk-items/\(id)")) }
        if a.isPublic { links.append(.init(label: "公众门户上的消费提示", url: "/public/alerts/\(a.id)")) }
        let model = WorkflowRecordPage.make(RiskAlertKind.self, a, chrome: lists.chrome(request, context, "\(a.type.label) \(a.number)", "/alerts", AlertAction.self),
                                            p: p, today: today, rules: rules, calendar: calendar,
                                            events: try await WorkflowEvents.list(services.database, RiskAlertKind.self, id: a.id),
                                            fields: AlertDocument.fields(a), links: links,
                                            documents: a.publishedOn == nil ? [] : [.init(label: "\(a.type.label)（打印）", url: "/alerts/\(a.id)/document")])
        return try services.views.page(model, "workflow-record")
    }

    func document(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let a = try await RiskAlertRepository(services.database).find(try context.id(), as: p), a.publishedOn != nil else { throw WebError.notFound }
        return try services.views.page(AlertDocument.page(a), "document")
    }

    // MARK: A new draft

    /// A draft started from a risk item's page: `?riskItem=…` fills the form.
    static func prefill(_ request: Request) -> [String: String] {
        var values = ["type": AlertType.consumer.rawValue]
        if let item = request.uri.queryParameters.get("riskItem"), !item.isEmpty { values["riskItem"] = item }
        return values
    }

    func newAlert(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        guard AlertPolicy.canDraft(p) else { throw WebError.forbidden }
        let specs = RiskAlertKind.draftFields
        let model = FormPage(chrome: PageChrome(title: "起草风险提示或消费提示", context: context, active: "/alerts"), heading: "起草风险提示或消费提示",
                             action: "/alerts", cancelURL: "/alerts", version: nil,
                             fields: FormPage.fields(specs, values: values, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { e in !specs.contains { $0.key == e.field } }.map(\.message), submitLabel: "保存草稿")
        return try services.views.page(model, "form", status: status)
    }

    func create(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard AlertPolicy.canDraft(p) else { throw WebError.forbidden }
        var form = StepForm(context.form, specs: RiskAlertKind.draftFields)
        RiskAlertKind.checkDraft(&form)
        return try await submitting({
            try form.finish()
            guard let draft = RiskAlertRepository.Draft(form) else { throw ValidationFailure([FieldError("type", "请选择类型")]) }
            let alert = try await RiskAlertRepository(services.database).create(draft, today: services.today(), as: p)
            return redirect("/alerts/\(alert.id)?msg=saved")
        }, again: { errors, status in try await newAlert(context, values: context.form, errors: errors, status: status) })
    }
}
