import Foundation
import Hummingbird

/// Serves our own CSS and script from memory, before sessions and routing: they are small, few and public.
struct StaticFilesMiddleware<Context: RequestContext>: RouterMiddleware {
    struct File: Sendable {
        var bytes: ByteBuffer
        var contentType: String
    }

    let files: [String: File]

    init(directory: String) {
        var files: [String: File] = [:]
        let types = ["css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml",
                     "png": "image/png", "ico": "image/x-icon"]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let ext = (name as NSString).pathExtension
            guard let type = types[ext], let data = FileManager.default.contents(atPath: directory + "/" + name) else { continue }
            files["/static/" + name] = File(bytes: ByteBuffer(bytes: data), contentType: type)
        }
        self.files = files
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/static/") else { return try await next(request, context) }
        guard let file = files[request.uri.path], request.method == .get || request.method == .head else {
            return Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "not found")))
        }
        return Response(status: .ok, headers: [.contentType: file.contentType, .cacheControl: "public, max-age=3600"],
                        body: .init(byteBuffer: file.bytes))
    }
}
