import Foundation
import Hummingbird
import Logging
import OpenAPIRuntime
import PinzhiStore

/// Turns every error into what the caller understands: a Chinese page in the browser (a login redirect when not
/// signed in), `{"error": {"code", "message", "field"}}` in the API. Never a stack trace.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let views: ViewRenderer
    let logger: Logger

    struct ErrorPage {
        var chrome: PageChrome
        var status: Int
        var heading: String
        var message: String
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let web = Self.webError(error, logger: logger, path: request.uri.path)
            var response = try respond(web, request, context)
            // The database comes back by itself; a client may try again shortly.
            if web.status == .serviceUnavailable { response.headers[.retryAfter] = "5" }
            return response
        }
    }

    func respond(_ web: WebError, _ request: Request, _ context: Context) throws -> Response {
        if request.uri.path.hasPrefix("/api/") || request.uri.path == "/metrics" {
            return Self.json(web)
        }
        if web.status == .unauthorized {
            let target = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
            let next = target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
            return Response(status: .seeOther, headers: [.location: "/login?next=\(next)"])
        }
        let heading: String = switch web.status.code {
        case 403: "无权访问"
        case 404: "页面不存在"
        case 409: "操作冲突"
        case 400: "请求有误"
        case 413: "文件过大"
        case 503: "服务暂时不可用"
        default: "服务器出错了"
        }
        let page = ErrorPage(chrome: PageChrome(title: heading, context: context), status: Int(web.status.code),
                             heading: heading, message: web.message)
        let html = (try? views.render(page, "error")) ?? "<!DOCTYPE html><meta charset=utf-8><h1>\(heading)</h1>"
        return HTMLResponse(html, status: web.status).response
    }

    static func webError(_ error: any Error, logger: Logger, path: String) -> WebError {
        switch error {
        case let e as WebError: return e
        case let e as StoreError: return WebError(e)
        case let e as ServerError:
            // The OpenAPI runtime wraps what our handlers throw; a decoding failure means the request was malformed.
            if e.underlyingError is WebError || e.underlyingError is StoreError {
                return webError(e.underlyingError, logger: logger, path: path)
            }
            return .badRequest("请求格式不符合接口文档：\(e.causeDescription)")
        case let e as HTTPError:
            switch e.status {
            case .notFound: return .notFound
            case .contentTooLarge: return WebError(.contentTooLarge, code: "too_large", "请求内容超过上限")
            case .methodNotAllowed: return WebError(.methodNotAllowed, code: "method_not_allowed", "不支持该请求方法")
            default: return WebError(e.status, code: "http_\(e.status.code)", e.body ?? "请求有误")
            }
        case is DecodingError:
            return .badRequest("请求内容格式错误")
        default:
            let text = String(describing: error)
            if text.contains("connection") || text.contains("Connection") || text.contains("shutdown") {
                logger.error("database unavailable", metadata: ["path": "\(path)", "error": "\(text)"])
                return WebError(.serviceUnavailable, code: "unavailable", "数据库暂时不可用，请稍后重试")
            }
            logger.error("unhandled error", metadata: ["path": "\(path)", "error": "\(text)"])
            return WebError(.internalServerError, code: "internal", "服务器内部错误，已记录，请稍后重试")
        }
    }

    static func json(_ error: WebError) -> Response {
        struct Body: Encodable {
            struct Inner: Encodable {
                var code: String
                var message: String
                var field: String?
            }
            var error: Inner
        }
        let data = (try? JSONEncoder().encode(Body(error: .init(code: error.code, message: error.message, field: error.field)))) ?? Data()
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if error.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: error.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
