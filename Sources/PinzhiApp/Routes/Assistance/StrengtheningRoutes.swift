import Hummingbird
import PinzhiDomain
import PinzhiStore

/// 提质强企 (SPEC TA-4): the districts' target lists with the records' suggestions and 一企一策 plans, the city's
/// progress against 002's targets, the cluster records, and the library of problems and solutions that enterprises
/// read free of charge.
struct StrengtheningRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/assistance-targets") { request, context in try await targets(request, context, errors: []) }
        router.post("/assistance-targets") { request, context in try await confirm(request, context) }
        router.get("/assistance-targets/:id/plan") { _, context in try await planForm(context, values: nil, errors: []) }
        router.post("/assistance-targets/:id/plan") { _, context in try await savePlan(context) }
        router.get("/assistance-clusters") { request, context in try await clusters(request, context) }
        router.get("/assistance-clusters/export") { _, context in try await exportClusters(context) }
        router.get("/assistance-clusters/new") { _, context in try await newCluster(context, values: [:], errors: []) }
        router.post("/assistance-clusters") { _, context in try await createCluster(context) }
        router.get("/assistance-clusters/:id") { _, context in try await cluster(context) }
        router.get("/assistance-library") { request, context in try await library(request, context) }
        router.get("/assistance-library/export") { request, context in try await exportLibrary(request, context) }
        router.get("/assistance-library/new") { request, context in
            try await newEntry(context, values: try await prefill(request, context), errors: [])
        }
        router.post("/assistance-library") { _, context in try await createEntry(context) }
        router.get("/assistance-library/:id") { _, context in try await entry(context) }
    }

    static func organiser(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard AssistancePolicy.organiserRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    struct DetailPage {
        var chrome: PageChrome
        var heading: String
        var listURL: String
        var links: [WorkflowRecordPage.Link]
        var fields: [WorkflowRecordPage.Field]
        var showRows: Bool
        var rowsHeading: String
        var columns: [String]
        var rows: [Row]

        struct Row {
            var cells: [String]
        }
    }

    // MARK: Target lists

    struct TargetsPage {
        struct Card {
            var label: String
            var value: String
        }

        struct Target {
            var name: String
            var archiveURL: String
            var district: String
            var reasons: String
            var plan: String
            var confirmed: String
            var planURL: String
            var planLabel: String
        }

        struct Suggestion {
            var id: Int64
            var name: String
            var uscc: String
            var reasons: String
            var failures: Int
        }

        var chrome: PageChrome
        var heading: String
        var years: [ListPage.Option]
        var showDistricts: Bool
        var districts: [ListPage.Option]
        var errors: [String]
        var progress: [Card]
        var listHeading: String
        var targetCount: Int
        var targets: [Target]
        var showSuggestions: Bool
        var suggestionCount: Int
        var suggestions: [Suggestion]
        var threshold: Int
        var year: Int
        var district: String
    }

    func targets(_ request: Request, _ context: AppRequestContext, errors: [String], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.organiser(context)
        let q = request.uri.queryParameters
        let today = services.today()
        let year = q.get("year").flatMap { Int($0) } ?? today.year
        guard year >= 2000, year <= 2100 else { throw WebError.badRequest("年度应为四位数字", field: "year") }
        let district = p.role == .districtSupervisor ? p.districtCode : q.get("district").flatMap { $0.isEmpty ? nil : $0 }
        if let district, !District.isKnown(district) { throw WebError.badRequest("未知的区代码", field: "district") }
        let repo = StrengtheningRepository(services.database)
        let progress = try await repo.progress(year: year, as: p)
        let targets = try await repo.targets(year: year, district: district, as: p)
        var suggestions: [(enterpriseId: Int64, name: String, uscc: String, reasons: [TargetReason], failures: Int)] = []
        if let district { suggestions = try await repo.suggestions(year: year, district: district, today: today, as: p) }
        let rules = try await RuleRepository(services.database).effective(on: today)
        let model = TargetsPage(
            chrome: PageChrome(title: "提质强企名单", context: context, active: "/assistance-cases"), heading: "提质强企名单与目标",
            years: (today.year - 1...today.year + 1).reversed().map { ListPage.Option(value: String($0), label: "\($0)年", selected: $0 == year) },
            showDistricts: p.role != .districtSupervisor,
            districts: [ListPage.Option(value: "", label: "全市", selected: district == nil)]
                + District.all.map { ListPage.Option(value: $0.code, label: $0.name, selected: $0.code == district) },
            errors: errors,
            progress: [.init(label: "已帮扶的重点产品生产企业（目标\(TargetRule.keyProducers)家）", value: String(progress.keyProducersHelped)),
                       .init(label: "已帮扶的产业集聚区（目标\(TargetRule.clusters)个，已登记\(progress.clustersRecorded)个）", value: String(progress.clustersServed)),
                       .init(label: "\(year)年名单企业（全市）", value: String(progress.listed))],
            listHeading: district.map { "\(District.named(code: $0))\(year)年名单" } ?? "全市\(year)年名单", targetCount: targets.count,
            targets: targets.map { t in
                .init(name: t.enterpriseName, archiveURL: "/enterprises/\(t.enterpriseId)/archive", district: District.named(code: t.districtCode),
                      reasons: t.reasons.map(\.label).joined(separator: "、"), plan: t.plan ?? "—", confirmed: "\(t.confirmedOn) \(t.confirmedBy)",
                      planURL: "/assistance-targets/\(t.id)/plan", planLabel: t.plan == nil ? "制定一企一策" : "修改一企一策")
            },
            showSuggestions: district != nil, suggestionCount: suggestions.count,
            suggestions: suggestions.map { .init(id: $0.enterpriseId, name: $0.name, uscc: $0.uscc, reasons: $0.reasons.map(\.label).joined(separator: "、"),
                                                 failures: $0.failures) },
            threshold: rules.int("assistanceTargetFailures"), year: year, district: district ?? "")
        return try services.views.page(model, "assistance-targets", status: status)
    }

    func confirm(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.organiser(context)
        let form = context.form
        let year = form["year"].flatMap { Int($0) } ?? services.today().year
        let ids = form.keys.filter { $0.hasPrefix("e") && form[$0] == "1" }.compactMap { Int64($0.dropFirst()) }.sorted()
        let usccs = AssistanceActivity.lines(form["usccs"] ?? "")
        do {
            let n = try await StrengtheningRepository(services.database).confirm(year: year, district: form["district"], enterpriseIds: ids, usccs: usccs,
                                                                                 today: services.today(), as: p)
            return redirect("/assistance-targets?year=\(year)&district=\(form["district"] ?? "")&msg=saved&n=\(n)")
        } catch StoreError.invalid(let failure) {
            return try await targets(request, context, errors: failure.errors.map(\.message), status: .unprocessableContent)
        }
    }

    func planForm(_ context: AppRequestContext, values: [String: String]?, errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.organiser(context)
        let id = try context.id()
        guard let target = try await StrengtheningRepository(services.database).target(id, as: p) else { throw WebError.notFound }
        let specs = [FieldSpec("plan", "一企一策（帮扶目标、措施、责任单位与时间安排）", .longText, required: true, maxLength: 2000)]
        let model = FormPage(chrome: PageChrome(title: "一企一策", context: context, active: "/assistance-cases"), heading: "一企一策：\(target.enterpriseName)",
                             action: "/assistance-targets/\(id)/plan", cancelURL: "/assistance-targets?year=\(target.year)", version: nil,
                             fields: FormPage.fields(specs, values: values ?? ["plan": target.plan ?? ""], errors: errors, organisations: [], hidden: []),
                             errors: [], submitLabel: "保存")
        return try services.views.page(model, "form", status: status)
    }

    func savePlan(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.organiser(context)
        do {
            let t = try await StrengtheningRepository(services.database).plan(try context.id(), text: context.form["plan"] ?? "", as: p)
            return redirect("/assistance-targets?year=\(t.year)&district=\(t.districtCode)&msg=saved")
        } catch StoreError.invalid(let failure) {
            return try await planForm(context, values: context.form, errors: failure.errors, status: .unprocessableContent)
        } catch StoreError.notFound {
            throw WebError.notFound
        }
    }

    // MARK: Clusters

    func clusters(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.organiser(context)
        let query = RecordLists.Query(request, keys: [])
        let all = try await StrengtheningRepository(services.database).clusters(as: p)
        let search = query.q.trimmed
        let shown = search.isEmpty ? all : all.filter { $0.name.contains(search) || $0.focus.contains(search) }
        let rows = shown.map { k in
            RecordListPage.Row(url: "/assistance-clusters/\(k.id)", cells: [k.name, District.named(code: k.districtCode), String(k.members), k.leaderName ?? "—", k.focus])
        }
        return try lists.listPage(context, heading: "产业集聚区", base: "/assistance-clusters", query: query, filters: [],
                                  columns: ["名称", "所在区", "企业数", "链主企业", "质量共性问题与帮扶重点"], rows: rows, total: rows.count,
                                  newURL: "/assistance-clusters/new", links: [.init(label: "提质强企名单", url: "/assistance-targets")],
                                  searchHint: "集聚区名称、帮扶重点")
    }

    func exportClusters(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.organiser(context)
        let rows = try await StrengtheningRepository(services.database).clusters(as: p).map { k in
            [k.name, District.named(code: k.districtCode), String(k.members), k.leaderName ?? "", k.focus]
        }
        return try ExportResponse.make(rows: [["名称", "所在区", "企业数", "链主企业", "质量共性问题与帮扶重点"]] + rows, name: "产业集聚区", format: "csv")
    }

    static let clusterFields = [
        FieldSpec("name", "名称（与企业档案中“产业集聚区”一致）", .text, required: true, maxLength: 60),
        FieldSpec("productCodes", "主要产品编码（每行一个）", .longText, maxLength: 500),
        FieldSpec("leaderUscc", "链主企业统一社会信用代码", .text, maxLength: 18),
        FieldSpec("focus", "质量共性问题与帮扶重点", .longText, required: true, maxLength: 1000),
    ]

    func newCluster(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        _ = try Self.organiser(context)
        let model = FormPage(chrome: PageChrome(title: "登记产业集聚区", context: context, active: "/assistance-cases"), heading: "登记产业集聚区",
                             action: "/assistance-clusters", cancelURL: "/assistance-clusters", version: nil,
                             fields: FormPage.fields(Self.clusterFields, values: values, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { e in !Self.clusterFields.contains { $0.key == e.field } }.map(\.message), submitLabel: "登记")
        return try services.views.page(model, "form", status: status)
    }

    func createCluster(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.organiser(context)
        let form = StepForm(context.form, specs: Self.clusterFields)
        return try await submitting({
            try form.finish()
            let k = try await StrengtheningRepository(services.database).createCluster(name: form["name"] ?? "", productCodes: AssistanceActivity.lines(form["productCodes"] ?? ""),
                                                                                       leaderUscc: form["leaderUscc"], focus: form["focus"] ?? "", as: p)
            return redirect("/assistance-clusters/\(k.id)?msg=created")
        }, again: { errors, status in try await newCluster(context, values: context.form, errors: errors, status: status) })
    }

    func cluster(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.organiser(context)
        guard let (k, members) = try await StrengtheningRepository(services.database).cluster(try context.id(), as: p) else { throw WebError.notFound }
        let model = DetailPage(
            chrome: PageChrome(title: k.name, context: context, active: "/assistance-cases"), heading: "产业集聚区：\(k.name)", listURL: "/assistance-clusters",
            links: [.init(label: "该集聚区的帮扶活动", url: "/assistance-activities?q=\(k.name)"), .init(label: "风险图谱", url: "/risk-map")],
            fields: [.init(label: "所在区", value: District.named(code: k.districtCode)), .init(label: "企业数", value: String(k.members)),
                     .init(label: "链主企业", value: k.leaderName ?? "—"), .init(label: "质量共性问题与帮扶重点", value: k.focus),
                     .init(label: "登记人", value: k.createdBy)],
            showRows: true, rowsHeading: "集聚区企业", columns: ["企业", "统一社会信用代码", "规模", "链主"],
            rows: members.map { m in .init(cells: [m.name, m.uscc, m.scale.flatMap(EnterpriseScale.init(rawValue:))?.label ?? "—", m.id == k.leaderId ? "链主" : ""]) })
        return try services.views.page(model, "assistance-detail")
    }

    // MARK: Library

    func library(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try context.requirePrincipal()
        guard AssistanceLibraryRepository.mayRead(p) else { throw WebError.forbidden }
        let query = RecordLists.Query(request, keys: ["category"])
        let f = Self.libraryFilter(query)
        let size = RecordLists.pageSize
        let page = try await AssistanceLibraryRepository(services.database).page(f, limit: size, offset: (query.page - 1) * size, as: p)
        let rows = page.items.map { e in
            RecordListPage.Row(url: "/assistance-library/\(e.id)", cells: [e.title, e.category.label, e.productName ?? "—", String(e.problem.prefix(60)), e.createdOn.description])
        }
        return try lists.listPage(context, heading: "质量问题与解决方案库", base: "/assistance-library", query: query,
                                  filters: [.init(key: "category", label: "问题类别", options: query.options("category", ProblemCategory.allCases.map { ($0.rawValue, $0.label) }))],
                                  columns: ["标题", "问题类别", "产品", "质量问题", "收录日期"], rows: rows, total: page.total,
                                  newURL: AssistancePolicy.organiserRoles.contains(p.role) ? "/assistance-library/new" : nil,
                                  searchHint: "问题、解决方案、产品（企业免费查询）")
    }

    static func libraryFilter(_ query: RecordLists.Query) -> AssistanceLibraryRepository.Filter {
        var f = AssistanceLibraryRepository.Filter()
        f.category = query.params["category"].flatMap(ProblemCategory.init(rawValue:))
        f.search = query.q
        return f
    }

    func exportLibrary(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try context.requirePrincipal()
        guard AssistanceLibraryRepository.mayRead(p) else { throw WebError.forbidden }
        let repo = AssistanceLibraryRepository(services.database), filter = Self.libraryFilter(RecordLists.Query(request, keys: ["category"]))
        return ExportResponse.csv(try await CSVStream.make(header: ["标题", "问题类别", "产品", "质量问题", "原因分析", "解决方案", "收录日期"]) { offset, size in
            try await repo.page(filter, limit: size, offset: offset, as: p).items.map {
                [$0.title, $0.category.label, $0.productName ?? "", $0.problem, $0.cause, $0.solution, $0.createdOn.description]
            }
        }, name: "质量问题与解决方案库")
    }

    static let entryFields = [
        FieldSpec("category", "问题类别", .choice(Choice.of(ProblemCategory.self)), required: true),
        FieldSpec("productCode", "产品编码（可选）", .text, maxLength: 20),
        FieldSpec("title", "标题", .text, required: true, maxLength: 100),
        FieldSpec("problem", "质量问题", .longText, required: true, maxLength: 2000),
        FieldSpec("cause", "原因分析", .longText, required: true, maxLength: 2000),
        FieldSpec("solution", "解决方案", .longText, required: true, maxLength: 4000),
        FieldSpec("caseId", "来源帮扶案例", .text, maxLength: 20),
    ]

    /// From a closed case (`?case=`): its 诊断书's problems, causes and measures, without the enterprise's name.
    func prefill(_ request: Request, _ context: AppRequestContext) async throws -> [String: String] {
        let p = try Self.organiser(context)
        guard let id = request.uri.queryParameters.get("case").flatMap({ Int64($0) }) else { return ["category": ProblemCategory.materials.rawValue] }
        guard let c = try await AssistanceRepository(services.database).find(id, as: p), let d = c.diagnosis, c.state == .closed else { throw WebError.notFound }
        return ["category": ProblemCategory.process.rawValue, "title": "\(c.productName ?? "产品")：\(d.problems.prefix(30))", "problem": d.problems,
                "cause": d.causes, "solution": d.measures.map(\.text).joined(separator: "\n") + (c.rectification.map { "\n整改情况：\($0)" } ?? ""),
                "caseId": String(c.id)]
    }

    func newEntry(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        _ = try Self.organiser(context)
        let model = FormPage(chrome: PageChrome(title: "收入质量问题库", context: context, active: "/assistance-cases"), heading: "收入质量问题与解决方案库（不写企业名称）",
                             action: "/assistance-library", cancelURL: "/assistance-library", version: nil,
                             fields: FormPage.fields(Self.entryFields, values: values, errors: errors, organisations: [], hidden: ["caseId"]),
                             errors: errors.filter { e in !Self.entryFields.contains { $0.key == e.field } || e.field == "caseId" }.map(\.message),
                             submitLabel: "收入问题库")
        return try services.views.page(model, "form", status: status)
    }

    func createEntry(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.organiser(context)
        let form = StepForm(context.form, specs: Self.entryFields)
        return try await submitting({
            try form.finish()
            let e = try await AssistanceLibraryRepository(services.database).create(
                category: form["category"].flatMap(ProblemCategory.init(rawValue:)) ?? .management, productCode: form["productCode"], title: form["title"] ?? "",
                problem: form["problem"] ?? "", cause: form["cause"] ?? "", solution: form["solution"] ?? "", caseId: form["caseId"].flatMap { Int64($0) },
                today: services.today(), as: p)
            return redirect("/assistance-library/\(e.id)?msg=created")
        }, again: { errors, status in try await newEntry(context, values: context.form, errors: errors, status: status) })
    }

    func entry(_ context: AppRequestContext) async throws -> Response {
        let p = try context.requirePrincipal()
        guard AssistanceLibraryRepository.mayRead(p) else { throw WebError.forbidden }
        guard let e = try await AssistanceLibraryRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let model = DetailPage(
            chrome: PageChrome(title: e.title, context: context, active: "/assistance-cases"), heading: e.title, listURL: "/assistance-library",
            links: e.caseId.map { id in AssistancePolicy.organiserRoles.contains(p.role) ? [.init(label: "来源帮扶案例", url: "/assistance-cases/\(id)")] : [] } ?? [],
            fields: [.init(label: "问题类别", value: e.category.label), .init(label: "产品", value: e.productName ?? "—"), .init(label: "质量问题", value: e.problem),
                     .init(label: "原因分析", value: e.cause), .init(label: "解决方案", value: e.solution), .init(label: "收录日期", value: e.createdOn.description)],
            showRows: false, rowsHeading: "", columns: [], rows: [])
        return try services.views.page(model, "assistance-detail")
    }
}
