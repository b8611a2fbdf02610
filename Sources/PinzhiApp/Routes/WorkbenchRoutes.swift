import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The workbench 工作台 of each role: what it is responsible for, the figures of its scope and where to go next.
struct WorkbenchRoutes: Sendable {
    let services: AppServices

    struct Card {
        var label: String
        var value: String
        var url: String
    }

    struct Link {
        var label: String
        var url: String
    }

    struct WorkbenchPage {
        var chrome: PageChrome
        var greeting: String
        var scope: String
        var cards: [Card]
        var links: [Link]
        var recent: [DetailPage.HistoryRow]
        /// Every kind's records waiting for this person's step, soonest deadline first, overdue in red.
        var duties: [DutyRow]
        var dutyCount: Int
        var showDuties: Bool
        /// What the administrator must see to first (a calendar year missing).
        var warnings: [String]
        var licenceWarning: String?
        /// The enterprise's own: in scope of the officer duty and not staffed as its size requires (SPEC EN-4).
        var officerWarning: String?
        var showNext: Bool = true
    }

    /// “3张许可证将在90日内到期，1张已过期（仍登记为有效）”, or nil when none.
    static func licenceWarning(_ counts: (expiring: Int, expired: Int)) -> String? {
        var parts: [String] = []
        if counts.expiring > 0 { parts.append("\(counts.expiring)张许可证或CCC证书将在\(LicenceKind.warningDays)日内到期") }
        if counts.expired > 0 { parts.append("\(counts.expired)张已过期但仍登记为有效") }
        return parts.isEmpty ? nil : parts.joined(separator: "，") + "。"
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/") { request, context in try await page(request, context) }
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try context.requirePrincipal()
        let today = services.today()
        let chrome = PageChrome(title: "工作台", context: context, active: "/", flash: Flash.message(request.uri.queryParameters.get("msg")))
        // The page is the same on every visit until something is written (ReadCache); the chrome carries the
        // session's CSRF token and the message, so they are part of the key.
        let key = "workbench|\(p.accountId)|\(chrome.csrf)|\(chrome.flash ?? "")|\(today)"
        return HTMLResponse(try await services.database.reads.value(key, staleWhileReading: true) { try await render(p, chrome: chrome, today: today) }).response
    }

    func render(_ p: Principal, chrome: PageChrome, today: Day) async throws -> String {
        var cards: [Card] = []
        func count<R: MasterRecord>(_ type: R.Type, _ label: String, filters: [String: String] = [:], url: String? = nil) async throws {
            guard AccessPolicy.access(p.role, R.kind, .read) != .denied else { return }
            let total = try await services.repository(R.self).count(ListQuery(filters: filters, limit: 1), as: p)
            cards.append(Card(label: label, value: String(total), url: url ?? Screen.of(R.kind).url))
        }
        try await count(Enterprise.self, p.role == .enterpriseUser ? "本企业" : p.role == .districtSupervisor ? "辖区企业" : "全市企业")
        try await count(Enterprise.self, "信用风险D类企业", filters: ["credit_class": "D"], url: "/enterprises?f_credit_class=D")
        try await count(Product.self, "目录产品")
        try await count(Product.self, "专项行动重点产品", filters: ["campaign_key": "1"], url: "/products?f_campaign_key=1")
        try await count(Agency.self, p.role == .agencyUser ? "本机构" : "承检机构")
        try await count(Inspector.self, "执法人员")
        try await count(Expert.self, p.role == .expert ? "本人档案" : "专家")
        let scope: String = switch p.role {
        case .districtSupervisor: "数据范围：\(District.named(code: p.districtCode))"
        case .enterpriseUser: "数据范围：本企业的记录、结果与通知"
        case .agencyUser: "数据范围：本机构及分配给本机构的任务"
        case .expert: "数据范围：本人档案及分配给本人的帮扶工作"
        default: "数据范围：全市"
        }
        let links = Navigation.items(for: p.role).dropFirst().map { Link(label: $0.label, url: $0.url) }
        let recent = try await services.audit.page(entity: nil, actor: p.username, limit: 8, offset: 0, changes: false).items.map {
            DetailPage.HistoryRow(at: DisplayTime.text($0.at), actor: $0.actorName, summary: $0.summary, changes: [])
        }
        let rules = try await RuleRepository(services.database).effective(on: today)
        let years = try await CalendarRepository(services.database).years()
        let calendar = WorkingDayCalendar(years)
        var duties: [Duty] = []
        for source in services.dutySources { duties += try await source.duties(as: p, today: today, rules: rules, calendar: calendar) }
        duties.sort(by: Duty.byDeadline)
        let model = WorkbenchPage(
            chrome: chrome,
            greeting: "\(p.displayName)，您好", scope: "\(p.role.label) · \(p.organisationName) · \(scope)", cards: cards,
            links: Array(links), recent: recent,
            duties: duties.prefix(100).map { DutyRow($0, today: today) }, dutyCount: duties.count,
            showDuties: true,
            warnings: p.role == .cityAdmin ? CalendarReadiness.warnings(today: today, years: Set(years.map(\.year))) : [],
            licenceWarning: Self.licenceWarning(try await LicenceExpiries(services.database).counts(as: p, today: today)),
            officerWarning: p.role == .enterpriseUser
                ? try await OfficerStaffing(services.database).enterprises(as: p).first?.flag.map { "本企业属于质量安全人员应配备范围，\($0)。" } : nil)
        return try services.views.render(model, "workbench")
    }
}
