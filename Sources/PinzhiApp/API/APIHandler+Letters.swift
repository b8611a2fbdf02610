import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// "三书一函" as the pages have them (LetterRoutes): the list, a new draft, each letter with its steps and timeline,
/// the steps through the workflow engine in the shape of batches.
extension APIHandler {
    func letterReader() throws -> Principal {
        let p = try bridge.principal()
        guard LetterPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    func listLetters(_ input: Operations.ListLetters.Input) async throws -> Operations.ListLetters.Output {
        let p = try letterReader()
        let q = input.query
        var f = LetterRepository.Filter()
        f.state = q.state.flatMap { LetterState(rawValue: $0.rawValue) }
        f.type = q._type.flatMap { LetterType(rawValue: $0.rawValue) }
        f.target = q.target.flatMap { LetterTarget(rawValue: $0.rawValue) }
        f.open = q.open
        f.district = try APIBridge.text(q.district, field: "district", maxLength: 20)
        f.year = try APIBridge.year(q.year)
        f.search = try APIBridge.text(q.q, field: "q", maxLength: 100)
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await LetterRepository(services.database).page(f, limit: limit, offset: offset, as: p)
        let today = services.today()
        return .ok(.init(body: .json(.init(items: page.items.map { APIEnforcement.letter($0, today: today) }, total: page.total,
                                           nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func createLetter(_ input: Operations.CreateLetter.Input) async throws -> Operations.CreateLetter.Output {
        let p = try letterReader()
        guard LetterPolicy.issuer(p) != nil else { throw WebError.forbidden }
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let reason = try APIBridge.text(body.reason, field: "reason", maxLength: 2000) ?? ""
        let actions = try APIBridge.text(body.requiredActions, field: "requiredActions", maxLength: 2000) ?? ""
        let linked = try APIBridge.text(body.linkedRecords, field: "linkedRecords", maxLength: 200)
        let district = try APIBridge.text(body.district, field: "district", maxLength: 20)
        if body.target == .enterprise && body.enterpriseId == nil { throw WebError.badRequest("发往企业时请给出 enterpriseId", field: "enterpriseId") }
        if body.target == .district && (district ?? "").isEmpty { throw WebError.badRequest("发往区局时请给出 district", field: "district") }
        var values = ["type": body._type.rawValue, "target": body.target.rawValue, "reason": reason, "requiredActions": actions, "deadline": body.deadline]
        values["district"] = district
        values["linkedRecords"] = linked
        let today = services.today()
        var form = StepForm(values, specs: LetterKind.draftFields)
        LetterKind.checkDraft(&form, today: today, enterpriseGiven: true)
        do { try form.finish() } catch { throw StoreError.invalid(error) }
        guard var draft = LetterRepository.Draft(form) else { throw WebError.badRequest("请求不完整") }
        draft.enterpriseId = body.target == .enterprise ? body.enterpriseId : nil
        let letter = try await LetterRepository(services.database).create(draft, today: today, as: p)
        return .created(.init(body: .json(APIEnforcement.letter(letter, today: today))))
    }

    func getLetter(_ input: Operations.GetLetter.Input) async throws -> Operations.GetLetter.Output {
        let p = try letterReader()
        guard let l = try await LetterRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        return .ok(.init(body: .json(.init(letter: APIEnforcement.letter(l, today: services.today()), actions: try await stepForms(LetterRepository.self, l, p),
                                           events: try await timeline(LetterKind.self, l.id)))))
    }

    func actOnLetter(_ input: Operations.ActOnLetter.Input) async throws -> Operations.ActOnLetter.Output {
        _ = try letterReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = LetterAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        let letter = try await act(LetterRepository.self, input.path.id, action, body)
        return .ok(.init(body: .json(APIEnforcement.letter(letter, today: services.today()))))
    }
}
