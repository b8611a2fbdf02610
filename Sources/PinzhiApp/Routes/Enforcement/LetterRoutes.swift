import Hummingbird
import PinzhiDomain
import PinzhiStore

/// "三书一函" (SPEC EN-3): the list with filters, paging and export, a new letter, each letter's page and its printable
/// documents; the steps are the generic step pages (WorkflowActionRoutes<LetterRepository>).
struct LetterRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/letters") { request, context in try await letters(request, context) }
        router.get("/letters/export") { request, context in try await export(request, context) }
        router.get("/letters/new") { request, context in try await newLetter(context, values: Self.prefill(request), errors: []) }
        router.post("/letters") { _, context in try await create(context) }
        router.get("/letters/:id") { request, context in try await letter(request, context) }
        router.get("/letters/:id/documents/:doc") { _, context in try await document(context) }
    }

    static func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard LetterPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    static let filterKeys = ["state", "type", "target", "open", "district", "year"]

    static func filter(_ params: [String: String], search: String) -> LetterRepository.Filter {
        var f = LetterRepository.Filter()
        f.state = params["state"].flatMap(LetterState.init(rawValue:))
        f.type = params["type"].flatMap(LetterType.init(rawValue:))
        f.target = params["target"].flatMap(LetterTarget.init(rawValue:))
        f.open = params["open"].map { $0 == "1" || $0 == "true" }
        f.district = params["district"]
        f.year = params["year"].flatMap { Int($0) }
        f.search = search
        return f
    }

    func letters(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let size = RecordLists.pageSize
        let page = try await LetterRepository(services.database).page(Self.filter(query.params, search: query.q), limit: size,
                                                                      offset: (query.page - 1) * size, as: p)
        let (today, rules, calendar) = try await services.clockRules()
        let rows = page.items.map { l in
            let due = Workflow<LetterKind>.deadline(l, rules: rules, calendar: calendar)
            return RecordListPage.Row(url: "/letters/\(l.id)", cells: [l.number, l.type.label, l.addressee, l.issuerName, l.createdOn.description,
                                                                      due?.day?.description ?? due?.missingText ?? "—", l.state.label],
                                      overdue: due?.day.map { $0 < today } ?? false)
        }
        var filters: [ListPage.Filter] = [
            .init(key: "state", label: "状态", options: query.options("state", LetterState.allCases.map { ($0.rawValue, $0.label) })),
            .init(key: "type", label: "类型", options: query.options("type", LetterType.allCases.map { ($0.rawValue, $0.label) })),
            .init(key: "open", label: "办理", options: query.options("open", [("1", "未销号"), ("0", "已销号或已升级")])),
        ]
        if p.role != .enterpriseUser {
            filters += [.init(key: "target", label: "对象", options: query.options("target", LetterTarget.allCases.map { ($0.rawValue, $0.label) })),
                        .init(key: "district", label: "所在区", options: query.options("district", District.all.map { ($0.code, $0.name) }))]
        }
        filters.append(.init(key: "year", label: "年度", options: query.options("year", try await lists.years())))
        return try lists.listPage(context, heading: "三书一函", base: "/letters", query: query, filters: filters,
                                  columns: ["编号", "类型", "发送对象", "发文机关", "起草日期", "期限", "状态"], rows: rows, total: page.total,
                                  newURL: LetterPolicy.issuer(p) != nil ? "/letters/new" : nil)
    }

    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        return ExportResponse.csv(try await EnforcementExport.letters(LetterRepository(services.database), Self.filter(query.params, search: query.q), as: p),
                                  name: "三书一函")
    }

    func letter(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let l = try await LetterRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let (today, rules, calendar) = try await services.clockRules()
        var links: [WorkflowRecordPage.Link] = []
        if let e = l.enterpriseId, p.role != .enterpriseUser { links.append(.init(label: "企业档案", url: "/enterprises/\(e)/archive")) }
        if let from = l.escalatedFrom { links.append(.init(label: "升级前的文书", url: "/letters/\(from)")) }
        if let to = l.escalatedTo { links.append(.init(label: "升级后的文书", url: "/letters/\(to)")) }
        var fields: [WorkflowRecordPage.Field] = [
            .init(label: "文书编号", value: l.number), .init(label: "类型", value: l.type.label), .init(label: "发文机关", value: l.issuerName),
            .init(label: "发送对象", value: "\(l.target.label)：\(l.addressee)"), .init(label: "事由", value: l.reason),
            .init(label: "要求事项", value: l.requiredActions), .init(label: "回复期限", value: l.deadline.description),
            .init(label: "关联记录", value: l.linkedRecords ?? "—"), .init(label: "签发人", value: l.signer ?? "—"),
            .init(label: "发出日期", value: l.issuedOn?.description ?? "—"), .init(label: "送达日期", value: l.servedOn?.description ?? "—"),
            .init(label: "回复", value: l.reply.map { "\(l.repliedOn?.description ?? "")：\($0)" } ?? "—"),
        ]
        if l.type == .interview { fields.append(.init(label: "约谈记录", value: l.interviewRecord ?? "待约谈")) }
        fields += [.init(label: "核验情况", value: l.verificationNote ?? "—"), .init(label: "销号日期", value: l.state == .closed ? l.closedOn?.description ?? "—" : "—")]
        if l.isIgnored(today: today) {
            fields.append(.init(label: "逾期提示", value: "已超过回复期限\(l.deadline)仍未回复" + (l.type.escalation.map { "，可升级为\($0.label)" } ?? "")))
        }
        let documents = LetterDocument.allCases.filter { $0.isAvailable(l) }.map { WorkflowRecordPage.Link(label: $0.title(l), url: "/letters/\(l.id)/documents/\($0.rawValue)") }
        let model = WorkflowRecordPage.make(LetterKind.self, l, chrome: lists.chrome(request, context, "\(l.type.label) \(l.number)", "/letters", LetterAction.self),
                                            p: p, today: today, rules: rules, calendar: calendar,
                                            events: try await WorkflowEvents.list(services.database, LetterKind.self, id: l.id), fields: fields, links: links,
                                            documents: documents)
        return try services.views.page(model, "workflow-record")
    }

    func document(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let l = try await LetterRepository(services.database).find(try context.id(), as: p),
              let doc = context.parameters.get("doc").flatMap(LetterDocument.init(rawValue:)), doc.isAvailable(l) else { throw WebError.notFound }
        return try services.views.page(doc.page(l), "document")
    }

    // MARK: A new letter

    /// A letter started from a record's page: `?uscc=…&linked=…` fill the form.
    static func prefill(_ request: Request) -> [String: String] {
        let q = request.uri.queryParameters
        var values: [String: String] = [:]
        if let uscc = q.get("uscc"), !uscc.isEmpty { values["uscc"] = uscc; values["target"] = LetterTarget.enterprise.rawValue }
        if let linked = q.get("linked"), !linked.isEmpty { values["linkedRecords"] = linked }
        return values
    }

    func newLetter(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        guard LetterPolicy.issuer(p) != nil else { throw WebError.forbidden }
        var shown = values
        if shown["deadline"] == nil { shown["deadline"] = services.today().adding(days: 15).description }
        let specs = LetterKind.draftFields
        let model = FormPage(chrome: PageChrome(title: "起草三书一函", context: context, active: "/letters"), heading: "起草三书一函", action: "/letters",
                             cancelURL: "/letters", version: nil,
                             fields: FormPage.fields(specs, values: shown, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { e in !specs.contains { $0.key == e.field } }.map(\.message), submitLabel: "保存草稿")
        return try services.views.page(model, "form", status: status)
    }

    func create(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard LetterPolicy.issuer(p) != nil else { throw WebError.forbidden }
        var form = StepForm(context.form, specs: LetterKind.draftFields)
        let today = services.today()
        LetterKind.checkDraft(&form, today: today)
        return try await submitting({
            try form.finish()
            guard let draft = LetterRepository.Draft(form) else { throw ValidationFailure([FieldError("type", "请选择文书类型")]) }
            let letter = try await LetterRepository(services.database).create(draft, today: today, as: p)
            return redirect("/letters/\(letter.id)?msg=saved")
        }, again: { errors, status in try await newLetter(context, values: context.form, errors: errors, status: status) })
    }
}
