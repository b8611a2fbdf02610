import Hummingbird

/// Names the open API's downloads. The generated handlers cannot: the OpenAPI runtime percent-encodes every declared
/// header value, which turns an RFC 5987 `filename*` into a name browsers save literally.
struct DownloadNameMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Path → (file name, ASCII fallback), both without the extension, which follows the response's type.
    let names: [String: (file: String, fallback: String)]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.status == .ok, let name = names[request.uri.path] {
            let ext = response.headers[.contentType]?.hasPrefix("text/csv") == true ? "csv" : "xlsx"
            response.headers[.contentDisposition] = DownloadName.disposition(file: "\(name.file).\(ext)", fallback: "\(name.fallback).\(ext)")
        }
        return response
    }
}
