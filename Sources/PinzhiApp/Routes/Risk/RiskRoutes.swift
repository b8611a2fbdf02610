import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Risk information (SPEC RK-1): the list with filters, paging and export, an item reported by hand, each item's
/// page (its steps are the generic step pages, WorkflowActionRoutes<RiskItemRepository>); and a product's risk grade
/// (RK-2) with its inputs, history and an expert's override.
struct RiskRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/risk-items") { request, context in try await items(request, context) }
        router.get("/risk-items/export") { request, context in try await export(request, context) }
        router.get("/risk-items/new") { _, context in try await newItem(context, values: [:], errors: []) }
        router.post("/risk-items") { _, context in try await create(context) }
        router.get("/risk-items/:id") { request, context in try await item(request, context) }
        router.get("/risk-map") { request, context in try await riskMap(request, context) }
        router.get("/risk-map/export") { request, context in try await exportRiskMap(request, context) }
        router.get("/products/:id/risk") { request, context in try await productRisk(request, context, errors: [], values: [:]) }
        router.post("/products/:id/risk/override") { request, context in try await override(request, context) }
    }

    static func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard RiskPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    static let filterKeys = ["state", "source", "level", "district", "year", "product"]

    static func filter(_ params: [String: String], search: String) -> RiskItemRepository.Filter {
        var f = RiskItemRepository.Filter()
        f.state = params["state"].flatMap(RiskItemState.init(rawValue:))
        f.source = params["source"].flatMap(RiskSource.init(rawValue:))
        f.level = params["level"].flatMap(ProductRiskLevel.init(rawValue:))
        f.district = params["district"]
        f.year = params["year"].flatMap { Int($0) }
        f.productId = params["product"].flatMap { Int64($0) }
        f.search = search
        return f
    }

    func items(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let size = RecordLists.pageSize
        let page = try await RiskItemRepository(services.database).page(Self.filter(query.params, search: query.q), limit: size,
                                                                        offset: (query.page - 1) * size, countLimit: RecordLists.countLimit, as: p)
        let (today, rules, calendar) = try await services.clockRules()
        let rows = page.items.map { r in
            let due = Workflow<RiskItemKind>.deadline(r, rules: rules, calendar: calendar)
            return RecordListPage.Row(url: "/risk-items/\(r.id)", cells: [r.number, r.productName, r.enterpriseName ?? "—", r.source.label,
                                                                         District.named(code: r.districtCode), r.reportedOn.description, r.riskLevel.grade,
                                                                         r.urgency?.shortLabel ?? "—", due?.day?.description ?? due?.missingText ?? "—", r.state.label],
                                      overdue: due?.day.map { $0 < today } ?? false)
        }
        return try lists.listPage(context, heading: "风险信息", base: "/risk-items", query: query,
                                  filters: [.init(key: "state", label: "状态", options: query.options("state", RiskItemState.allCases.map { ($0.rawValue, $0.label) })),
                                            .init(key: "source", label: "来源", options: query.options("source", RiskSource.allCases.map { ($0.rawValue, $0.label) })),
                                            .init(key: "level", label: "风险等级", options: query.options("level", ProductRiskLevel.allCases.reversed().map { ($0.rawValue, $0.grade) })),
                                            .init(key: "district", label: "所在区", options: query.options("district", District.all.map { ($0.code, $0.name) })),
                                            .init(key: "year", label: "年度", options: query.options("year", try await lists.years()))],
                                  columns: ["编号", "产品", "企业", "来源", "所在区", "报送日期", "风险等级", "风险级别", "期限", "状态"], rows: rows,
                                  total: page.total, newURL: "/risk-items/new",
                                  links: [.init(label: "导入CSV/XLSX", url: "/import?kind=\(ImportKind.riskItems.rawValue)")])
    }

    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        return ExportResponse.csv(try await RiskExport.items(RiskItemRepository(services.database), Self.filter(query.params, search: query.q), as: p),
                                  name: "风险信息")
    }

    func item(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let r = try await RiskItemRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let (today, rules, calendar) = try await services.clockRules()
        var links: [WorkflowRecordPage.Link] = [.init(label: "产品风险等级", url: "/products/\(r.productId)/risk")]
        if let e = r.enterpriseId { links.append(.init(label: "企业档案", url: "/enterprises/\(e)/archive")) }
        if let b = r.batchId { links.append(.init(label: "来源批次 \(r.batchNumber ?? "")", url: "/batches/\(b)")) }
        links.append(.init(label: "依此发布的提示", url: "/alerts?riskItem=\(r.id)"))
        if AlertPolicy.canDraft(p) && r.counts { links.append(.init(label: "起草风险提示或消费提示", url: "/alerts/new?riskItem=\(r.number)")) }
        let fields: [WorkflowRecordPage.Field] = [
            .init(label: "编号", value: r.number), .init(label: "来源", value: r.source.label), .init(label: "产品", value: r.productName),
            .init(label: "企业", value: r.enterpriseName ?? "—"), .init(label: "所在区", value: District.named(code: r.districtCode)),
            .init(label: "危害类型", value: r.hazard.label), .init(label: "使用人群", value: r.userGroup.label),
            .init(label: "伤害情形", value: RiskText.scenario(r)), .init(label: "产品风险等级（模型）", value: r.riskLevel.grade),
            .init(label: "内容与证据", value: r.evidence), .init(label: "报送人", value: r.reporter), .init(label: "报送日期", value: r.reportedOn.description),
            .init(label: "风险级别", value: r.urgency?.label ?? "—"), .init(label: "定级日期", value: r.gradedOn?.description ?? "—"),
            .init(label: "研判意见", value: r.decisionNote ?? "—"), .init(label: "处置措施", value: r.measures ?? "—"), .init(label: "处置结果", value: r.result ?? "—"),
        ]
        let model = WorkflowRecordPage.make(RiskItemKind.self, r, chrome: lists.chrome(request, context, "风险信息 \(r.number)", "/risk-items", RiskAction.self),
                                            p: p, today: today, rules: rules, calendar: calendar,
                                            events: try await WorkflowEvents.list(services.database, RiskItemKind.self, id: r.id), fields: fields, links: links)
        return try services.views.page(model, "workflow-record")
    }

    // MARK: An item reported by hand

    static let itemFields = [
        FieldSpec("source", "来源", .choice(RiskSource.entered.map { Choice(code: $0.rawValue, label: $0.label) }), required: true),
        FieldSpec("productCode", "产品编码", .text, required: true, maxLength: 20),
        FieldSpec("uscc", "企业统一社会信用代码（已知时填写）", .text, maxLength: 18),
        FieldSpec("districtCode", "所在区（未填企业时必选）", .choice(District.all.map { Choice(code: $0.code, label: $0.name) })),
        FieldSpec("hazard", "危害类型", .choice(Choice.of(Hazard.self)), required: true),
        FieldSpec("userGroup", "使用人群", .choice(Choice.of(UserGroup.self)), required: true),
        FieldSpec("severity", "伤害严重程度（1至4）", .choice((1...4).map { Choice(code: String($0), label: String($0)) }), required: true),
        FieldSpec("probability", "伤害发生概率（如 1/5000 或 0.0002）", .text, required: true, maxLength: 30),
        FieldSpec("reporter", "报送人或报送单位", .text, required: true, maxLength: 100),
        FieldSpec("reportedOn", "报送日期", .date, required: true),
        FieldSpec("evidence", "内容与证据", .longText, required: true, maxLength: 2000),
    ]

    func newItem(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        _ = try Self.principal(context)
        var shown = values
        if shown.isEmpty { shown = ["reportedOn": services.today().description, "userGroup": UserGroup.general.rawValue] }
        let model = FormPage(chrome: PageChrome(title: "报送风险信息", context: context, active: "/risk-items"), heading: "报送风险信息", action: "/risk-items",
                             cancelURL: "/risk-items", version: nil,
                             fields: FormPage.fields(Self.itemFields, values: shown, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { e in !Self.itemFields.contains { $0.key == e.field } }.map(\.message), submitLabel: "报送")
        return try services.views.page(model, "form", status: status)
    }

    func create(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let form = StepForm(context.form, specs: Self.itemFields)
        return try await submitting({
            try form.finish()
            let item = try await RiskItemRepository(services.database).create(
                .init(source: form["source"].flatMap(RiskSource.init(rawValue:)) ?? .complaint, productCode: form["productCode"] ?? "", uscc: form["uscc"],
                      districtCode: form["districtCode"], hazard: form["hazard"].flatMap(Hazard.init(rawValue:)) ?? .other,
                      userGroup: form["userGroup"].flatMap(UserGroup.init(rawValue:)) ?? .general, severity: form["severity"].flatMap { Int($0) } ?? 0,
                      probability: form["probability"] ?? "", evidence: form["evidence"] ?? "", reporter: form["reporter"] ?? "",
                      reportedOn: form["reportedOn"].flatMap(Day.init)),
                today: services.today(), as: p)
            return redirect("/risk-items/\(item.id)?msg=created")
        }, again: { errors, status in try await newItem(context, values: context.form, errors: errors, status: status) })
    }

    // MARK: The risk map

    func mapYear(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters.get("year") else { return services.today().year }
        guard let year = Int(text), (2000...2100).contains(year) else { throw WebError.badRequest("年度应为2000至2100之间的整数") }
        return year
    }

    func riskMap(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let year = try mapYear(request)
        let (today, rules, _) = try await services.clockRules()
        let chrome = PageChrome(title: "风险图谱", context: context, active: "/risk-map")
        // Kept as rendered until something is written, like the dashboard (ReadCache): the rollups make a computation
        // tens of milliseconds at city scale, a kept page one.
        let key = "risk-map|\(p.accountId)|\(chrome.csrf)|\(year)|\(today)"
        return HTMLResponse(try await services.database.reads.value(key, staleWhileReading: true) { try await renderMap(p, chrome: chrome, year: year, today: today, rules: rules) }).response
    }

    func renderMap(_ p: Principal, chrome: PageChrome, year: Int, today: Day, rules: RuleSet) async throws -> String {
        // The map's reads are independent: each on its own connection.
        async let cells = RiskMapQuery(services.database).cells(year: year, today: today, rules: rules, as: p)
        async let clusters = RiskMapQuery(services.database).clusters(year: year, today: today, rules: rules, as: p)
        async let years = services.pickerYears(through: today.year)
        var model = RiskMapPage(chrome: chrome, cells: try await cells, year: year, years: try await years, months: rules.int("productGradeMonths"))
        model.clusters = RiskMapPage.clusterRows(try await clusters)
        return try services.views.render(model, "risk-map")
    }

    func exportRiskMap(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let year = try mapYear(request)
        let format = request.uri.queryParameters.get("format") ?? "csv"
        guard ["csv", "xlsx"].contains(format) else { throw WebError.badRequest("导出格式应为 csv 或 xlsx") }
        let (today, rules, _) = try await services.clockRules()
        let cells = try await RiskMapQuery(services.database).cells(year: year, today: today, rules: rules, as: p)
        return try ExportResponse.make(rows: RiskMapExport.rows(cells), name: "风险图谱\(year)", format: format)
    }

    // MARK: A product's grade

    func productRisk(_ request: Request, _ context: AppRequestContext, errors: [FieldError], values: [String: String],
                     status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        let id = try context.id()
        guard let product = try await MasterRepository<Product>(services.database).find(id, as: p) else { throw WebError.notFound }
        let (today, rules, _) = try await services.clockRules()
        let store = ProductGradeStore(services.database)
        var filter = RiskItemRepository.Filter()
        filter.productId = id
        let items = try await RiskItemRepository(services.database).page(filter, limit: 200, offset: 0, as: p).items
        let model = ProductRiskPage(chrome: PageChrome(title: "产品风险等级 · \(product.name)", context: context, active: "/risk-items",
                                                       flash: Flash.message(request.uri.queryParameters.get("msg"))),
                                    product: product, current: try await store.current(id), live: try await store.model(id, today: today, rules: rules),
                                    history: try await store.history(id), items: items, months: rules.int("productGradeMonths"),
                                    canOverride: RiskPolicy.graderRoles.contains(p.role), errors: errors, values: values)
        return try services.views.page(model, "product-risk", status: status)
    }

    func override(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard RiskPolicy.graderRoles.contains(p.role) else { throw WebError.forbidden }
        let id = try context.id()
        let form = context.form
        let level = form["level"].flatMap { $0.isEmpty ? nil : ProductRiskLevel(codeOrLabel: $0) }
        if let text = form["level"], !text.isEmpty, level == nil {
            return try await productRisk(request, context, errors: [FieldError("level", "“调整后等级”应为：高、较高、一般、低，或撤销调整")], values: form, status: .badRequest)
        }
        do {
            _ = try await ProductGradeStore(services.database).override(id, level: level, expert: form["expert"] ?? "", reason: form["reason"] ?? "",
                                                                        today: services.today(), as: p)
            return redirect("/products/\(id)/risk?msg=saved")
        } catch let error as StoreError where error.isUserFixable {
            return try await productRisk(request, context, errors: error.fieldErrors.isEmpty ? [FieldError("", error.message)] : error.fieldErrors,
                                         values: form, status: WebError(error).status)
        }
    }
}

/// How an item's scenario reads: “严重程度3，概率1/5000（> 1/10 000），一般消费者”.
enum RiskText {
    static func scenario(_ r: RiskItem) -> String {
        "严重程度\(r.severity)，概率\(RiskProbability.text(r.probability))（\(ProbabilityBand(probability: r.probability).label)），\(r.userGroup.label)"
            + (r.userGroup.isVulnerable ? "（易受伤害人群，概率上调一档）" : "")
    }
}
