import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Notices to the issuers of certificates (SPEC EN-2): the list with filters, paging and export, and each notice's
/// page; the answer is the generic step page (WorkflowActionRoutes<IssuerNoticeRepository>). Read and handled as
/// cases are (EnforcementPolicy).
struct IssuerNoticeRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/issuer-notices") { request, context in try await notices(request, context) }
        router.get("/issuer-notices/export") { request, context in try await export(request, context) }
        router.get("/issuer-notices/:id") { request, context in try await notice(request, context) }
    }

    static let filterKeys = ["state", "district", "year", "case"]

    static func filter(_ params: [String: String], search: String) -> IssuerNoticeRepository.Filter {
        var f = IssuerNoticeRepository.Filter()
        f.state = params["state"].flatMap(IssuerNoticeState.init(rawValue:))
        f.district = params["district"]
        f.year = params["year"].flatMap { Int($0) }
        f.caseId = params["case"].flatMap { Int64($0) }
        f.search = search
        return f
    }

    func notices(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try EnforcementRoutes.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let size = RecordLists.pageSize
        let page = try await IssuerNoticeRepository(services.database).page(Self.filter(query.params, search: query.q), limit: size,
                                                                            offset: (query.page - 1) * size, as: p)
        let (today, rules, calendar) = try await services.clockRules()
        let rows = page.items.map { n in
            let due = Workflow<IssuerNoticeKind>.deadline(n, rules: rules, calendar: calendar)
            return RecordListPage.Row(url: "/issuer-notices/\(n.id)", cells: [n.number, n.enterpriseName, "\(n.licenceKind.label) \(n.licenceNumber)", n.issuer,
                                                                              n.sentOn.description, due?.day?.description ?? "—", n.state.label,
                                                                              n.measure?.label ?? "—"],
                                      overdue: due?.day.map { $0 < today } ?? false)
        }
        let filters: [ListPage.Filter] = [
            .init(key: "state", label: "状态", options: query.options("state", IssuerNoticeState.allCases.map { ($0.rawValue, $0.label) })),
            .init(key: "district", label: "所在区", options: query.options("district", District.all.map { ($0.code, $0.name) })),
            .init(key: "year", label: "年度", options: query.options("year", try await lists.years())),
        ]
        return try lists.listPage(context, heading: "发证机关通报", base: "/issuer-notices", query: query, filters: filters,
                                  columns: ["编号", "企业", "证书", "发证机关", "通报日期", "回复期限", "状态", "处理结果"], rows: rows, total: page.total,
                                  newURL: nil)
    }

    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try EnforcementRoutes.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        return ExportResponse.csv(try await EnforcementExport.notices(IssuerNoticeRepository(services.database), Self.filter(query.params, search: query.q),
                                                                      as: p), name: "发证机关通报")
    }

    func notice(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try EnforcementRoutes.principal(context)
        guard let n = try await IssuerNoticeRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let (today, rules, calendar) = try await services.clockRules()
        let fields: [WorkflowRecordPage.Field] = [
            .init(label: "通报编号", value: n.number), .init(label: "企业", value: n.enterpriseName),
            .init(label: "证书", value: "\(n.licenceKind.label) \(n.licenceNumber)"), .init(label: "发证机关", value: n.issuer),
            .init(label: "通报事由", value: n.reason), .init(label: "通报日期", value: n.sentOn.description),
            .init(label: "处理结果", value: n.measure?.label ?? "待回复"),
            .init(label: "回复", value: n.answer.map { "\(n.answeredOn?.description ?? "")：\($0)" } ?? "—"),
        ]
        let links: [WorkflowRecordPage.Link] = [.init(label: "案件", url: "/cases/\(n.caseId)"), .init(label: "证书", url: "/licences/\(n.licenceId)"),
                                                .init(label: "企业档案", url: "/enterprises/\(n.enterpriseId)/archive")]
        let model = WorkflowRecordPage.make(IssuerNoticeKind.self, n, chrome: lists.chrome(request, context, "发证机关通报 \(n.number)", "/issuer-notices",
                                                                                          IssuerNoticeAction.self),
                                            p: p, today: today, rules: rules, calendar: calendar,
                                            events: try await WorkflowEvents.list(services.database, IssuerNoticeKind.self, id: n.id), fields: fields,
                                            links: links, documents: [])
        return try services.views.page(model, "workflow-record")
    }
}
