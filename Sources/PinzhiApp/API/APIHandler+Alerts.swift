import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Risk alerts as the pages have them (RiskAlertRoutes), the steps through the workflow engine in the shape of
/// batches; and the open API's published 消费提示 (PublicAlertRoutes' data).
extension APIHandler {
    func listAlerts(_ input: Operations.ListAlerts.Input) async throws -> Operations.ListAlerts.Output {
        let p = try riskReader()
        let q = input.query
        var f = RiskAlertRepository.Filter()
        f.state = q.state.flatMap { AlertState(rawValue: $0.rawValue) }
        f.type = q._type.flatMap { AlertType(rawValue: $0.rawValue) }
        f.productId = q.productId
        f.riskItemId = q.riskItemId
        f.year = try APIBridge.year(q.year)
        f.search = try APIBridge.text(q.q, field: "q", maxLength: 100)
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await RiskAlertRepository(services.database).page(f, limit: limit, offset: offset, as: p)
        let (_, rules, calendar) = try await services.clockRules()
        return .ok(.init(body: .json(.init(items: page.items.map { APIAlert.alert($0, deadline: Workflow<RiskAlertKind>.deadline($0, rules: rules, calendar: calendar)) },
                                           total: page.total, nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func createAlert(_ input: Operations.CreateAlert.Input) async throws -> Operations.CreateAlert.Output {
        let p = try riskReader()
        guard AlertPolicy.canDraft(p) else { throw WebError.forbidden }
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        var values = ["type": body._type.rawValue, "title": body.title, "content": body.content, "advice": body.advice]
        values["audience"] = body.audience?.rawValue
        values["productCode"] = body.productCode
        values["riskItem"] = body.riskItemId.map(String.init)
        values["nationalScope"] = body.nationalScope == true ? "1" : nil
        var form = StepForm(values, specs: RiskAlertKind.draftFields)
        RiskAlertKind.checkDraft(&form)
        do { try form.finish() } catch { throw StoreError.invalid(error) }
        guard let draft = RiskAlertRepository.Draft(form) else { throw WebError.badRequest("请求不完整") }
        let alert = try await RiskAlertRepository(services.database).create(draft, today: services.today(), as: p)
        return .created(.init(body: .json(APIAlert.alert(alert))))
    }

    func getAlert(_ input: Operations.GetAlert.Input) async throws -> Operations.GetAlert.Output {
        let p = try riskReader()
        guard let a = try await RiskAlertRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        let (_, rules, calendar) = try await services.clockRules()
        return .ok(.init(body: .json(.init(item: APIAlert.alert(a, deadline: Workflow<RiskAlertKind>.deadline(a, rules: rules, calendar: calendar)),
                                           actions: try await stepForms(RiskAlertRepository.self, a, p), events: try await timeline(RiskAlertKind.self, a.id)))))
    }

    func actOnAlert(_ input: Operations.ActOnAlert.Input) async throws -> Operations.ActOnAlert.Output {
        _ = try riskReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = AlertAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        return .ok(.init(body: .json(APIAlert.alert(try await act(RiskAlertRepository.self, input.path.id, action, body)))))
    }

    func listPublicAlerts(_ input: Operations.ListPublicAlerts.Input) async throws -> Operations.ListPublicAlerts.Output {
        let q = input.query
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await RiskAlertRepository(services.database).publicPage(search: try APIBridge.text(q.q, field: "q", maxLength: 100),
                                                                               year: try APIBridge.year(q.year), limit: limit, offset: offset)
        return .ok(.init(body: .json(.init(items: page.items.map(APIAlert.published), total: page.total,
                                           nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func getPublicAlert(_ input: Operations.GetPublicAlert.Input) async throws -> Operations.GetPublicAlert.Output {
        guard let a = try await RiskAlertRepository(services.database).publicFind(input.path.id) else { throw WebError.notFound }
        return .ok(.init(body: .json(APIAlert.published(a))))
    }
}

/// Alerts as the API gives them: codes with their labels, days as text; the public shape has no internal field.
enum APIAlert {
    static func alert(_ a: RiskAlert, deadline: Deadline? = nil) -> Components.Schemas.Alert {
        .init(id: a.id, version: a.version, number: a.number, _type: .init(rawValue: a.type.rawValue) ?? .risk, typeLabel: a.type.label,
              audience: .init(rawValue: a.audience.rawValue) ?? .regulators, audienceLabel: a.audience.label, title: a.title, content: a.content,
              advice: a.advice, productId: a.productId, productName: a.productName, riskItemId: a.riskItemId, riskItemNumber: a.riskItemNumber,
              nationalScope: a.nationalScope, districtCode: a.districtCode, createdOn: a.createdOn.description, createdBy: a.createdBy,
              issuer: AlertDocument.issuer(a), state: .init(rawValue: a.state.rawValue) ?? .draft, stateLabel: a.state.label,
              deadline: deadline?.day?.description ?? deadline?.missingText, approver: a.approver, publishedOn: a.publishedOn?.description,
              withdrawnOn: a.withdrawnOn?.description, note: a.note)
    }

    static func published(_ a: RiskAlert) -> Components.Schemas.PublicAlert {
        .init(id: a.id, number: a.number, title: a.title, productName: a.productName, content: a.content, advice: a.advice,
              issuer: AlertDocument.issuer(a), publishedOn: a.publishedOn?.description ?? "")
    }
}
