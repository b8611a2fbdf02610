import Hummingbird
import PinzhiDomain

/// Finds who is calling: an API bearer token, or a browser session cookie. Binds the principal for the API handlers.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "pz_session"
    let services: AppServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if request.uri.path.hasPrefix("/api/"), let auth = request.headers[.authorization] {
            guard auth.hasPrefix("Bearer "), let principal = try await services.tokens.principal(for: String(auth.dropFirst(7))) else {
                throw WebError(.unauthorized, code: "unauthenticated", "API令牌无效或已吊销")
            }
            context.principal = principal
        } else if let token = request.cookies[Self.cookieName]?.value, let session = try await services.sessions.find(token) {
            context.principal = session.principal
            context.csrfToken = session.csrfToken
            context.sessionToken = token
        }
        // The API answers 401 before it reads a body, so an anonymous caller learns nothing from validation errors.
        // The open API (/api/v1/public/…) answers everyone.
        if context.principal == nil, request.uri.path.hasPrefix("/api/v1/"), request.uri.path != "/api/v1/openapi.json",
           !request.uri.path.hasPrefix(PublicRateLimitMiddleware.prefix) {
            throw WebError.unauthenticated
        }
        let bound = context
        return try await RequestPrincipal.$current.withValue(context.principal) {
            try await next(request, bound)
        }
    }
}
