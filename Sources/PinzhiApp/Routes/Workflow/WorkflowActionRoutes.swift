import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The step pages of any workflow kind: `GET /{path}/{id}/act/{action}` shows the step's form (from its field
/// specs and first values), `POST` takes the step through WorkflowStore. A refused step shows the form again with
/// every message; nothing is written. One instance per kind (batches today).
struct WorkflowActionRoutes<R: WorkflowRecords>: Sendable {
    typealias K = R.Kind
    let services: AppServices
    /// The principal of this kind's pages (e.g. refusing roles that never see the kind).
    let principal: @Sendable (AppRequestContext) throws -> Principal
    /// The record's own page, where a step returns.
    let find: @Sendable (PinzhiDatabase, Int64, Principal) async throws -> K.Record?

    func register(on router: Router<AppRequestContext>) {
        router.get("/\(K.path)/:id/act/:action") { _, context in try await form(context) }
        router.post("/\(K.path)/:id/act/:action") { _, context in try await submit(context) }
    }

    func load(_ context: AppRequestContext) async throws -> (Principal, K.Record, K.Action) {
        let p = try principal(context)
        guard let record = try await find(services.database, try context.id(), p),
              let action = context.parameters.get("action").flatMap(K.Action.init(rawValue:)) else { throw WebError.notFound }
        return (p, record, action)
    }

    func recordURL(_ record: K.Record) -> String { "/\(K.path)/\(K.id(of: record))" }

    func page(_ context: AppRequestContext, _ record: K.Record, _ action: K.Action, fields: [FieldSpec], values: [String: String],
              errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let label = K.step(action).label
        let model = FormPage(
            chrome: PageChrome(title: label, context: context, active: "/\(K.path)"),
            heading: "\(K.title(of: record)) \(K.subject(of: record))：\(label)", action: "\(recordURL(record))/act/\(action.rawValue)",
            cancelURL: recordURL(record), version: K.version(of: record),
            fields: FormPage.fields(fields, values: values, errors: errors, organisations: [], hidden: []),
            errors: errors.filter { e in e.field.isEmpty || !fields.contains { $0.key == e.field } }.map(\.message),
            submitLabel: label)
        return try services.views.page(model, "form", status: status)
    }

    func form(_ context: AppRequestContext) async throws -> Response {
        let (p, record, action) = try await load(context)
        guard let form = try await WorkflowStore<R>(services.database).form(record, action, today: services.today(), as: p) else {
            return redirect("\(recordURL(record))?unavailable=\(action.rawValue)")
        }
        return try await page(context, record, action, fields: form.fields, values: form.values, errors: [])
    }

    func submit(_ context: AppRequestContext) async throws -> Response {
        let (p, record, action) = try await load(context)
        var input = context.form
        input.removeValue(forKey: "_csrf")
        let version = Int(input.removeValue(forKey: "_version") ?? "") ?? -1
        let store = WorkflowStore<R>(services.database)
        do {
            _ = try await store.act(K.id(of: record), action, input: input, expectedVersion: version, today: services.today(), as: p)
            return redirect("\(recordURL(record))?msg=saved")
        } catch let error as StoreError where error.isUserFixable {
            let errors = error.fieldErrors.isEmpty ? [FieldError("", error.message)] : error.fieldErrors
            let fields = try await store.form(record, action, today: services.today(), as: p)?.fields ?? K.step(action).fields(record, nil)
            return try await page(context, record, action, fields: fields, values: input, errors: errors, status: WebError(error).status)
        }
    }
}
