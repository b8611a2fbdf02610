import Hummingbird
import PinzhiStore

/// An error with a status and a Chinese message, shown as a page in the UI and as `{"error": …}` in the API.
public struct WebError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var field: String?

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    public static let unauthenticated = WebError(.unauthorized, code: "unauthenticated", "请先登录")
    public static let forbidden = WebError(.forbidden, code: "forbidden", "无权访问")
    public static let notFound = WebError(.notFound, code: "not_found", "页面或记录不存在")

    public static func badRequest(_ message: String, field: String? = nil) -> WebError {
        WebError(.badRequest, code: "invalid", message, field: field)
    }

    /// The answer to a store error: scope misses look like missing records (SPEC ORG-2).
    public init(_ error: StoreError) {
        switch error {
        case .notFound: self = .notFound
        case .forbidden: self = .forbidden
        case .staleVersion: self.init(.conflict, code: "stale_version", error.message)
        case .duplicate(let field, _): self.init(.conflict, code: "duplicate", error.message, field: field.isEmpty ? nil : field)
        case .invalid(let failure): self.init(.badRequest, code: "invalid", error.message, field: failure.errors.first?.field)
        case .conflict(let text): self.init(.conflict, code: "invalid_state", text)
        case .internalError: self.init(.internalServerError, code: "internal", "服务器内部错误")
        case .unavailable: self.init(.serviceUnavailable, code: "unavailable", "数据库暂时无法连接，请稍后再试（系统会自动恢复）")
        }
    }
}
