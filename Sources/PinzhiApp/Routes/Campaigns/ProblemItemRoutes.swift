import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The problem list 问题清单 (SPEC CP-4): the list with filters (campaign, state, source, class, district, overdue),
/// paging and export; a lead entered by the district; each item's page with its measures, links and timeline. The
/// steps are the generic step pages (WorkflowActionRoutes<ProblemItemRepository>).
struct ProblemItemRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/problem-items") { request, context in try await items(request, context) }
        router.get("/problem-items/export") { request, context in try await export(request, context) }
        router.get("/problem-items/new") { request, context in
            try await newItem(context, values: ["campaignId": request.uri.queryParameters.get("campaign") ?? ""], errors: [])
        }
        router.post("/problem-items") { _, context in try await create(context) }
        router.get("/problem-items/:id") { request, context in try await page(request, context) }
    }

    static func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard ProblemPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    static let filterKeys = ["campaign", "state", "source", "severity", "district", "overdue"]

    func filter(_ params: [String: String], search: String) -> ProblemItemRepository.Filter {
        var f = ProblemItemRepository.Filter()
        f.campaignId = params["campaign"].flatMap { Int64($0) }
        f.state = params["state"].flatMap(ProblemState.init(rawValue:))
        f.source = params["source"].flatMap(ProblemSource.init(rawValue:))
        f.severity = params["severity"].flatMap(ProblemSeverity.init(rawValue:))
        f.district = params["district"]
        if params["overdue"] == "yes" { f.overdueOn = services.today() }
        f.search = search
        return f
    }

    func items(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let size = RecordLists.pageSize
        let page = try await ProblemItemRepository(services.database).page(filter(query.params, search: query.q), limit: size,
                                                                           offset: (query.page - 1) * size, countLimit: RecordLists.countLimit, as: p)
        let today = services.today()
        let rows = page.items.map { i in
            RecordListPage.Row(url: "/problem-items/\(i.id)", cells: [i.number, i.enterpriseName, District.named(code: i.districtCode), i.productName ?? "—",
                                                                    i.source.label, i.severity?.label ?? "—", i.deadline?.description ?? "—", i.state.label],
                               overdue: i.isOverdue(on: today))
        }
        let campaigns = try await CampaignRepository(services.database).list(as: p)
        var filters: [ListPage.Filter] = [
            .init(key: "campaign", label: "专项行动", options: query.options("campaign", campaigns.map { (String($0.id), $0.name) })),
            .init(key: "state", label: "状态", options: query.options("state", ProblemState.allCases.map { ($0.rawValue, $0.label) })),
            .init(key: "source", label: "来源", options: query.options("source", ProblemSource.allCases.map { ($0.rawValue, $0.label) })),
            .init(key: "severity", label: "类别", options: query.options("severity", ProblemSeverity.allCases.map { ($0.rawValue, $0.label) })),
            .init(key: "overdue", label: "逾期", options: query.options("overdue", [("yes", "仅逾期未销号")])),
        ]
        if [.cityAdmin, .citySupervisor, .enforcementOfficer].contains(p.role) {
            filters.append(.init(key: "district", label: "区", options: query.options("district", District.all.map { ($0.code, $0.name) })))
        }
        let newURL = ProblemItemRepository.mayEnter(p) ? "/problem-items/new" + (query.params["campaign"].map { "?campaign=\($0)" } ?? "") : nil
        return try lists.listPage(context, heading: "问题清单", base: "/problem-items", query: query, filters: filters,
                                  columns: ["编号", "企业", "所在区", "产品", "来源", "类别", "整治期限", "状态"], rows: rows, total: page.total, newURL: newURL,
                                  links: [.init(label: "专项行动", url: "/campaigns")], searchHint: "企业名称、问题、产品")
    }

    static let header = ["编号", "专项行动", "企业", "所在区", "产品", "环节", "来源", "问题", "类别", "措施", "责任单位", "责任人", "整治期限", "状态", "销号日期",
                         "回头看", "关联案件", "结转理由"]

    static func row(_ i: ProblemItem) -> [String] {
        [i.number, i.campaignName, i.enterpriseName, District.named(code: i.districtCode), i.productName ?? "", i.stage.label, i.source.label, i.problem,
         i.severity?.label ?? "", i.measures.map(\.label).joined(separator: "、"), i.responsibleOrganisation ?? "", i.responsiblePerson ?? "",
         i.deadline?.description ?? "", i.state.label, i.closedOn?.description ?? "", i.reviewFinding ?? "", i.caseNumber ?? "", i.carriedOver ?? ""]
    }

    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let repo = ProblemItemRepository(services.database), f = filter(query.params, search: query.q)
        return ExportResponse.csv(try await CSVStream.make(header: Self.header) { offset, size in
            try await repo.page(f, limit: size, offset: offset, as: p).items.map(Self.row)
        }, name: "问题清单")
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let i = try await ProblemItemRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let (today, rules, calendar) = try await services.clockRules()
        var links: [WorkflowRecordPage.Link] = [.init(label: "专项行动", url: "/campaigns/\(i.campaignId)")]
        if let b = i.batchId { links.append(.init(label: "来源批次", url: "/batches/\(b)")) }
        if let x = i.inspectionId { links.append(.init(label: "现场检查记录", url: "/campaign-inspections/\(x)")) }
        if let c = i.caseId, p.role != .enterpriseUser { links.append(.init(label: "关联案件\(i.caseNumber ?? "")", url: "/cases/\(c)")) }
        if let l = i.leadId, p.role != .enterpriseUser { links.append(.init(label: "移送的案件线索", url: "/leads/\(l)")) }
        if let r = i.relapseOf { links.append(.init(label: "原问题（复发前）", url: "/problem-items/\(r)")) }
        if let a = i.assistanceCaseId, p.role != .enforcementOfficer {
            links.append(.init(label: "质量技术帮扶案例", url: "/assistance-cases/\(a)"))
        } else if AssistancePolicy.organises(p, districtCode: i.districtCode), i.isOpen, i.state != .verifying {
            links.append(.init(label: "申请质量技术帮扶", url: "/assistance-cases/new?problem=\(i.id)"))
        }
        let fields: [WorkflowRecordPage.Field] = [
            .init(label: "编号", value: i.number), .init(label: "专项行动", value: i.campaignName), .init(label: "企业", value: i.enterpriseName),
            .init(label: "所在区", value: District.named(code: i.districtCode)), .init(label: "产品", value: i.productName ?? "—"),
            .init(label: "环节", value: i.stage.label), .init(label: "来源", value: i.source.label), .init(label: "登记日期", value: i.reportedOn.description),
            .init(label: "存在的问题", value: i.problem), .init(label: "证据", value: i.evidence ?? "—"),
            .init(label: "问题类别", value: i.severity?.label ?? "—"), .init(label: "整治措施", value: i.measures.map(\.label).joined(separator: "、").nilIfEmpty ?? "—"),
            .init(label: "责任单位", value: i.responsibleOrganisation ?? "—"), .init(label: "责任人", value: i.responsiblePerson ?? "—"),
            .init(label: "整治期限", value: i.deadline?.description ?? "—"), .init(label: "企业原因分析", value: i.rootCause ?? "—"),
            .init(label: "销号依据", value: i.closureEvidence ?? "—"), .init(label: "销号日期", value: i.closedOn?.description ?? "—"),
            .init(label: "回头看", value: i.reviewFinding ?? i.reviewDue.map { "\($0)起进行" } ?? "—"),
            .init(label: "关联案件", value: i.caseNumber ?? "—"), .init(label: "结转", value: i.carriedOver.map { "市局批准结转：\($0)" } ?? "—"),
            .init(label: "说明", value: i.severity == .serious ? "严重问题须关联立案查处的案件，并经市局批准方可销号。" : "一般问题由所在区局销号。"),
        ]
        let model = WorkflowRecordPage.make(ProblemItemKind.self, i, chrome: lists.chrome(request, context, "问题清单 \(i.number)", "/problem-items", ProblemAction.self),
                                            p: p, today: today, rules: rules, calendar: calendar,
                                            events: try await WorkflowEvents.list(services.database, ProblemItemKind.self, id: i.id), fields: fields, links: links)
        return try services.views.page(model, "workflow-record")
    }

    // MARK: A lead entered by hand

    static let fields = [
        FieldSpec("campaignId", "专项行动", .text, required: true, maxLength: 20),
        FieldSpec("source", "来源", .choice(Choice.of(ProblemSource.self).filter { c in ProblemSource.entered.contains { $0.rawValue == c.code } }), required: true),
        FieldSpec("uscc", "企业统一社会信用代码", .text, required: true, maxLength: 18),
        FieldSpec("productCode", "产品编码（可选）", .text, maxLength: 20),
        FieldSpec("stage", "环节", .choice(Choice.of(ProblemStage.self)), required: true),
        FieldSpec("problem", "反映的问题", .longText, required: true, maxLength: 2000),
        FieldSpec("evidence", "证据材料", .longText, maxLength: 2000),
    ]

    func newItem(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        guard ProblemItemRepository.mayEnter(p) else { throw WebError.forbidden }
        let campaigns = try await CampaignRepository(services.database).list(as: p).filter { $0.state == .active }
        var specs = Self.fields
        specs[0] = FieldSpec("campaignId", "专项行动", .choice(campaigns.map { Choice(code: String($0.id), label: $0.name) }), required: true)
        var shown = values
        if (shown["campaignId"] ?? "").isEmpty, let first = campaigns.first { shown["campaignId"] = String(first.id) }
        let model = FormPage(chrome: PageChrome(title: "登记问题线索", context: context, active: "/problem-items"),
                             heading: "登记问题线索（风险监测、投诉举报、行业协会和风险信息监测站线索，核查属实后列入问题清单）",
                             action: "/problem-items", cancelURL: "/problem-items", version: nil,
                             fields: FormPage.fields(specs, values: shown, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { e in !specs.contains { $0.key == e.field } }.map(\.message), submitLabel: "登记")
        return try services.views.page(model, "form", status: status)
    }

    func create(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard ProblemItemRepository.mayEnter(p) else { throw WebError.forbidden }
        var form = StepForm(context.form, specs: Self.fields)
        return try await submitting({
            let campaign = form["campaignId"].flatMap { Int64($0) }
            if campaign == nil { form.fail("campaignId", "请选择专项行动") }
            try form.finish()
            let item = try await ProblemItemRepository(services.database).enter(
                .init(campaignId: campaign ?? 0, uscc: form["uscc"] ?? "", productCode: form["productCode"],
                      stage: form["stage"].flatMap(ProblemStage.init(rawValue:)) ?? .production,
                      source: form["source"].flatMap(ProblemSource.init(rawValue:)) ?? .complaint, problem: form["problem"] ?? "", evidence: form["evidence"]),
                today: services.today(), as: p)
            return redirect("/problem-items/\(item.id)?msg=created")
        }, again: { errors, status in try await newItem(context, values: context.form, errors: errors, status: status) })
    }
}
