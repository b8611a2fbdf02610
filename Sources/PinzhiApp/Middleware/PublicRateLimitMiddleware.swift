import Foundation
import Hummingbird

/// Limits the open API (`/api/v1/public/…`) per caller address and answers 429 with Retry-After and the API's error
/// body when a caller goes over. The portal's pages are not limited here: they are cheap and cached by browsers.
struct PublicRateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let prefix = "/api/v1/public/"
    let limiter: PublicRateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix(Self.prefix), let wait = limiter.admit(context.remoteAddress) else {
            return try await next(request, context)
        }
        let body = #"{"error":{"code":"rate_limited","message":"请求过于频繁，请\#(wait)秒后再试"}}"#
        return Response(status: .tooManyRequests,
                        headers: [.contentType: "application/json; charset=utf-8", .retryAfter: String(wait), .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
