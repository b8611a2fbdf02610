import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Risk monitoring (SPEC RK-6): the city's plans, and each plan's monitoring batches as the agency records them;
/// the steps are the generic step pages (WorkflowActionRoutes<MonitoringRepository>). A plan's page is the batch
/// list filtered to it, with the plan above.
struct MonitoringRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/monitoring-plans") { request, context in try await plans(request, context) }
        router.get("/monitoring-plans/new") { _, context in try await newPlan(context, values: [:], errors: []) }
        router.post("/monitoring-plans") { _, context in try await createPlan(context) }
        router.get("/monitoring-batches") { request, context in try await batches(request, context) }
        router.get("/monitoring-batches/export") { request, context in try await export(request, context) }
        router.get("/monitoring-batches/new") { request, context in
            try await newBatch(context, values: ["planId": request.uri.queryParameters.get("plan") ?? ""], errors: [])
        }
        router.post("/monitoring-batches") { _, context in try await createBatch(context) }
        router.get("/monitoring-batches/:id") { request, context in try await batch(request, context) }
    }

    static func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard MonitoringPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    // MARK: Plans

    func plans(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: ["year"])
        let all = try await MonitoringRepository(services.database).plans(year: query.params["year"].flatMap { Int($0) }, as: p)
        let search = query.q.trimmed
        let shown = search.isEmpty ? all : all.filter { $0.title.contains(search) || $0.productName.contains(search) || $0.items.contains(search) }
        let rows = shown.map { m in
            RecordListPage.Row(url: "/monitoring-batches?plan=\(m.id)", cells: [m.number, m.title, m.productName, m.agencyName, m.focus.label,
                                                                              "\(m.recorded)/\(m.plannedBatches)", String(m.findings), String(m.year)])
        }
        return try lists.listPage(context, heading: "风险监测计划", base: "/monitoring-plans", query: query,
                                  filters: [.init(key: "year", label: "年度", options: query.options("year", try await lists.years()))],
                                  columns: ["编号", "名称", "产品", "承担机构", "监测重点", "已登记/计划批次", "发现风险", "年度"], rows: rows, total: rows.count,
                                  newURL: RiskPolicy.graderRoles.contains(p.role) ? "/monitoring-plans/new" : nil,
                                  links: [.init(label: "全部监测批次", url: "/monitoring-batches")], searchHint: "计划名称、产品、监测项目")
    }

    func planFields() async throws -> [FieldSpec] {
        let agencies = try await services.repository(Agency.self).choices(as: StatsPolicy.cityWide)
        return [
            FieldSpec("year", "年度", .integer, required: true),
            FieldSpec("title", "计划名称", .text, required: true, maxLength: 100),
            FieldSpec("productCode", "产品编码", .text, required: true, maxLength: 20),
            FieldSpec("agencyId", "承担机构", .choice(agencies.map { Choice(code: String($0.id), label: $0.name) }), required: true),
            FieldSpec("focus", "监测重点", .choice(Choice.of(MonitoringFocus.self)), required: true),
            FieldSpec("plannedBatches", "计划批次", .integer, required: true),
            FieldSpec("items", "监测项目（每行一项；无现行标准的项目请注明）", .longText, required: true, maxLength: 2000),
        ]
    }

    func newPlan(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        guard RiskPolicy.graderRoles.contains(p.role) else { throw WebError.forbidden }
        var shown = values
        if shown.isEmpty { shown = ["year": String(services.today().year), "focus": MonitoringFocus.opinion.rawValue] }
        let specs = try await planFields()
        let model = FormPage(chrome: PageChrome(title: "制定风险监测计划", context: context, active: "/monitoring-plans"), heading: "制定风险监测计划",
                             action: "/monitoring-plans", cancelURL: "/monitoring-plans", version: nil,
                             fields: FormPage.fields(specs, values: shown, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { e in !specs.contains { $0.key == e.field } }.map(\.message), submitLabel: "保存")
        return try services.views.page(model, "form", status: status)
    }

    func createPlan(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard RiskPolicy.graderRoles.contains(p.role) else { throw WebError.forbidden }
        var form = StepForm(context.form, specs: try await planFields())
        let year = form.int("year", in: 2000...2100, "年度应为四位数字")
        let batches = form.int("plannedBatches", in: 1...500, "计划批次应为1至500")
        return try await submitting({
            try form.finish()
            let plan = try await MonitoringRepository(services.database).createPlan(
                .init(year: year ?? 0, title: form["title"] ?? "", productCode: form["productCode"] ?? "", agencyId: form["agencyId"].flatMap { Int64($0) } ?? 0,
                      items: form["items"] ?? "", focus: form["focus"].flatMap(MonitoringFocus.init(rawValue:)) ?? .other, plannedBatches: batches ?? 0),
                today: services.today(), as: p)
            return redirect("/monitoring-batches?plan=\(plan.id)&msg=saved")
        }, again: { errors, status in try await newPlan(context, values: context.form, errors: errors, status: status) })
    }

    // MARK: Batches

    static let filterKeys = ["plan", "state", "finding", "year"]

    static func filter(_ params: [String: String], search: String) -> MonitoringRepository.Filter {
        var f = MonitoringRepository.Filter()
        f.planId = params["plan"].flatMap { Int64($0) }
        f.state = params["state"].flatMap(MonitoringState.init(rawValue:))
        f.finding = params["finding"].map { $0 == "1" }
        f.year = params["year"].flatMap { Int($0) }
        f.search = search
        return f
    }

    func batches(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let size = RecordLists.pageSize
        let repo = MonitoringRepository(services.database)
        let page = try await repo.page(Self.filter(query.params, search: query.q), limit: size, offset: (query.page - 1) * size, as: p)
        let (today, rules, calendar) = try await services.clockRules()
        let rows = page.items.map { b in
            let due = Workflow<MonitoringBatchKind>.deadline(b, rules: rules, calendar: calendar)
            return RecordListPage.Row(url: "/monitoring-batches/\(b.id)", cells: [b.number, b.sampleName, b.productName, b.channel.label, b.source,
                                                                                 b.sampledOn.description, b.finding.map { $0 ? "发现风险" : "未发现" } ?? "—",
                                                                                 due?.day?.description ?? "—", b.state.label],
                                      overdue: due?.day.map { $0 < today } ?? false)
        }
        let plans = try await repo.plans(year: nil, as: p)
        let plan = query.params["plan"].flatMap { id in plans.first { String($0.id) == id } }
        var links: [WorkflowRecordPage.Link] = [.init(label: "监测计划", url: "/monitoring-plans")]
        if let plan, p.role == .agencyUser, p.agencyId == plan.agencyId {
            links.insert(.init(label: "登记监测批次", url: "/monitoring-batches/new?plan=\(plan.id)"), at: 0)
        }
        let summary: [WorkflowRecordPage.Field] = plan.map { m in
            [.init(label: "监测计划", value: "\(m.number) \(m.title)"), .init(label: "产品", value: m.productName), .init(label: "承担机构", value: m.agencyName),
             .init(label: "监测重点", value: m.focus.label), .init(label: "监测项目", value: m.itemList.joined(separator: "\n")),
             .init(label: "进度", value: "已登记\(m.recorded)批次，计划\(m.plannedBatches)批次，发现风险\(m.findings)批次"),
             .init(label: "说明", value: "风险监测结果不是检验结论，不启动异议程序，不以企业名义公开；发现的风险报送为风险信息，由市局研判。")]
        } ?? []
        return try lists.listPage(context, heading: plan.map { "风险监测批次 · \($0.title)" } ?? "风险监测批次", base: "/monitoring-batches", query: query,
                                  filters: [.init(key: "plan", label: "监测计划", options: query.options("plan", plans.map { (String($0.id), "\($0.number) \($0.title)") })),
                                            .init(key: "state", label: "状态", options: query.options("state", MonitoringState.allCases.map { ($0.rawValue, $0.label) })),
                                            .init(key: "finding", label: "结果", options: query.options("finding", [("1", "发现风险"), ("0", "未发现风险")])),
                                            .init(key: "year", label: "年度", options: query.options("year", try await lists.years()))],
                                  columns: ["编号", "样品", "产品", "渠道", "抽样地点或网店", "抽样日期", "结果", "期限", "状态"], rows: rows, total: page.total,
                                  newURL: nil, links: links, searchHint: "样品、抽样地点、企业", summary: summary)
    }

    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let repo = MonitoringRepository(services.database), filter = Self.filter(query.params, search: query.q)
        return ExportResponse.csv(try await CSVStream.make(header: MonitoringExport.header) { offset, size in
            try await repo.page(filter, limit: size, offset: offset, as: p).items.map(MonitoringExport.row)
        }, name: "风险监测批次")
    }

    func batch(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let b = try await MonitoringRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let (today, rules, calendar) = try await services.clockRules()
        var links: [WorkflowRecordPage.Link] = [.init(label: "监测计划 \(b.planTitle)", url: "/monitoring-batches?plan=\(b.planId)")]
        if let id = b.riskItemId, p.role != .agencyUser { links.append(.init(label: "报送的风险信息", url: "/risk-items/\(id)")) }
        let model = WorkflowRecordPage.make(MonitoringBatchKind.self, b,
                                            chrome: lists.chrome(request, context, "风险监测 \(b.number)", "/monitoring-plans", MonitoringAction.self),
                                            p: p, today: today, rules: rules, calendar: calendar,
                                            events: try await WorkflowEvents.list(services.database, MonitoringBatchKind.self, id: b.id),
                                            fields: MonitoringExport.fields(b), links: links)
        return try services.views.page(model, "workflow-record")
    }

    static let batchFields = [
        FieldSpec("planId", "监测计划", .text, required: true, maxLength: 20),
        FieldSpec("channel", "渠道", .choice(Choice.of(MonitoringChannel.self)), required: true),
        FieldSpec("source", "抽样地点或网店", .text, required: true, maxLength: 200),
        FieldSpec("sampleName", "样品名称与规格", .text, required: true, maxLength: 100),
        FieldSpec("uscc", "生产企业统一社会信用代码（已知时填写，不公开）", .text, maxLength: 18),
        FieldSpec("sampledOn", "抽样日期", .date, required: true),
    ]

    func batchSpecs(_ p: Principal) async throws -> [FieldSpec] {
        let plans = try await MonitoringRepository(services.database).plans(year: nil, as: p)
        var specs = Self.batchFields
        specs[0] = FieldSpec("planId", "监测计划", .choice(plans.map { Choice(code: String($0.id), label: "\($0.number) \($0.title)") }), required: true)
        return specs
    }

    func newBatch(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        guard p.role == .agencyUser else { throw WebError.forbidden }
        var shown = values
        if shown["sampledOn"] == nil { shown["sampledOn"] = services.today().description }
        if shown["channel"] == nil { shown["channel"] = MonitoringChannel.online.rawValue }
        let specs = try await batchSpecs(p)
        let model = FormPage(chrome: PageChrome(title: "登记风险监测批次", context: context, active: "/monitoring-plans"), heading: "登记风险监测批次",
                             action: "/monitoring-batches", cancelURL: "/monitoring-plans", version: nil,
                             fields: FormPage.fields(specs, values: shown, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { e in !specs.contains { $0.key == e.field } }.map(\.message), submitLabel: "登记")
        return try services.views.page(model, "form", status: status)
    }

    func createBatch(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard p.role == .agencyUser else { throw WebError.forbidden }
        let form = StepForm(context.form, specs: try await batchSpecs(p))
        return try await submitting({
            try form.finish()
            let batch = try await MonitoringRepository(services.database).create(
                .init(planId: form["planId"].flatMap { Int64($0) } ?? 0, channel: form["channel"].flatMap(MonitoringChannel.init(rawValue:)) ?? .market,
                      source: form["source"] ?? "", sampleName: form["sampleName"] ?? "", uscc: form["uscc"],
                      sampledOn: form["sampledOn"].flatMap(Day.init) ?? services.today()),
                today: services.today(), as: p)
            return redirect("/monitoring-batches/\(batch.id)?msg=created")
        }, again: { errors, status in try await newBatch(context, values: context.form, errors: errors, status: status) })
    }
}

