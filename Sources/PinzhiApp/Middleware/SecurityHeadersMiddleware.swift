import HTTPTypes
import Hummingbird

/// Headers that keep pages from being framed, sniffed or running scripts from anywhere but our own files; behind
/// TLS also HSTS, so a browser never falls back to plain HTTP with the session cookie.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    var behindTLS = false

    static var policy: String {
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        response.headers[.xFrameOptions] = "DENY"
        if behindTLS { response.headers[.strictTransportSecurity] = "max-age=31536000" }
        return response
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let csrfToken = Self("X-CSRF-Token")!
    static let strictTransportSecurity = Self("Strict-Transport-Security")!
}
