import Foundation
import Hummingbird

/// Answers 405 with Allow for a method the OpenAPI document does not declare on an existing API path (TRACE,
/// or DELETE where there is none), instead of a 404 that would suggest the path does not exist; and 400 for a query
/// parameter the operation does not declare (a misspelt filter would otherwise be ignored and answer everything).
struct APIMethodMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Path templates of the document ("/batches/{id}") split into segments, with their methods and, per method, the
    /// query parameters it declares.
    let paths: [(segments: [String], methods: Set<String>, query: [String: Set<String>])]

    init(openAPIJSON: Data) {
        let document = (try? JSONSerialization.jsonObject(with: openAPIJSON)) as? [String: Any]
        let declared = document?["paths"] as? [String: Any] ?? [:]
        paths = declared.map { template, item in
            let operations = (item as? [String: Any] ?? [:]).filter { $0.key != "parameters" }
            let methods = Set(operations.keys.map { $0.uppercased() })
            var query: [String: Set<String>] = [:]
            for (method, operation) in operations {
                let parameters = (operation as? [String: Any])?["parameters"] as? [[String: Any]] ?? []
                query[method.uppercased()] = Set(parameters.filter { $0["in"] as? String == "query" }.compactMap { $0["name"] as? String })
            }
            query["HEAD"] = query["GET"]
            return (template.split(separator: "/").map(String.init), methods.union(methods.contains("GET") ? ["HEAD"] : []), query)
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let prefix = "/api/v1"
        let path = request.uri.path
        guard path.hasPrefix(prefix + "/"), path != "/api/v1/openapi.json" else { return try await next(request, context) }
        let segments = path.dropFirst(prefix.count).split(separator: "/").map(String.init)
        let matching = paths.filter { Self.matches($0.segments, segments) }
        let method = request.method.rawValue
        guard !matching.isEmpty, !matching.contains(where: { $0.methods.contains(method) }) else {
            let allowed = matching.reduce(into: Set<String>()) { $0.formUnion($1.query[method] ?? []) }
            let unknown = request.uri.queryParameters.map { String($0.key) }.filter { !allowed.contains($0) }
            if !matching.isEmpty, let name = unknown.first {
                let shown = name.isEmpty ? "（空名称）" : name
                return Response(status: .badRequest, headers: [.contentType: "application/json; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"code":"invalid","message":"接口文档中此操作没有名为“\#(Self.escaped(shown))”的查询参数"}}"#)))
            }
            return try await next(request, context)
        }
        let allow = matching.flatMap(\.methods).sorted().joined(separator: ", ")
        return Response(status: .methodNotAllowed,
                        headers: [.allow: allow, .contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"code":"method_not_allowed","message":"该地址不支持此请求方法（允许：\#(allow)）"}}"#)))
    }

    /// A name as a JSON string's content.
    static func escaped(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
        return String(decoding: data.dropFirst(2).dropLast(2), as: UTF8.self)
    }

    static func matches(_ template: [String], _ segments: [String]) -> Bool {
        template.count == segments.count && zip(template, segments).allSatisfy { t, s in t.hasPrefix("{") || t == s }
    }
}
