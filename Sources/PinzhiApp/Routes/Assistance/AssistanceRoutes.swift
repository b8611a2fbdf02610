import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Quality technical assistance cases (SPEC TA-1, TA-2): the list with filters, paging and export; a request from the
/// enterprise's account, the district, or a failed batch's page (`?batch=`); each case's page with its drawn pool and
/// its printable 诊断书. The steps are the generic step pages (WorkflowActionRoutes<AssistanceRepository>).
struct AssistanceRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/assistance-cases") { request, context in try await cases(request, context) }
        router.get("/assistance-cases/export") { request, context in try await export(request, context) }
        router.get("/assistance-cases/new") { request, context in
            let q = request.uri.queryParameters
            return try await newCase(context, values: ["batchId": q.get("batch") ?? "", "problemItemId": q.get("problem") ?? ""], errors: [])
        }
        router.post("/assistance-cases") { _, context in try await create(context) }
        router.get("/assistance-cases/:id") { request, context in try await page(request, context) }
        router.get("/assistance-cases/:id/diagnosis") { _, context in try await diagnosis(context) }
    }

    static func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard AssistancePolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    static let filterKeys = ["state", "mode", "origin", "district", "year"]

    static func filter(_ params: [String: String], search: String) -> AssistanceRepository.Filter {
        var f = AssistanceRepository.Filter()
        f.state = params["state"].flatMap(AssistanceState.init(rawValue:))
        f.mode = params["mode"].flatMap(AssistanceMode.init(rawValue:))
        f.origin = params["origin"].flatMap(AssistanceOrigin.init(rawValue:))
        f.district = params["district"]
        f.year = params["year"].flatMap { Int($0) }
        f.search = search
        return f
    }

    func cases(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let size = RecordLists.pageSize
        let page = try await AssistanceRepository(services.database).page(Self.filter(query.params, search: query.q), limit: size,
                                                                          offset: (query.page - 1) * size, as: p)
        let (today, rules, calendar) = try await services.clockRules()
        let rows = page.items.map { c in
            let due = Workflow<AssistanceKind>.deadline(c, rules: rules, calendar: calendar)
            return RecordListPage.Row(url: "/assistance-cases/\(c.id)", cells: [c.number, c.enterpriseName, District.named(code: c.districtCode), c.mode.label,
                                                                               c.origin.label, c.requestedOn.description, AssistanceView.experts(c),
                                                                               due?.day?.description ?? "—", c.state.label],
                                      overdue: due?.day.map { $0 < today } ?? false)
        }
        var filters: [ListPage.Filter] = [
            .init(key: "state", label: "状态", options: query.options("state", AssistanceState.allCases.map { ($0.rawValue, $0.label) })),
            .init(key: "mode", label: "帮扶方式", options: query.options("mode", AssistanceMode.allCases.map { ($0.rawValue, $0.label) })),
            .init(key: "origin", label: "来源", options: query.options("origin", AssistanceOrigin.allCases.map { ($0.rawValue, $0.label) })),
        ]
        if [.cityAdmin, .citySupervisor].contains(p.role) {
            filters.append(.init(key: "district", label: "区", options: query.options("district", District.all.map { ($0.code, $0.name) })))
        }
        filters.append(.init(key: "year", label: "年度", options: query.options("year", try await lists.years())))
        var links: [WorkflowRecordPage.Link] = []
        if AssistancePolicy.organiserRoles.contains(p.role) || p.role == .expert {
            links.append(.init(label: "帮扶活动", url: "/assistance-activities"))
        }
        if AssistanceReportQuery.mayRead(p) {
            links.append(.init(label: "帮扶工作情况统计表", url: "/assistance/report"))
            links.append(.init(label: "提质强企名单", url: "/assistance-targets"))
        }
        links.append(.init(label: "质量问题库", url: "/assistance-library"))
        return try lists.listPage(context, heading: p.role == .expert ? "我的帮扶工作" : "质量技术帮扶", base: "/assistance-cases", query: query,
                                  filters: filters, columns: ["编号", "企业", "所在区", "帮扶方式", "来源", "提出日期", "专家", "期限", "状态"], rows: rows,
                                  total: page.total, newURL: AssistanceRepository.mayRequest(p) ? "/assistance-cases/new" : nil, links: links,
                                  searchHint: "企业名称、问题、产品")
    }

    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let repo = AssistanceRepository(services.database), filter = Self.filter(query.params, search: query.q)
        return ExportResponse.csv(try await CSVStream.make(header: AssistanceView.header) { offset, size in
            try await repo.page(filter, limit: size, offset: offset, as: p).items.map(AssistanceView.row)
        }, name: "质量技术帮扶")
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let c = try await AssistanceRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let (today, rules, calendar) = try await services.clockRules()
        var links: [WorkflowRecordPage.Link] = []
        if let batch = c.batchId, p.role != .expert { links.append(.init(label: "来源的不合格批次", url: "/batches/\(batch)")) }
        if let item = c.problemItemId, ProblemPolicy.readerRoles.contains(p.role) { links.append(.init(label: "来源的问题清单事项", url: "/problem-items/\(item)")) }
        if let pool = try await ListCommitmentStore.latest(services.database, kind: .assistanceExperts, recordId: c.id) {
            links.append(.init(label: pool.isDrawn ? "专家抽取（可复算）" : "专家名单承诺（派单时抽取）", url: "/draw-lists/\(pool.id)"))
        }
        if AssistancePolicy.organiserRoles.contains(p.role) {
            links.append(.init(label: "企业档案", url: "/enterprises/\(c.enterpriseId)/archive"))
            // A closed case's 诊断书 can go into the library, without the enterprise's name (002 三(六)).
            if c.state == .closed, c.diagnosis != nil { links.append(.init(label: "收入质量问题库", url: "/assistance-library/new?case=\(c.id)")) }
        }
        let model = WorkflowRecordPage.make(AssistanceKind.self, c,
                                            chrome: lists.chrome(request, context, "质量技术帮扶 \(c.number)", "/assistance-cases", AssistanceAction.self),
                                            p: p, today: today, rules: rules, calendar: calendar,
                                            events: try await WorkflowEvents.list(services.database, AssistanceKind.self, id: c.id),
                                            fields: AssistanceView.fields(c), links: links,
                                            documents: c.diagnosis == nil ? [] : [.init(label: "质量问题诊断书（打印）", url: "/assistance-cases/\(c.id)/diagnosis")])
        return try services.views.page(model, "workflow-record")
    }

    func diagnosis(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let c = try await AssistanceRepository(services.database).find(try context.id(), as: p), c.diagnosis != nil else { throw WebError.notFound }
        return try services.views.page(AssistanceView.diagnosis(c), "document")
    }

    // MARK: A request

    static let fields = [
        FieldSpec("uscc", "企业统一社会信用代码", .text, maxLength: 18),
        FieldSpec("productCode", "产品编码（可选）", .text, maxLength: 20),
        FieldSpec("mode", "帮扶方式", .choice(Choice.of(AssistanceMode.self)), required: true),
        FieldSpec("problems", "需要帮扶的质量问题", .longText, maxLength: 2000),
        FieldSpec("batchId", "来源批次", .text, maxLength: 20),
        FieldSpec("problemItemId", "来源问题清单事项", .text, maxLength: 20),
    ]

    func newCase(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        guard AssistanceRepository.mayRequest(p) else { throw WebError.forbidden }
        var shown = values
        if shown["mode"] == nil { shown["mode"] = AssistanceMode.routine.rawValue }
        var specs = Self.fields
        var heading = p.role == .enterpriseUser ? "企业点单：申请质量技术帮扶" : "提出质量技术帮扶需求"
        if let id = values["batchId"].flatMap({ Int64($0) }), p.role != .enterpriseUser {
            // From a failed batch: its enterprise, product, failed items and 质量建议书 come with it.
            guard let prefill = try await AssistanceRepository(services.database).prefill(batch: id, as: p) else { throw WebError.notFound }
            specs.removeAll { $0.key == "uscc" || $0.key == "productCode" || $0.key == "problemItemId" }
            if (shown["problems"] ?? "").isEmpty { shown["problems"] = prefill.problems }
            heading = "为不合格批次\(prefill.batch.number)（\(prefill.batch.enterpriseName)）提出帮扶需求"
                + (prefill.suggestion == nil ? "" : "，承检机构的质量建议书随需求转给专家")
        } else if let id = values["problemItemId"].flatMap({ Int64($0) }), p.role != .enterpriseUser {
            // From a problem item: its enterprise, product and problem come with it.
            guard let item = try await ProblemItemRepository(services.database).find(id, as: p) else { throw WebError.notFound }
            specs.removeAll { $0.key == "uscc" || $0.key == "productCode" || $0.key == "batchId" }
            if (shown["problems"] ?? "").isEmpty { shown["problems"] = "问题清单\(item.number)（\(item.source.label)）：\(item.problem)" }
            heading = "为问题清单事项\(item.number)（\(item.enterpriseName)）提出帮扶需求"
        } else {
            specs.removeAll { $0.key == "batchId" || $0.key == "problemItemId" }
            if p.role == .enterpriseUser { specs.removeAll { $0.key == "uscc" } }
        }
        let model = FormPage(chrome: PageChrome(title: "提出质量技术帮扶需求", context: context, active: "/assistance-cases"), heading: heading,
                             action: "/assistance-cases", cancelURL: "/assistance-cases", version: nil,
                             fields: FormPage.fields(specs, values: shown, errors: errors, organisations: [], hidden: ["batchId", "problemItemId"]),
                             errors: errors.filter { e in !specs.contains { $0.key == e.field } }.map(\.message), submitLabel: "提交需求")
        return try services.views.page(model, "form", status: status)
    }

    func create(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard AssistanceRepository.mayRequest(p) else { throw WebError.forbidden }
        let form = StepForm(context.form, specs: Self.fields)
        return try await submitting({
            try form.finish()
            let c = try await AssistanceRepository(services.database).request(
                .init(uscc: form["uscc"], batchId: form["batchId"].flatMap { Int64($0) }, problemItemId: form["problemItemId"].flatMap { Int64($0) },
                      productCode: form["productCode"],
                      mode: form["mode"].flatMap(AssistanceMode.init(rawValue:)) ?? .routine, problems: form["problems"] ?? ""),
                today: services.today(), as: p)
            return redirect("/assistance-cases/\(c.id)?msg=created")
        }, again: { errors, status in try await newCase(context, values: context.form, errors: errors, status: status) })
    }
}

