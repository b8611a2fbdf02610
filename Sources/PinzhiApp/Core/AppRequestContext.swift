import Hummingbird
import PinzhiDomain

/// What each request carries through the middleware: the signed-in principal and the session's CSRF token.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    public var csrfToken: String?
    public var sessionToken: String?
    /// Fields of a URL-encoded form body, read once by the CSRF check and reused by the handler.
    public var form: [String: String] = [:]
    /// The peer's address, for login throttling per address.
    public var remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "local"
    }
}
