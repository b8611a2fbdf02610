import Hummingbird
import PinzhiDomain
import PinzhiStore

/// A step on a batch: the form of the step (from its field specs, the report's from the test items) and its
/// submission. A refused step shows the form again with every message; nothing is written.
struct BatchActionRoutes: Sendable {
    let services: AppServices

    func register(on router: Router<AppRequestContext>) {
        router.get("/batches/:id/act/:action") { _, context in try await form(context) }
        router.post("/batches/:id/act/:action") { _, context in try await submit(context) }
    }

    func load(_ context: AppRequestContext) async throws -> (Principal, Batch, BatchAction) {
        let p = try BatchListRoutes.principal(context)
        guard let b = try await BatchRepository(services.database).find(try context.id(), as: p),
              let action = context.parameters.get("action").flatMap(BatchAction.init(rawValue:)) else { throw WebError.notFound }
        return (p, b, action)
    }

    /// Sensible first values: dates are today, the sample is the product.
    static func defaults(_ action: BatchAction, _ b: Batch) -> [String: String] {
        let today = Clock.today().description
        var values: [String: String] = [:]
        for spec in action.fields(b) where spec.type == .date && spec.key != "deadline" && spec.key != "newDeadline" && spec.key != "productionDate" {
            values[spec.key] = today
        }
        if action == .sample { values["sampleName"] = b.productName; values["backupSealed"] = "是" }
        if action == .reviseReport, let number = b.reportNumber { values["reportNumber"] = "\(number)-\(b.reportVersion + 1)" }
        return values
    }

    func page(_ context: AppRequestContext, _ b: Batch, _ action: BatchAction, values: [String: String], errors: [FieldError],
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let items = action == .report || action == .reviseReport ? try await BatchRepository(services.database).testItems(b) : []
        let specs = action.fields(b, items: items)
        let model = FormPage(
            chrome: PageChrome(title: action.label, context: context, active: "/batches"),
            heading: "\(b.number) \(b.enterpriseName)：\(action.label)", action: "/batches/\(b.id)/act/\(action.rawValue)",
            cancelURL: "/batches/\(b.id)", version: b.version,
            fields: FormPage.fields(specs, values: values, errors: errors, organisations: [], hidden: []),
            errors: errors.filter { e in e.field.isEmpty || !specs.contains { $0.key == e.field } }.map(\.message),
            submitLabel: action.label)
        return try services.views.page(model, "form", status: status)
    }

    func form(_ context: AppRequestContext) async throws -> Response {
        let (p, b, action) = try await load(context)
        guard BatchWorkflow.available(p, b, today: Clock.today()).contains(action) else {
            return redirect("/batches/\(b.id)?unavailable=\(action.rawValue)")
        }
        return try await page(context, b, action, values: Self.defaults(action, b), errors: [])
    }

    func submit(_ context: AppRequestContext) async throws -> Response {
        let (p, b, action) = try await load(context)
        var input = context.form
        input.removeValue(forKey: "_csrf")
        let version = Int(input.removeValue(forKey: "_version") ?? "") ?? -1
        do {
            _ = try await BatchRepository(services.database).act(b.id, action, input: input, expectedVersion: version, today: Clock.today(), as: p)
            return redirect("/batches/\(b.id)?msg=saved")
        } catch let error as StoreError where error.isUserFixable {
            let errors = error.fieldErrors.isEmpty ? [FieldError("", error.message)] : error.fieldErrors
            return try await page(context, b, action, values: input, errors: errors, status: WebError(error).status)
        }
    }
}