/// How a case reads: its fields on its page, its CSV row, its printed 诊断书.
enum AssistanceView {
    static func experts(_ c: AssistanceCase) -> String {
        c.experts.isEmpty ? "—" : c.experts.map { "\($0.code) \($0.name)（\($0.organisation)）" }.joined(separator: "、")
    }

    static func measures(_ d: Diagnosis) -> String {
        d.measures.enumerated().map { "\($0.offset + 1). \($0.element.text)（\($0.element.deadline)前）" }.joined(separator: "\n")
    }

    static func fields(_ c: AssistanceCase) -> [WorkflowRecordPage.Field] {
        var out: [WorkflowRecordPage.Field] = [
            .init(label: "编号", value: c.number), .init(label: "企业", value: c.enterpriseName), .init(label: "所在区", value: District.named(code: c.districtCode)),
            .init(label: "产品", value: c.productName ?? "—"), .init(label: "帮扶方式", value: c.mode.label), .init(label: "来源", value: c.origin.label),
            .init(label: "提出日期", value: c.requestedOn.description), .init(label: "需要帮扶的问题", value: c.problems),
            .init(label: "承检机构质量建议书", value: c.suggestion ?? "—"), .init(label: "帮扶专家", value: experts(c)),
            .init(label: "上门诊断日期", value: c.servedOn?.description ?? "—"),
        ]
        if let d = c.diagnosis {
            out += [.init(label: "诊断书编号", value: d.number), .init(label: "诊断发现的问题", value: d.problems), .init(label: "原因分析", value: d.causes), .init(label: "整改措施及期限", value: measures(d)),
                    .init(label: "企业确认", value: d.acknowledgedOn?.description ?? "待确认")]
        }
        out += [.init(label: "整改进展", value: c.rectification ?? "—"),
                .init(label: "企业评价", value: c.rating.map { "\($0)分" + (c.ratingComment.map { "：\($0)" } ?? "") } ?? "—"),
                .init(label: "解决质量问题", value: c.closedOn == nil ? "—" : "\(c.problemsSolved)个"),
                .init(label: "提升产值", value: c.closedOn == nil ? "—" : "\(AssistanceReport.wan(c.outputValueGained))万元" + (c.outputEvidence.map { "（依据：\($0)）" } ?? "")),
                .init(label: "结案日期", value: c.closedOn?.description ?? "—"),
                .init(label: "回头帮", value: c.revisitedOn.map { "已于\($0)回访" } ?? c.revisitDue.map { "\($0)起回访" } ?? "—"),
                .init(label: "说明", value: "帮扶不免除企业的法律责任：帮扶中发现的违法行为移送执法（“移送违法线索”）。")]
        return out
    }

