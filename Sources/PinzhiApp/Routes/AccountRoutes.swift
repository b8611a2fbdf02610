import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Accounts, administered by the city administrator (SPEC ORG-3): list, create, view with history, disable.
struct AccountRoutes: Sendable {
    let services: AppServices

    struct AccountListPage {
        struct Row {
            var url: String
            var username: String
            var displayName: String
            var role: String
            var binding: String
            var active: Bool
        }
        var chrome: PageChrome
        var search: String
        var rows: [Row]
        var total: Int
        var previousURL: String?
        var nextURL: String?
    }

    struct AccountFormPage {
        var chrome: PageChrome
        var errors: [String]
        var username: String
        var displayName: String
        var roles: [ListPage.Option]
        var districts: [ListPage.Option]
        var agencies: [ListPage.Option]
        var enterpriseUscc: String
        var expertCode: String
    }

    struct AccountDetailPage {
        var chrome: PageChrome
        var account: AccountListPage.Row
        var organisation: String
        var history: [DetailPage.HistoryRow]
        var toggleURL: String
        var toggleLabel: String
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/accounts") { request, context in try await list(request, context) }
        router.get("/accounts/new") { _, context in try await form(context, errors: [], status: .ok) }
        router.post("/accounts") { _, context in try await create(context) }
        router.get("/accounts/:id") { request, context in try await detail(request, context) }
        router.post("/accounts/:id/deactivate") { _, context in try await toggle(context, false) }
        router.post("/accounts/:id/reactivate") { _, context in try await toggle(context, true) }
    }

    func row(_ a: Account, agencies: [Int64: String] = [:]) -> AccountListPage.Row {
        var binding = ""
        if let d = a.districtCode { binding = District.named(code: d) }
        if let id = a.agencyId { binding = agencies[id] ?? "承检机构#\(id)" }
        if let id = a.enterpriseId { binding = "企业#\(id)" }
        if let id = a.expertId { binding = "专家#\(id)" }
        return .init(url: "/accounts/\(a.id)", username: a.username, displayName: a.displayName, role: a.role.label,
                     binding: binding, active: a.active)
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let search = request.uri.queryParameters.get("q") ?? ""
        let page = max(1, request.uri.queryParameters.get("page").flatMap { Int($0) } ?? 1)
        let result = try await services.accounts.list(limit: 50, offset: (page - 1) * 50, search: search)
        let q = search.isEmpty ? "" : "q=\(ListRequest.encode(search))&"
        let model = AccountListPage(
            chrome: PageChrome(title: "账号管理", context: context, active: "/accounts", flash: Flash.message(request.uri.queryParameters.get("msg"))),
            search: search, rows: result.items.map { row($0) }, total: result.total,
            previousURL: page > 1 ? "/accounts?\(q)page=\(page - 1)" : nil, nextURL: result.hasNext ? "/accounts?\(q)page=\(page + 1)" : nil)
        return try services.views.page(model, "accounts")
    }

    func form(_ context: AppRequestContext, errors: [String], status: HTTPResponse.Status) async throws -> Response {
        let admin = try context.requireAdmin()
        let f = context.form
        let agencies = try await services.repository(Agency.self).choices(as: admin)
        let model = AccountFormPage(
            chrome: PageChrome(title: "新建账号", context: context, active: "/accounts"), errors: errors,
            username: f["username"] ?? "", displayName: f["displayName"] ?? "",
            roles: Role.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: f["role"] == $0.rawValue) },
            districts: [.init(value: "", label: "（不适用）", selected: false)]
                + District.all.map { .init(value: $0.code, label: $0.name, selected: f["districtCode"] == $0.code) },
            agencies: [.init(value: "", label: "（不适用）", selected: false)]
                + agencies.map { .init(value: String($0.id), label: $0.name, selected: f["agencyId"] == String($0.id)) },
            enterpriseUscc: f["enterpriseUscc"] ?? "", expertCode: f["expertCode"] ?? "")
        return try services.views.page(model, "account-form", status: status)
    }

    func create(_ context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin()
        let f = context.form
        guard let role = Role(rawValue: f["role"] ?? "") else { return try await form(context, errors: ["请选择角色"], status: .badRequest) }
        do {
            let account = try await AccountBinding(services: services).bind(Account(username: (f["username"] ?? "").trimmingCharacters(in: .whitespaces),
                                                  displayName: (f["displayName"] ?? "").trimmingCharacters(in: .whitespaces),
                                                  role: role, organisationId: 0), form: f, admin: admin)
            let saved = try await services.accounts.create(account, password: f["password"] ?? "", actor: AuditActor(admin), by: admin)
            return redirect("/accounts/\(saved.id)?msg=created")
        } catch let error as StoreError where error.isUserFixable {
            return try await form(context, errors: error.fieldErrors.map(\.message), status: WebError(error).status)
        }
    }

    func detail(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        guard let account = try await services.accounts.find(try context.id()) else { throw WebError.notFound }
        let orgs = try await services.organisations.all()
        let history = try await services.audit.history(entity: "account", id: account.id).map {
            DetailPage.HistoryRow(at: DisplayTime.text($0.at), actor: $0.actorName, summary: $0.summary, changes: [])
        }
        let model = AccountDetailPage(
            chrome: PageChrome(title: account.username, context: context, active: "/accounts", flash: Flash.message(request.uri.queryParameters.get("msg"))),
            account: row(account), organisation: orgs.first { $0.id == account.organisationId }?.name ?? "",
            history: history, toggleURL: "/accounts/\(account.id)/\(account.active ? "deactivate" : "reactivate")",
            toggleLabel: account.active ? "停用账号" : "启用账号")
        return try services.views.page(model, "account")
    }

    func toggle(_ context: AppRequestContext, _ active: Bool) async throws -> Response {
        let admin = try context.requireAdmin()
        let id = try context.id()
        _ = try await services.accounts.setActive(id, active, by: admin)
        return redirect("/accounts/\(id)?msg=\(active ? "reactivated" : "deactivated")")
    }
}
