import Crypto
import Foundation
import Hummingbird

/// Refuses a state-changing request that rides on a session cookie without the session's CSRF token: a form field
/// `_csrf`, or the `X-CSRF-Token` header for uploads and API calls from our pages. Bearer-token API calls carry no
/// cookie and need no token. Before login, the token is the one in the pre-session cookie of the login page.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let preSessionCookie = "pz_pre"
    static let maxFormBytes = 2 * 1024 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method) else { return try await next(request, context) }
        var context = context
        var request = request
        let bearer = request.uri.path.hasPrefix("/api/") && context.sessionToken == nil
        if bearer { return try await next(request, context) }
        let expected = context.csrfToken ?? request.cookies[Self.preSessionCookie]?.value
        var presented = request.headers[.csrfToken]
        if request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            let body = try await request.collectBody(upTo: Self.maxFormBytes)
            context.form = FormData.parse(String(buffer: body))
            presented = presented ?? context.form["_csrf"]
        }
        guard let expected, let presented, Self.equal(expected, presented) else {
            throw WebError(.forbidden, code: "csrf", "页面已过期或请求来源无法确认，请刷新页面后重试")
        }
        return try await next(request, context)
    }

    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
