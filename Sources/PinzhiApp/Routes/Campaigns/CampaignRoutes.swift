import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Campaigns 专项行动 (SPEC CP-1, CP-2, CP-6): the list and its export; a new campaign (the city); each campaign's
/// page — phases, key products, participants, reports and their deadlines, the problem list's progress per district,
/// the coverage of licence holders (the missing named) and of self-inspections, the months' forms, the supervision
/// visits —; closing it; an enterprise's self-inspection and commitment; a supervision visit.
struct CampaignRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/campaigns") { request, context in try await campaigns(request, context) }
        router.get("/campaigns/export") { _, context in try await export(context) }
        router.get("/campaigns/new") { _, context in try await newCampaign(context, values: [:], errors: []) }
        router.post("/campaigns") { _, context in try await create(context) }
        router.get("/campaigns/:id") { request, context in try await page(request, context) }
        router.post("/campaigns/:id/close") { _, context in try await close(context) }
        router.get("/campaigns/:id/self-inspection") { _, context in try await selfInspection(context, values: [:], errors: []) }
        router.post("/campaigns/:id/self-inspection") { _, context in try await fileSelfInspection(context) }
        router.get("/campaigns/:id/supervision/new") { _, context in try await newVisit(context, values: [:], errors: []) }
        router.post("/campaigns/:id/supervision") { _, context in try await recordVisit(context) }
        router.post("/campaigns/:id/risk-draw/commit") { _, context in try await commitDraw(context) }
        router.post("/campaigns/:id/risk-draw") { _, context in try await draw(context) }
    }

    static func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard CampaignRepository.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    func campaign(_ context: AppRequestContext, _ p: Principal) async throws -> Campaign {
        guard let c = try await CampaignRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        return c
    }

    static let header = ["名称", "年度", "开始日期", "结束日期", "当前阶段", "重点产品数", "状态"]

    static func row(_ c: Campaign, today: Day) -> [String] {
        [c.name, String(c.year), c.startsOn.description, c.endsOn.description, c.phases(on: today).map(\.kind.label).joined(separator: "、").nilIfEmpty ?? "—",
         String(c.productIds.count), c.state.label]
    }

    func campaigns(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: [])
        let all = try await CampaignRepository(services.database).list(as: p)
        let today = services.today()
        let rows = all.map { RecordListPage.Row(url: "/campaigns/\($0.id)", cells: Self.row($0, today: today)) }
        var links: [WorkflowRecordPage.Link] = []
        if ProblemPolicy.readerRoles.contains(p.role) { links.append(.init(label: "问题清单", url: "/problem-items")) }
        if p.role != .enterpriseUser { links.append(.init(label: "现场检查", url: "/campaign-inspections")) }
        return try lists.listPage(context, heading: "专项行动", base: "/campaigns", query: query, filters: [], columns: Self.header, rows: rows,
                                  total: all.count, newURL: CampaignRepository.mayCreate(p) ? "/campaigns/new" : nil, links: links, searchHint: "")
    }

    func export(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let today = services.today()
        let rows = try await CampaignRepository(services.database).list(as: p).map { Self.row($0, today: today) }
        return try ExportResponse.make(rows: [Self.header] + rows, name: "专项行动", format: "csv")
    }

    // MARK: A new campaign

    static let fields = [
        FieldSpec("name", "专项行动名称", .text, required: true, maxLength: 100),
        FieldSpec("year", "年度", .integer, required: true),
        FieldSpec("startsOn", "开始日期", .date, required: true),
        FieldSpec("endsOn", "结束日期", .date, required: true),
    ]

    func newCampaign(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        guard CampaignRepository.mayCreate(p) else { throw WebError.forbidden }
        let year = services.today().year
        var shown = values
        if shown.isEmpty {
            shown = ["name": "\(year)年产品质量安全“排险除患、助企纾困”专项行动", "year": String(year), "startsOn": "\(year)-03-01", "endsOn": "\(year)-10-31"]
        }
        let model = FormPage(chrome: PageChrome(title: "新建专项行动", context: context, active: "/campaigns"),
                             heading: "新建专项行动（阶段按001号文设定，重点产品为产品目录中标注的专项行动重点产品）",
                             action: "/campaigns", cancelURL: "/campaigns", version: nil,
                             fields: FormPage.fields(Self.fields, values: shown, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { e in !Self.fields.contains { $0.key == e.field } }.map(\.message), submitLabel: "创建")
        return try services.views.page(model, "form", status: status)
    }

    func create(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard CampaignRepository.mayCreate(p) else { throw WebError.forbidden }
        let form = StepForm(context.form, specs: Self.fields)
        return try await submitting({
            try form.finish()
            let year = Int(form["year"] ?? "") ?? 0
            let c = try await CampaignRepository(services.database).create(
                .init(name: form["name"] ?? "", year: year, startsOn: form["startsOn"].flatMap(Day.init), endsOn: form["endsOn"].flatMap(Day.init),
                      phases: (2000...2100).contains(year) ? Campaign.phases001(year: year) : nil), as: p)
            return redirect("/campaigns/\(c.id)?msg=created")
        }, again: { errors, status in try await newCampaign(context, values: context.form, errors: errors, status: status) })
    }

    // MARK: The campaign's page

    struct CampaignPage {
        struct Phase {
            var label: String
            var dates: String
            var current: Bool
        }

        struct Report {
            var label: String
            var due: String
            var url: String?
        }

        struct Progress {
            var district: String
            var total: Int
            var open: Int
            var cleared: Int
            var overdue: Int
            var late: Bool
            var percent: String
            var url: String
        }

        struct Coverage {
            var district: String
            var holders: Int
            var inspected: Int
            var percent: String
            var missing: String
        }

        struct SelfCoverage {
            var district: String
            var producers: Int
            var filed: Int
        }

        struct Target {
            var enterprise: String
            var district: String
            var reasons: String
        }

        struct Drawn {
            var name: String
            var inspected: Bool
        }

        /// A district's draw by risk (CP-3): commit a list, then draw from it, then inspect those drawn.
        struct RiskDraw {
            var listURL: String?
            var mayCommit: Bool
            var mayDraw: Bool
            var drawn: [Drawn]
        }

        struct Visit {
            var day: String
            var kind: String
            var district: String
            var team: String
            var findings: String
        }

        var chrome: PageChrome
        var id: Int64
        var heading: String
        var state: String
        var period: String
        var phases: [Phase]
        var products: [String]
        var productCount: Int
        var organisations: [WorkflowRecordPage.Field]
        var reports: [Report]
        var progress: [Progress]
        var showProgress: Bool
        var coverage: [Coverage]
        var showCoverage: Bool
        var selfCoverage: [SelfCoverage]
        var targets: [Target]
        var targetCount: Int
        var visits: [Visit]
        var riskDraw: RiskDraw?
        var summaries: [WorkflowRecordPage.Link]
        var links: [WorkflowRecordPage.Link]
        var mayClose: Bool
        var closingBlockers: String?
        var isEnterprise: Bool
        var selfFiled: String?
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let c = try await campaign(context, p)
        let today = services.today()
        let db = services.database
        let products = try await CampaignRepository(db).products(of: c)
        let district = p.role == .districtSupervisor ? p.districtCode : nil
        var reports: [CampaignPage.Report] = []
        // A district's own summaries link from their lines; the city reads every district's in the panel below.
        let summaries = [.cityAdmin, .citySupervisor, .districtSupervisor].contains(p.role)
            ? try await CampaignSummaryRepository(db).list(campaign: c.id, as: p) : []
        for r in c.reports() {
            var url: String?
            if r.kind == .monthlyForm, let period = r.period, MonthlyFormQuery.mayRead(p, district: district) || MonthlyFormQuery.mayRead(p, district: nil) {
                url = "/campaigns/\(c.id)/forms/\(period)"
            } else if r.kind != .monthlyForm, p.role == .districtSupervisor, let own = summaries.first(where: { $0.kind == r.kind }) {
                url = "/campaign-summaries/\(own.id)"
            }
            reports.append(.init(label: r.label + (p.role == .districtSupervisor ? summaries.first { $0.kind == r.kind }.map { "（\($0.state.label)）" } ?? "" : ""),
                                 due: r.due.description, url: url))
        }
        var progress: [CampaignPage.Progress] = [], coverage: [CampaignPage.Coverage] = [], selfCoverage: [CampaignPage.SelfCoverage] = []
        var visits: [CampaignPage.Visit] = []
        var targets: [KeyTargets.Target] = []
        var blockers: [String] = []
        let bureau = [.cityAdmin, .citySupervisor, .districtSupervisor, .enforcementOfficer].contains(p.role)
        if bureau {
            let items = try await ProblemItemRepository(db).all(campaign: c.id, as: p)
            let tally = ProblemProgress.of(items, today: today)
            progress = (tally.lines + (tally.lines.count > 1 ? [tally.total] : [])).map { l in
                .init(district: l.districtCode.map { District.named(code: $0) } ?? "合计", total: l.total, open: l.open, cleared: l.cleared, overdue: l.overdue, late: l.overdue > 0,
                      percent: String(format: "%.1f%%", l.clearedPercent),
                      url: "/problem-items?campaign=\(c.id)" + (l.districtCode.map { "&district=\($0)" } ?? ""))
            }
            blockers = ProblemProgress.closingBlockers(items)
            targets = try await KeyTargetQuery(db).targets(c, today: today, rules: try await services.clockRules().rules, as: p)
            coverage = try await InspectionRepository(db).coverage(c, today: today, as: p).lines.map { l in
                .init(district: District.named(code: l.districtCode), holders: l.holders, inspected: l.inspected, percent: String(format: "%.0f%%", l.percent),
                      missing: l.missing.isEmpty ? "—" : l.missing.map(\.enterpriseName).joined(separator: "、"))
            }
            selfCoverage = try await SelfInspectionRepository(db).coverage(c, as: p).map {
                .init(district: District.named(code: $0.district), producers: $0.producers, filed: $0.filed)
            }
            visits = try await SupervisionRepository(db).list(campaign: c.id, as: p).map {
                .init(day: $0.visitedOn.description, kind: $0.kind.label, district: District.named(code: $0.districtCode), team: $0.team.joined(separator: "、"),
                      findings: $0.findings)
            }
        }
        var riskDraw: CampaignPage.RiskDraw?
        if InspectionDrawRepository.mayDraw(p), let code = p.districtCode {
            let status = try await InspectionDrawRepository(db).status(c, district: code)
            let open = status.latest.map { !$0.isDrawn } ?? false
            riskDraw = .init(listURL: status.latest.map { "/draw-lists/\($0.id)" }, mayCommit: c.state == .active && !open, mayDraw: open,
                             drawn: status.drawn.map { .init(name: $0.name, inspected: $0.inspected) })
        }
        var links: [WorkflowRecordPage.Link] = []
        if ProblemPolicy.readerRoles.contains(p.role) { links.append(.init(label: "问题清单", url: "/problem-items?campaign=\(c.id)")) }
        if bureau { links.append(.init(label: "现场检查记录", url: "/campaign-inspections?campaign=\(c.id)")) }
        if InspectionRepository.mayRecord(p), c.state == .active { links.append(.init(label: "登记现场检查", url: "/campaign-inspections/new?campaign=\(c.id)")) }
        if ProblemItemRepository.mayEnter(p), c.state == .active { links.append(.init(label: "登记问题线索", url: "/problem-items/new?campaign=\(c.id)")) }
        if SupervisionRepository.mayRecord(p) { links.append(.init(label: "记录巡回督导、飞行检查", url: "/campaigns/\(c.id)/supervision/new")) }
        if p.role == .enterpriseUser { links.append(.init(label: "企业自查与质量安全承诺", url: "/campaigns/\(c.id)/self-inspection")) }
        let filed = try await SelfInspectionRepository(db).own(campaign: c.id, as: p)
        let q = request.uri.queryParameters
        let model = CampaignPage(
            chrome: PageChrome(title: c.name, context: context, active: "/campaigns", flash: Flash.message(q.get("msg")),
                               flashError: q.get("unclosed").map { _ in "专项行动未能结束：问题清单尚有未销号且未经批准结转的事项" }),
            id: c.id, heading: c.name,
            state: c.state.label + (c.closedOn.map { "（\($0)）" } ?? (today > c.endsOn ? "（已过结束日期，问题清单清零或经批准结转后结束）" : "")), period: "\(c.startsOn) 至 \(c.endsOn)",
            phases: c.phases.map { .init(label: $0.kind.label, dates: "\($0.startsOn) 至 \($0.endsOn)", current: $0.startsOn <= today && today <= $0.endsOn) },
            products: products.map(\.name), productCount: products.count, organisations: c.organisations.map { .init(label: $0.name, value: $0.duty) }, reports: reports,
            progress: progress, showProgress: bureau, coverage: coverage, showCoverage: bureau, selfCoverage: selfCoverage,
            targets: targets.prefix(50).map { .init(enterprise: $0.facts.enterpriseName, district: District.named(code: $0.facts.districtCode),
                                                   reasons: $0.reasons.map(\.label).joined(separator: "；")) },
            targetCount: targets.count, visits: visits, riskDraw: riskDraw,
            summaries: p.role == .districtSupervisor ? [] : summaries.map {
                .init(label: "\(District.named(code: $0.districtCode)) \($0.kind.label)：\($0.state.label)", url: "/campaign-summaries/\($0.id)")
            }, links: links,
            mayClose: CampaignRepository.mayCreate(p) && c.state == .active,
            closingBlockers: blockers.isEmpty ? nil : "尚有\(blockers.count)项问题未销号且未经市局批准结转，专项行动不能结束",
            isEnterprise: p.role == .enterpriseUser,
            selfFiled: filed.map { "本企业已于\($0.filedOn)提交自查报告并签署质量安全承诺（签署人：\($0.signatory)）" })
        return try services.views.page(model, "campaign")
    }

    func close(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard CampaignRepository.mayCreate(p) else { throw WebError.forbidden }
        let id = try context.id()
        do {
            _ = try await CampaignRepository(services.database).close(id, note: context.form["note"] ?? "", today: services.today(), as: p)
            return redirect("/campaigns/\(id)?msg=saved")
        } catch let error as StoreError where error.isUserFixable {
            if case .notFound = error { throw WebError.notFound }
            return redirect("/campaigns/\(id)?unclosed=1")
        }
    }

    // MARK: The draw by risk (CP-3)

    func commitDraw(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard InspectionDrawRepository.mayDraw(p) else { throw WebError.forbidden }
        let c = try await campaign(context, p)
        guard let count = context.form["count"].flatMap({ Int($0) }), (1...200).contains(count) else {
            throw WebError.badRequest("抽取家数应为1至200", field: "count")
        }
        do {
            _ = try await InspectionDrawRepository(services.database).commit(c, count: count, today: services.today(),
                                                                             rules: try await services.clockRules().rules, as: p)
        } catch let error as StoreError where error.isUserFixable {
            throw WebError(error)
        }
        return redirect("/campaigns/\(c.id)?msg=saved#risk-draw")
    }

    func draw(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard InspectionDrawRepository.mayDraw(p) else { throw WebError.forbidden }
        let c = try await campaign(context, p)
        let reveal = CommittedDraw.Reveal(publicValue: (context.form["publicValue"] ?? "").trimmed, publicSource: (context.form["publicSource"] ?? "").trimmed)
        do {
            _ = try await InspectionDrawRepository(services.database).draw(c, reveal: reveal, as: p)
        } catch let error as StoreError where error.isUserFixable {
            throw WebError(error)
        }
        return redirect("/campaigns/\(c.id)?msg=saved#risk-draw")
    }

    // MARK: Self-inspection (CP-2)

    static var selfFields: [FieldSpec] {
        SelfInspectionTopic.allCases.flatMap { t in
            [FieldSpec("topic_\(t.rawValue)", "\(t.label)：自查结论", .choice([Choice(code: "ok", label: "符合要求"), Choice(code: "problem", label: "存在问题")]), required: true),
             FieldSpec("note_\(t.rawValue)", "\(t.label)：情况说明", .longText, maxLength: 500)]
        } + [FieldSpec("problemsRectified", "已整改的问题（保留整改记录）", .longText, maxLength: 2000),
             FieldSpec("problemsOpen", "尚未整改的问题", .longText, maxLength: 2000),
             FieldSpec("committed", "我单位已阅读并签署：\(SelfInspection.commitmentText)", .boolean),
             FieldSpec("signatory", "承诺签署人（法定代表人或质量安全负责人）", .text, required: true, maxLength: 50)]
    }

    func selfInspection(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        guard p.role == .enterpriseUser else { throw WebError.forbidden }
        let c = try await campaign(context, p)
        if let filed = try await SelfInspectionRepository(services.database).own(campaign: c.id, as: p) {
            return redirect("/campaigns/\(c.id)?msg=saved#self-\(filed.id)")
        }
        let model = FormPage(chrome: PageChrome(title: "企业自查与质量安全承诺", context: context, active: "/campaigns"),
                             heading: "\(c.name)：企业自查与质量安全承诺", action: "/campaigns/\(c.id)/self-inspection", cancelURL: "/campaigns/\(c.id)",
                             version: nil, fields: FormPage.fields(Self.selfFields, values: values, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { e in !Self.selfFields.contains { $0.key == e.field } }.map(\.message), submitLabel: "提交自查报告并签署承诺")
        return try services.views.page(model, "form", status: status)
    }

    func fileSelfInspection(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard p.role == .enterpriseUser else { throw WebError.forbidden }
        let c = try await campaign(context, p)
        let form = StepForm(context.form, specs: Self.selfFields)
        return try await submitting({
            try form.finish()
            let sections = SelfInspectionTopic.allCases.map { t in
                SelfInspection.Section(topic: t, inOrder: form["topic_\(t.rawValue)"] == "ok", note: form["note_\(t.rawValue)"] ?? "")
            }
            _ = try await SelfInspectionRepository(services.database).file(
                SelfInspection(campaignId: c.id, enterpriseId: p.enterpriseId ?? 0, filedOn: services.today(), sections: sections,
                               problemsRectified: form["problemsRectified"], problemsOpen: form["problemsOpen"], signatory: form["signatory"] ?? "",
                               committed: form.flag("committed")), today: services.today(), as: p)
            return redirect("/campaigns/\(c.id)?msg=created")
        }, again: { errors, status in try await selfInspection(context, values: context.form, errors: errors, status: status) })
    }

    // MARK: Supervision (CP-6)

    static let visitFields = [
        FieldSpec("kind", "方式", .choice(Choice.of(SupervisionKind.self)), required: true),
        FieldSpec("districtCode", "被督导的区", .district, required: true),
        FieldSpec("visitedOn", "日期", .date, required: true),
        FieldSpec("team", "督导检查组成员（每行一名）", .longText, required: true, maxLength: 500),
        FieldSpec("findings", "发现的情况及要求", .longText, required: true, maxLength: 2000),
        FieldSpec("letterId", "督办文书编号（通报、约谈或挂牌督办，可选，填文书ID）", .text, maxLength: 20),
    ]

    func newVisit(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        guard SupervisionRepository.mayRecord(p) else { throw WebError.forbidden }
        let c = try await campaign(context, p)
        var shown = values
        if shown["visitedOn"] == nil { shown["visitedOn"] = services.today().description }
        let model = FormPage(chrome: PageChrome(title: "巡回督导、飞行检查", context: context, active: "/campaigns"),
                             heading: "\(c.name)：记录巡回督导、飞行检查", action: "/campaigns/\(c.id)/supervision", cancelURL: "/campaigns/\(c.id)",
                             version: nil, fields: FormPage.fields(Self.visitFields, values: shown, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { e in !Self.visitFields.contains { $0.key == e.field } }.map(\.message), submitLabel: "保存")
        return try services.views.page(model, "form", status: status)
    }

    func recordVisit(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard SupervisionRepository.mayRecord(p) else { throw WebError.forbidden }
        let c = try await campaign(context, p)
        var form = StepForm(context.form, specs: Self.visitFields)
        return try await submitting({
            let letter = form["letterId"].map { Int64($0) }
            if letter == .some(nil) { form.fail("letterId", "督办文书ID应为数字") }
            try form.finish()
            _ = try await SupervisionRepository(services.database).record(
                SupervisionVisit(campaignId: c.id, kind: form["kind"].flatMap(SupervisionKind.init(rawValue:)) ?? .tour, districtCode: form["districtCode"] ?? "",
                                 visitedOn: form["visitedOn"].flatMap(Day.init) ?? services.today(),
                                 team: (form["team"] ?? "").split(whereSeparator: \.isNewline).map(String.init), findings: form["findings"] ?? "",
                                 letterId: letter ?? nil), today: services.today(), as: p)
            return redirect("/campaigns/\(c.id)?msg=created")
        }, again: { errors, status in try await newVisit(context, values: context.form, errors: errors, status: status) })
    }
}
