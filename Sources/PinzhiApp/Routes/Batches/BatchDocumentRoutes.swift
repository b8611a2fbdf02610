import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The printable A4 documents of a batch; the browser prints them (Ctrl+P) or saves them as PDF.
struct BatchDocumentRoutes: Sendable {
    let services: AppServices

    struct Row {
        var label: String
        var value: String
    }

    struct DocumentPage {
        var title: String
        var number: String
        var issuer: String
        var date: String
        var batchNumber: String
        var rows: [Row]
        var backURL: String
        var backLabel = "返回批次"
        var referenceLabel = "批次编号"
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/batches/:id/documents/:doc") { _, context in try await document(context) }
    }

    func document(_ context: AppRequestContext) async throws -> Response {
        let p = try BatchListRoutes.principal(context)
        guard let doc = context.parameters.get("doc").flatMap(BatchDocument.init(rawValue:)),
              let model = try await Self.page(doc, batchId: try context.id(), as: p, services: services) else { throw WebError.notFound }
        return try services.views.page(model, "document")
    }

    /// The document as its page shows it, for the page and the API; nil when the batch is not the caller's or the
    /// step that issues the document has not been taken.
    static func page(_ doc: BatchDocument, batchId: Int64, as p: Principal, services: AppServices) async throws -> DocumentPage? {
        let repo = BatchRepository(services.database)
        guard let b = try await repo.find(batchId, as: p) else { return nil }
        let events = try await repo.events(b.id)
        guard let event = doc.event(events) else { return nil }
        let results = doc == .resultNotice ? (try await repo.results(b.id).first { $0.version == b.reportVersion }?.items ?? []) : []
        let date = Day(event.day).map { "\($0.year)年\($0.month)月\($0.day)日" } ?? event.day
        return DocumentPage(title: doc.title, number: doc.number(b, event), issuer: doc.issuer(b), date: date, batchNumber: b.number,
                            rows: doc.rows(b, event, results: results).map { Row(label: $0.0, value: $0.1) },
                            backURL: "/batches/\(b.id)")
    }
}
