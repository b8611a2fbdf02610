import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Notices to the issuers of certificates as the pages have them (IssuerNoticeRoutes): the list, each notice with its
/// step and timeline, the answer through the workflow engine in the shape of batches. Read as cases are.
extension APIHandler {
    func listIssuerNotices(_ input: Operations.ListIssuerNotices.Input) async throws -> Operations.ListIssuerNotices.Output {
        let p = try enforcementReader()
        let q = input.query
        var f = IssuerNoticeRepository.Filter()
        f.state = q.state.flatMap { IssuerNoticeState(rawValue: $0.rawValue) }
        f.caseId = q.caseId
        f.district = try APIBridge.text(q.district, field: "district", maxLength: 20)
        f.year = try APIBridge.year(q.year)
        f.search = try APIBridge.text(q.q, field: "q", maxLength: 100)
        let limit = try APIBridge.limit(q.limit), offset = try APIBridge.offset(q.cursor)
        let page = try await IssuerNoticeRepository(services.database).page(f, limit: limit, offset: offset, as: p)
        return .ok(.init(body: .json(.init(items: page.items.map(APIEnforcement.notice), total: page.total,
                                           nextCursor: Self.next(offset, page.items.count, page.total)))))
    }

    func getIssuerNotice(_ input: Operations.GetIssuerNotice.Input) async throws -> Operations.GetIssuerNotice.Output {
        let p = try enforcementReader()
        guard let n = try await IssuerNoticeRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        return .ok(.init(body: .json(.init(notice: APIEnforcement.notice(n), actions: try await stepForms(IssuerNoticeRepository.self, n, p),
                                           events: try await timeline(IssuerNoticeKind.self, n.id)))))
    }

    func actOnIssuerNotice(_ input: Operations.ActOnIssuerNotice.Input) async throws -> Operations.ActOnIssuerNotice.Output {
        _ = try enforcementReader()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = IssuerNoticeAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        return .ok(.init(body: .json(APIEnforcement.notice(try await act(IssuerNoticeRepository.self, input.path.id, action, body)))))
    }
}
