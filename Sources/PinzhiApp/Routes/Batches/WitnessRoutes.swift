import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The witness's page (抽取见证人, DrawWitness): what waits for a witness (tasks before their commitment, batches whose
/// objection waits, an assessment named by scope and period), its registrations, and the reveal of a secret once the
/// commitment is published. The secret's hash is computed in the browser (draw-check.js); the secret itself is sent
/// only when revealed.
struct WitnessRoutes: Sendable {
    let services: AppServices

    struct WitnessPage {
        struct Row { var subject: String; var label: String; var detail: String }
        struct Registration { var label: String; var hash: String; var state: String; var registeredAt: String; var revealURL: String? }
        var chrome: PageChrome
        var awaiting: [Row]
        var registrations: [Registration]
        var errors: [String]
        var scopes: [Choice]
        var period: String
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/witness") { request, context in try await page(request, context, errors: []) }
        router.post("/witness/registrations") { request, context in try await registerHash(request, context) }
        router.get("/witness/registrations/:id/reveal") { _, context in try await revealForm(context, values: [:], errors: []) }
        router.post("/witness/registrations/:id/reveal") { _, context in try await reveal(context) }
    }

    static func witness(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard p.role == .witness else { throw WebError.forbidden }
        return p
    }

    func page(_ request: Request, _ context: AppRequestContext, errors: [String], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.witness(context)
        let repository = WitnessRepository(services.database)
        let model = WitnessPage(
            chrome: PageChrome(title: "抽取见证", context: context, active: "/witness", flash: Flash.message(request.uri.queryParameters.get("msg"))),
            awaiting: try await repository.awaiting(as: p).map { .init(subject: $0.subject, label: $0.label, detail: $0.detail) },
            registrations: try await repository.list(as: p).map { r in
                .init(label: r.subjectLabel, hash: r.hash, state: r.stateLabel, registeredAt: DisplayTime.text(r.registeredAt),
                      revealURL: r.commitmentHash != nil && r.secret == nil ? "/witness/registrations/\(r.id)/reveal" : nil)
            },
            errors: errors, scopes: [Choice(code: "city", label: "全市")] + District.all.map { Choice(code: $0.code, label: $0.name) },
            period: OfficerAssessmentDraw.quarter(of: services.today()))
        return try services.views.page(model, "witness", status: status)
    }

    func registerHash(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.witness(context)
        let form = context.form
        // An assessment is named by its scope and period; the other subjects come with their code.
        let subject = form["subject"].flatMap { $0.isEmpty ? nil : $0 }
            ?? DrawWitness.Subject.assessment(scope: form["scope"] ?? "", period: (form["period"] ?? "").trimmingCharacters(in: .whitespaces)).code
        do {
            _ = try await WitnessRepository(services.database).register(subject: subject, hash: form["hash"] ?? "", as: p)
            return redirect("/witness?msg=saved")
        } catch let e as StoreError where e.isUserFixable {
            return try await page(request, context, errors: e.fieldErrors.isEmpty ? [e.message] : e.fieldErrors.map(\.message), status: WebError(e).status)
        }
    }

    static let revealSpecs = [FieldSpec("secret", "登记时所用的秘密值（8至200个字符）", .text, required: true, maxLength: 200)]

    func revealForm(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.witness(context)
        guard let r = try await WitnessRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let model = FormPage(chrome: PageChrome(title: "公开秘密值", context: context, active: "/witness"),
                             heading: "公开秘密值：\(r.subjectLabel)（承诺 \(String((r.commitmentHash ?? "").prefix(12)))…）",
                             action: "/witness/registrations/\(r.id)/reveal", cancelURL: "/witness", version: nil,
                             fields: FormPage.fields(Self.revealSpecs, values: values, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { $0.field != "secret" }.map(\.message), submitLabel: "公开")
        return try services.views.page(model, "form", status: status)
    }

    func reveal(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.witness(context)
        let id = try context.id()
        do {
            _ = try await WitnessRepository(services.database).reveal(id, secret: context.form["secret"] ?? "", as: p)
            return redirect("/witness?msg=saved")
        } catch let e as StoreError where e.isUserFixable && e != .notFound {
            return try await revealForm(context, values: context.form, errors: e.fieldErrors.isEmpty ? [FieldError("", e.message)] : e.fieldErrors,
                                        status: WebError(e).status)
        } catch let e as StoreError {
            throw WebError(e)
        }
    }
}
