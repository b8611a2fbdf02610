import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The agency's results import for a task: a template with one row per sampled batch and a column per test item,
/// and the upload, all rows or none.
struct ResultImportRoutes: Sendable {
    let services: AppServices

    func register(on router: Router<AppRequestContext>) {
        router.get("/tasks/:id/results-template") { request, context in try await template(request, context) }
        router.post("/tasks/:id/results") { request, context in try await upload(request, context) }
    }

    func agency(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard TaskPolicy.mayImportResults(p) else { throw WebError.forbidden }
        return p
    }

    func template(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try agency(context)
        let id = try context.id()
        guard try await TaskRepository(services.database).find(id, as: p) != nil else { throw WebError.notFound }
        let rows = try await ResultImporter(services.database).template(taskId: id, as: p)
        return try ExportResponse.make(rows: rows, name: "检验结果录入-任务\(id)", format: request.uri.queryParameters.get("format") == "xlsx" ? "xlsx" : "csv")
    }

    func upload(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let p = try agency(context)
        let id = try context.id()
        guard try await TaskRepository(services.database).find(id, as: p) != nil else { throw WebError.notFound }
        let body = try await request.collectBody(upTo: services.settings.maxBodyBytes)
        func json(_ status: HTTPResponse.Status, _ object: [String: Any]) throws -> Response {
            Response(status: status, headers: [.contentType: "application/json"],
                     body: .init(byteBuffer: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object))))
        }
        do {
            let count = try await ResultImporter(services.database).run(taskId: id, data: Data(buffer: body), today: services.today(), as: p)
            return try json(.ok, ["url": "/tasks/\(id)?msg=saved", "imported": count])
        } catch let rejected as ResultImporter.Rejected {
            let shown = rejected.errors.prefix(20).map(\.text)
            let more = rejected.errors.count > 20 ? "；另有\(rejected.errors.count - 20)处错误" : ""
            return try json(.unprocessableContent, ["error": ["code": "invalid", "message": "未导入任何结果。" + shown.joined(separator: "；") + more]])
        }
    }
}
