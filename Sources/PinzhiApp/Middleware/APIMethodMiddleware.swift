import Foundation
import Hummingbird

/// Answers 405 with Allow for a method the OpenAPI document does not declare on an existing API path (TRACE,
/// or DELETE where there is none), instead of a 404 that would suggest the path does not exist.
struct APIMethodMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Path templates of the document ("/batches/{id}") split into segments, with their methods.
    let paths: [(segments: [String], methods: Set<String>)]

    init(openAPIJSON: Data) {
        let document = (try? JSONSerialization.jsonObject(with: openAPIJSON)) as? [String: Any]
        let declared = document?["paths"] as? [String: Any] ?? [:]
        paths = declared.map { template, operations in
            let methods = Set((operations as? [String: Any] ?? [:]).keys.map { $0.uppercased() })
            return (template.split(separator: "/").map(String.init), methods.union(methods.contains("GET") ? ["HEAD"] : []))
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let prefix = "/api/v1"
        let path = request.uri.path
        guard path.hasPrefix(prefix + "/"), path != "/api/v1/openapi.json" else { return try await next(request, context) }
        let segments = path.dropFirst(prefix.count).split(separator: "/").map(String.init)
        let matching = paths.filter { Self.matches($0.segments, segments) }
        guard !matching.isEmpty, !matching.contains(where: { $0.methods.contains(request.method.rawValue) }) else {
            return try await next(request, context)
        }
        let allow = matching.flatMap(\.methods).sorted().joined(separator: ", ")
        return Response(status: .methodNotAllowed,
                        headers: [.allow: allow, .contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"code":"method_not_allowed","message":"该地址不支持此请求方法（允许：\#(allow)）"}}"#)))
    }

    static func matches(_ template: [String], _ segments: [String]) -> Bool {
        template.count == segments.count && zip(template, segments).allSatisfy { t, s in t.hasPrefix("{") || t == s }
    }
}
