import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Leads and cases (SPEC EN-1): their lists with filters, paging and export, a lead entered by hand, each record's
/// page; their steps are the generic step pages (WorkflowActionRoutes<LeadRepository>, <CaseRepository>).
struct EnforcementRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/leads") { request, context in try await leads(request, context) }
        router.get("/leads/export") { request, context in try await exportLeads(request, context) }
        router.get("/leads/new") { _, context in try await newLead(context, values: [:], errors: []) }
        router.post("/leads") { _, context in try await createLead(context) }
        router.get("/leads/:id") { request, context in try await lead(request, context) }
        router.get("/cases") { request, context in try await cases(request, context) }
        router.get("/cases/export") { request, context in try await exportCases(request, context) }
        router.get("/cases/:id") { request, context in try await enforcementCase(request, context) }
        router.get("/cases/:id/documents/:doc") { _, context in try await document(context) }
    }

    /// Readers of leads and cases: enforcement, the districts for their own, the city.
    static func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard EnforcementPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    static func leadFilter(_ params: [String: String], search: String) -> LeadRepository.Filter {
        var f = LeadRepository.Filter()
        f.state = params["state"].flatMap(LeadState.init(rawValue:))
        f.source = params["source"].flatMap(LeadSource.init(rawValue:))
        f.district = params["district"]
        f.year = params["year"].flatMap { Int($0) }
        f.search = search
        return f
    }

    func leads(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: ["state", "source", "district", "year"])
        let page = try await LeadRepository(services.database).page(Self.leadFilter(query.params, search: query.q), limit: RecordLists.pageSize,
                                                                    offset: (query.page - 1) * RecordLists.pageSize, countLimit: RecordLists.countLimit, as: p)
        let (today, rules, calendar) = try await services.clockRules()
        let rows = page.items.map { l in
            let due = l.state == .open ? Workflow<LeadKind>.deadline(l, rules: rules, calendar: calendar) : nil
            return RecordListPage.Row(url: "/leads/\(l.id)", cells: [l.number, l.enterpriseName, l.source.label, District.named(code: l.districtCode),
                                                                    l.batchNumber ?? "—", l.receivedOn.description,
                                                                    due?.day?.description ?? due?.missingText ?? "—", l.state.label],
                                      overdue: due?.day.map { $0 < today } ?? false)
        }
        return try lists.listPage(context, heading: "案件线索", base: "/leads", query: query,
                            filters: [.init(key: "state", label: "状态", options: query.options("state", LeadState.allCases.map { ($0.rawValue, $0.label) })),
                                      .init(key: "source", label: "来源", options: query.options("source", LeadSource.allCases.map { ($0.rawValue, $0.label) })),
                                      .init(key: "district", label: "所在区", options: query.options("district", District.all.map { ($0.code, $0.name) })),
                                      .init(key: "year", label: "年度", options: query.options("year", try await lists.years()))],
                            columns: ["编号", "企业", "来源", "所在区", "关联批次", "接收日期", "研判期限", "状态"], rows: rows, total: page.total,
                            newURL: EnforcementPolicy.handlerRoles.contains(p.role) ? "/leads/new" : nil,
                            links: [.init(label: "案件", url: "/cases")])
    }

    func exportLeads(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: ["state", "source", "district", "year"])
        return ExportResponse.csv(try await EnforcementExport.leads(LeadRepository(services.database), Self.leadFilter(query.params, search: query.q), as: p),
                                  name: "案件线索")
    }

    static func caseFilter(_ params: [String: String], search: String) -> CaseRepository.Filter {
        var f = CaseRepository.Filter()
        f.state = params["state"].flatMap(CaseState.init(rawValue:))
        f.open = params["open"].map { $0 == "1" || $0 == "true" }
        f.district = params["district"]
        f.year = params["year"].flatMap { Int($0) }
        f.fromSpotCheck = params["spot"].map { $0 == "1" || $0 == "true" }
        f.planYear = params["planYear"].flatMap { Int($0) }
        f.search = search
        return f
    }

    func cases(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: ["state", "open", "district", "year", "spot", "planYear"])
        let page = try await CaseRepository(services.database).page(Self.caseFilter(query.params, search: query.q), limit: RecordLists.pageSize,
                                                                    offset: (query.page - 1) * RecordLists.pageSize, countLimit: RecordLists.countLimit, as: p)
        let (today, rules, calendar) = try await services.clockRules()
        let rows = page.items.map { c in
            let due = Workflow<CaseKind>.deadline(c, rules: rules, calendar: calendar)
            return RecordListPage.Row(url: "/cases/\(c.id)", cells: [c.number, c.enterpriseName, c.leadSource.label, c.handler == .corps ? "执法总队" : District.named(code: c.districtCode),
                                                                    c.filedOn.description, due?.day?.description ?? "—", Money.text(c.penaltyTotal), c.state.label],
                                      overdue: due?.day.map { $0 < today } ?? false)
        }
        return try lists.listPage(context, heading: "案件", base: "/cases", query: query,
                            filters: [.init(key: "state", label: "状态", options: query.options("state", CaseState.allCases.map { ($0.rawValue, $0.label) })),
                                      .init(key: "open", label: "办理", options: query.options("open", [("1", "在办"), ("0", "已办结")])),
                                      .init(key: "spot", label: "线索", options: query.options("spot", [("1", "监督抽查"), ("0", "其他来源")])),
                                      .init(key: "district", label: "所在区", options: query.options("district", District.all.map { ($0.code, $0.name) })),
                                      .init(key: "year", label: "立案年度", options: query.options("year", try await lists.years()))],
                            columns: ["编号", "企业", "线索来源", "办案单位", "立案日期", "期限", "罚没金额（元）", "状态"], rows: rows, total: page.total,
                            newURL: nil, links: [.init(label: "案件线索", url: "/leads")])
    }

    func exportCases(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: ["state", "open", "district", "year", "spot", "planYear"])
        return ExportResponse.csv(try await EnforcementExport.cases(CaseRepository(services.database), Self.caseFilter(query.params, search: query.q), as: p),
                                  name: "案件")
    }

    // MARK: Records

    func lead(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let l = try await LeadRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let (today, rules, calendar) = try await services.clockRules()
        var links: [WorkflowRecordPage.Link] = [.init(label: "企业档案", url: "/enterprises/\(l.enterpriseId)/archive")]
        if let b = l.batchId { links.append(.init(label: "关联批次 \(l.batchNumber ?? "")", url: "/batches/\(b)")) }
        if let c = l.caseId { links.append(.init(label: "案件", url: "/cases/\(c)")) }
        let fields: [WorkflowRecordPage.Field] = [
            .init(label: "编号", value: l.number), .init(label: "来源", value: l.source.label), .init(label: "企业", value: l.enterpriseName),
            .init(label: "所在区", value: District.named(code: l.districtCode)), .init(label: "关联批次", value: l.batchNumber ?? "—"),
            .init(label: "线索内容", value: l.summary), .init(label: "接收日期", value: l.receivedOn.description),
            .init(label: "研判期限", value: l.extended ? "已延期一次" : "未延期"), .init(label: "研判日期", value: l.decidedOn?.description ?? "—"),
            .init(label: "研判意见", value: l.decisionNote ?? "—"),
        ]
        let model = WorkflowRecordPage.make(LeadKind.self, l, chrome: lists.chrome(request, context, "案件线索 \(l.number)", "/leads", LeadAction.self), p: p,
                                            today: today, rules: rules, calendar: calendar,
                                            events: try await WorkflowEvents.list(services.database, LeadKind.self, id: l.id), fields: fields, links: links)
        return try services.views.page(model, "workflow-record")
    }

    func enforcementCase(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let c = try await CaseRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let (today, rules, calendar) = try await services.clockRules()
        var links: [WorkflowRecordPage.Link] = [.init(label: "线索", url: "/leads/\(c.leadId)"), .init(label: "企业档案", url: "/enterprises/\(c.enterpriseId)/archive")]
        if let b = c.batchId { links.append(.init(label: "关联批次", url: "/batches/\(b)")) }
        func money(_ v: Double?) -> String { v.map { Money.text($0) + "元" } ?? "—" }
        var fields: [WorkflowRecordPage.Field] = [
            .init(label: "案件编号", value: c.number), .init(label: "当事人", value: c.enterpriseName),
            .init(label: "所在区", value: District.named(code: c.districtCode)), .init(label: "办案单位", value: c.handler.label),
            .init(label: "线索来源", value: c.leadSource.label), .init(label: "法律依据", value: c.article?.label ?? "—"), .init(label: "立案事由", value: c.summary),
            .init(label: "立案日期", value: c.filedOn.description),
            .init(label: "处罚决定期限", value: c.decisionDue.description + (c.extended ? "（已延长）" : "")),
            .init(label: "货值金额", value: money(c.goodsValue)), .init(label: "罚款", value: money(c.fine)),
            .init(label: "没收违法所得", value: money(c.confiscation)), .init(label: "罚没金额", value: money(c.penaltyTotal)),
            .init(label: "案值", value: money(c.caseValue)), .init(label: "决定日期", value: c.decidedOn?.description ?? "—"),
            .init(label: "结案日期", value: c.closedOn?.description ?? "—"),
        ]
        if let warning = c.fine.flatMap({ c.article?.fineWarning(fine: $0, goodsValue: c.goodsValue) }) { fields.append(.init(label: "罚款幅度提示", value: warning)) }
        if let d = c.referredOn { fields.append(.init(label: "移送公安", value: "批准\(c.referralDecidedOn?.description ?? "—")，移送\(d)")) }
        if let d = c.disciplineSentOn { fields.append(.init(label: "行纪衔接", value: "\(d)移送纪委监委；反馈：\(c.disciplineFeedback ?? "待反馈")")) }
        var noticeFilter = IssuerNoticeRepository.Filter()
        noticeFilter.caseId = c.id
        for n in try await IssuerNoticeRepository(services.database).page(noticeFilter, limit: 50, offset: 0, as: p).items {
            links.append(.init(label: "通报\(n.issuer)（\(n.licenceKind.label) \(n.licenceNumber)）：\(n.measure?.label ?? n.state.label)", url: "/issuer-notices/\(n.id)"))
        }
        let documents = CaseDocument.allCases.filter { $0.isAvailable(c) }.map { WorkflowRecordPage.Link(label: $0.title, url: "/cases/\(c.id)/documents/\($0.rawValue)") }
        let model = WorkflowRecordPage.make(CaseKind.self, c, chrome: lists.chrome(request, context, "案件 \(c.number)", "/cases", CaseAction.self), p: p,
                                            today: today, rules: rules, calendar: calendar,
                                            events: try await WorkflowEvents.list(services.database, CaseKind.self, id: c.id), fields: fields, links: links,
                                            documents: documents)
        return try services.views.page(model, "workflow-record")
    }

    // MARK: A lead entered by hand

    static let leadFields = [FieldSpec("source", "来源", .choice(LeadSource.entered.map { Choice(code: $0.rawValue, label: $0.label) }), required: true),
                             FieldSpec("uscc", "企业统一社会信用代码", .text, required: true, maxLength: 18),
                             FieldSpec("receivedOn", "接收日期", .date, required: true),
                             FieldSpec("summary", "线索内容", .longText, required: true, maxLength: 1000)]

    func newLead(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        guard EnforcementPolicy.handlerRoles.contains(p.role) else { throw WebError.forbidden }
        var shown = values
        if shown.isEmpty { shown["receivedOn"] = services.today().description }
        let model = FormPage(chrome: PageChrome(title: "登记案件线索", context: context, active: "/leads"), heading: "登记案件线索", action: "/leads",
                             cancelURL: "/leads", version: nil,
                             fields: FormPage.fields(Self.leadFields, values: shown, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { e in !Self.leadFields.contains { $0.key == e.field } }.map(\.message), submitLabel: "登记")
        return try services.views.page(model, "form", status: status)
    }

    func createLead(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard EnforcementPolicy.handlerRoles.contains(p.role) else { throw WebError.forbidden }
        let form = StepForm(context.form, specs: Self.leadFields)
        return try await submitting({
            try form.finish()
            let lead = try await LeadRepository(services.database).create(
                source: form["source"].flatMap(LeadSource.init(rawValue:)) ?? .complaint, enterpriseId: nil, uscc: form["uscc"],
                summary: form["summary"] ?? "", receivedOn: form["receivedOn"].flatMap(Day.init), today: services.today(), as: p)
            return redirect("/leads/\(lead.id)?msg=saved")
        }, again: { errors, status in try await newLead(context, values: context.form, errors: errors, status: status) })
    }

    // MARK: Documents

    func document(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let c = try await CaseRepository(services.database).find(try context.id(), as: p),
              let doc = context.parameters.get("doc").flatMap(CaseDocument.init(rawValue:)), doc.isAvailable(c) else { throw WebError.notFound }
        let events = try await WorkflowEvents.list(services.database, CaseKind.self, id: c.id)
        return try services.views.page(doc.page(c, events: events), "document")
    }
}
