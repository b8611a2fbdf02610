import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The rule parameters: the version in force, the history with reasons, and a new version by the administrator.
struct RuleRoutes: Sendable {
    let services: AppServices
    var repository: RuleRepository { RuleRepository(services.database) }

    struct RulesPage {
        struct Row {
            var key: String
            var label: String
            var unit: String
            var basis: String
            var current: String
            var formValue: String
            var error: String?
        }
        struct Version {
            var version: Int
            var effectiveFrom: String
            var reason: String
            var createdBy: String
            var inForce: Bool
        }
        var chrome: PageChrome
        var current: Int
        var currentFrom: String
        var rows: [Row]
        var versions: [Version]
        var canEdit: Bool
        var effectiveFrom: String
        var reason: String
        var errors: [String]
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/rules") { request, context in try await page(request, context) }
        router.post("/rules") { request, context in try await create(request, context) }
    }

    func page(_ request: Request, _ context: AppRequestContext, form: [String: String] = [:], errors: [FieldError] = [],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try context.requirePrincipal()
        let today = services.today()
        let current = try await repository.effective(on: today)
        let versions = try await repository.versions()
        let model = RulesPage(
            chrome: PageChrome(title: "规则参数", context: context, active: "/rules", flash: Flash.message(request.uri.queryParameters.get("msg"))),
            current: current.version, currentFrom: current.effectiveFrom.description,
            rows: RuleParameter.all.map { param in
                .init(key: param.key, label: param.label, unit: param.unit, basis: param.basis, current: RuleSet.format(current.value(param.key)),
                      formValue: form[param.key] ?? RuleSet.format(current.value(param.key)), error: errors.first { $0.field == param.key }?.message)
            },
            versions: versions.map { .init(version: $0.version, effectiveFrom: $0.effectiveFrom.description, reason: $0.reason,
                                          createdBy: $0.createdBy, inForce: $0.version == current.version) },
            canEdit: AccessPolicy.canAdminister(p.role), effectiveFrom: form["effectiveFrom"] ?? today.adding(days: 1).description,
            reason: form["reason"] ?? "", errors: errors.filter { e in !RuleParameter.all.contains { $0.key == e.field } }.map(\.message))
        return try services.views.page(model, "rules", status: status)
    }

    func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin()
        let f = context.form
        var values: [String: Double] = [:]
        var errors: [FieldError] = []
        for param in RuleParameter.all {
            if let v = Double((f[param.key] ?? "").trimmingCharacters(in: .whitespaces)), v.isFinite { values[param.key] = v }
            else { errors.append(FieldError(param.key, "\(param.label)应为数字")) }
        }
        guard let effective = Day(f["effectiveFrom"] ?? "") else {
            return try await page(request, context, form: f, errors: errors + [FieldError("effectiveFrom", "生效日期应为“年-月-日”")], status: .badRequest)
        }
        guard errors.isEmpty else { return try await page(request, context, form: f, errors: errors, status: .badRequest) }
        do {
            _ = try await repository.create(values: values, effectiveFrom: effective, reason: f["reason"] ?? "", today: services.today(), by: admin)
        } catch let error as StoreError where error.isUserFixable {
            return try await page(request, context, form: f, errors: error.fieldErrors, status: .badRequest)
        }
        return redirect("/rules?msg=created")
    }
}