/// A monitoring batch as its page and its CSV row read: never a verdict, the enterprise inside the bureau only.
enum MonitoringExport {
    static let header = ["编号", "监测计划", "产品", "渠道", "抽样地点或网店", "样品", "生产企业", "所在区", "抽样日期", "状态", "检测结果", "是否发现风险", "风险描述"]

    static func row(_ b: MonitoringBatch) -> [String] {
        [b.number, b.planTitle, b.productName, b.channel.label, b.source, b.sampleName, b.enterpriseName ?? "", District.named(code: b.districtCode),
         b.sampledOn.description, b.state.label, b.results ?? "", b.finding.map { $0 ? "是" : "否" } ?? "", b.findingText ?? ""]
    }

    static func fields(_ b: MonitoringBatch) -> [WorkflowRecordPage.Field] {
        [.init(label: "编号", value: b.number), .init(label: "监测计划", value: b.planTitle), .init(label: "产品", value: b.productName),
         .init(label: "渠道", value: b.channel.label), .init(label: "抽样地点或网店", value: b.source), .init(label: "样品", value: b.sampleName),
         .init(label: "生产企业（不公开）", value: b.enterpriseName ?? "—"), .init(label: "所在区", value: District.named(code: b.districtCode)),
         .init(label: "抽样日期", value: b.sampledOn.description), .init(label: "检测结果", value: b.results ?? "—"),
         .init(label: "是否发现风险", value: b.finding.map { $0 ? "发现风险" : "未发现风险" } ?? "—"), .init(label: "风险描述", value: b.findingText ?? "—"),
         .init(label: "说明", value: "风险监测结果不是检验结论：不启动异议程序，不以企业名义公开。")]
    }
}