    static let header = ["编号", "企业", "所在区", "产品", "帮扶方式", "来源", "提出日期", "状态", "专家", "诊断书编号", "企业评价", "解决问题数", "提升产值（万元）",
                         "结案日期", "回头帮日期"]

    static func row(_ c: AssistanceCase) -> [String] {
        [c.number, c.enterpriseName, District.named(code: c.districtCode), c.productName ?? "", c.mode.label, c.origin.label, c.requestedOn.description,
         c.state.label, experts(c), c.diagnosis?.number ?? "", c.rating.map(String.init) ?? "", c.closedOn == nil ? "" : String(c.problemsSolved),
         c.closedOn == nil ? "" : AssistanceReport.wan(c.outputValueGained), c.closedOn?.description ?? "", c.revisitedOn?.description ?? ""]
    }

    /// The printed 诊断书 (SPEC TA-2): to the enterprise, under its district bureau's name (the city's for a city case).
    static func diagnosis(_ c: AssistanceCase) -> BatchDocumentRoutes.DocumentPage {
        let d = c.diagnosis!
        let issuer = c.districtCode.map { "\(District.named(code: $0))市场监督管理局" } ?? "上海市市场监督管理局"
        let rows: [(String, String)] = [
            ("受帮扶企业", c.enterpriseName), ("产品", c.productName ?? "—"), ("帮扶方式", c.mode.label), ("帮扶专家", experts(c)),
            ("上门诊断日期", c.servedOn?.description ?? "—"), ("发现的问题", d.problems), ("原因分析", d.causes), ("整改措施及期限", measures(d)),
            ("企业确认", d.acknowledgedOn.map { "已于\($0)确认" } ?? "企业签收后确认：________（盖章）　日期：________"),
            ("说明", "本诊断书供企业改进质量使用，不作为行政处罚依据；帮扶不免除企业依法应承担的责任。"),
        ]
        return BatchDocumentRoutes.DocumentPage(title: "质量问题诊断书", number: d.number, issuer: issuer,
                                                date: "\(d.issuedOn.year)年\(d.issuedOn.month)月\(d.issuedOn.day)日", batchNumber: c.number,
                                                rows: rows.map { BatchDocumentRoutes.Row(label: $0.0, value: $0.1) },
                                                backURL: "/assistance-cases/\(c.id)", backLabel: "返回帮扶案例", referenceLabel: "帮扶编号")
    }
}
