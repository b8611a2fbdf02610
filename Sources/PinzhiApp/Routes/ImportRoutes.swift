import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The upload page for imports (SPEC MD-5). The page's script sends the file as the request body with progress;
/// the report is stored so its error file can be downloaded.
struct ImportRoutes: Sendable {
    let services: AppServices
    var results: ImportResultStore { ImportResultStore(services.database) }

    struct ImportPage {
        struct Kind {
            var value: String
            var label: String
            var selected: Bool
            var templateCSV: String
            var templateXLSX: String
        }
        var chrome: PageChrome
        var kinds: [Kind]
    }

    struct ResultPage {
        var chrome: PageChrome
        var kindLabel: String
        var fileName: String
        var summary: String
        var committed: Bool
        var rowsRead: Int
        var issues: [ImportIssue]
        var hasErrorFile: Bool
        var errorFileURL: String
        var listURL: String
        var againURL: String
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/import") { request, context in try page(request, context) }
        router.get("/import/template/:kind") { _, context in try template(context) }
        router.post("/import/:kind") { request, context in try await upload(request, context) }
        router.get("/import/results/:id") { _, context in try await result(context) }
        router.get("/import/results/:id/errors.csv") { _, context in try await errorFile(context) }
    }

    func allowedKinds(_ p: Principal) -> [ImportKind] {
        ImportKind.allCases.filter { $0.mayImport(p.role) }
    }

    func page(_ request: Request, _ context: AppRequestContext) throws -> Response {
        let p = try context.requirePrincipal()
        let kinds = allowedKinds(p)
        guard !kinds.isEmpty else { throw WebError.forbidden }
        let chosen = request.uri.queryParameters.get("kind")
        let model = ImportPage(chrome: PageChrome(title: "数据导入", context: context, active: "/import"),
                               kinds: kinds.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == chosen,
                                                        templateCSV: "/import/template/\($0.rawValue).csv",
                                                        templateXLSX: "/import/template/\($0.rawValue).xlsx") })
        return try services.views.page(model, "import")
    }

    func template(_ context: AppRequestContext) throws -> Response {
        _ = try context.requirePrincipal()
        let raw = context.parameters.get("kind") ?? ""
        let parts = raw.split(separator: ".")
        guard parts.count == 2, let kind = ImportKind(rawValue: String(parts[0])), ["csv", "xlsx"].contains(parts[1]) else { throw WebError.notFound }
        return try ExportResponse.make(rows: [kind.templateHeader], name: "\(kind.label)导入模板", format: String(parts[1]))
    }

    func upload(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try context.requirePrincipal()
        guard let kind = ImportKind(rawValue: context.parameters.get("kind") ?? "") else { throw WebError.notFound }
        guard allowedKinds(p).contains(kind) else { throw WebError.forbidden }
        let mode = ImportMode(rawValue: request.uri.queryParameters.get("mode") ?? "all") ?? .allOrNothing
        let fileName = String((request.uri.queryParameters.get("name") ?? "upload").prefix(120))
        guard fileName.lowercased().hasSuffix(".csv") || fileName.lowercased().hasSuffix(".xlsx") else {
            throw WebError.badRequest("只接受CSV或XLSX文件", field: "file")
        }
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: services.settings.maxBodyBytes) } catch {
            throw WebError(.contentTooLarge, code: "too_large", "文件超过\(services.settings.maxBodyBytes / 1024 / 1024)MB上限")
        }
        let sheet = request.uri.queryParameters.get("sheet").map { String($0) }
        let job = ImportJob(services: services, kind: kind, data: Data(buffer: body), sheet: sheet, mode: mode, fileName: fileName, principal: p)
        // The page's script asks for the processing as it goes (a JSON line per reading, then the answer); any other
        // client gets the answer alone, with 422 when nothing was written.
        guard request.headers[.accept]?.contains(ImportJob.streamType) == true else {
            let answer = try await job.run { _ in }
            return Response(status: answer.committed ? .ok : .unprocessableContent, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(answer))))
        }
        return Response(status: .ok, headers: [.contentType: ImportJob.streamType, .cacheControl: "no-store"],
                        body: ResponseBody(asyncSequence: job.stream()))
    }

    func stored(_ context: AppRequestContext) async throws -> ImportResultStore.Stored {
        let p = try context.requirePrincipal()
        guard let stored = try await results.find(try context.id()),
              stored.accountId == p.accountId || AccessPolicy.canAdminister(p.role) else { throw WebError.notFound }
        return stored
    }

    func result(_ context: AppRequestContext) async throws -> Response {
        let stored = try await stored(context)
        let r = stored.report
        let model = ResultPage(chrome: PageChrome(title: "导入结果", context: context, active: "/import"), kindLabel: r.kind.label,
                               fileName: stored.fileName, summary: r.summary, committed: r.committed, rowsRead: r.rowsRead,
                               issues: Array(r.issues.prefix(500)), hasErrorFile: !r.errorFile.isEmpty,
                               errorFileURL: "/import/results/\(stored.id)/errors.csv",
                               listURL: r.kind.recordKind.map { Screen.of($0).url } ?? "/risk-items", againURL: "/import?kind=\(r.kind.rawValue)")
        return try services.views.page(model, "import-result", status: r.committed ? .ok : .unprocessableContent)
    }

    func errorFile(_ context: AppRequestContext) async throws -> Response {
        let stored = try await stored(context)
        guard !stored.report.errorFile.isEmpty else { throw WebError.notFound }
        return try ExportResponse.make(rows: stored.report.errorFile, name: "导入错误-\(stored.fileName)", format: "csv")
    }
}
