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
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/batches/:id/documents/:doc") { _, context in try await document(context) }
    }

    func document(_ context: AppRequestContext) async throws -> Response {
        let p = try BatchListRoutes.principal(context)
        let repo = BatchRepository(services.database)
        guard let b = try await repo.find(try context.id(), as: p),
              let doc = context.parameters.get("doc").flatMap(BatchDocument.init(rawValue:)) else { throw WebError.notFound }
        let events = try await repo.events(b.id)
        guard let event = doc.event(events) else { throw WebError.notFound }
        let results = doc == .resultNotice ? (try await repo.results(b.id).first { $0.version == b.reportVersion }?.items ?? []) : []
        let date = Day(event.day).map { "\($0.year)年\($0.month)月\($0.day)日" } ?? event.day
        let model = DocumentPage(title: doc.title, number: doc.number(b, event), issuer: doc.issuer(b), date: date, batchNumber: b.number,
                                 rows: doc.rows(b, event, results: results).map { Row(label: $0.0, value: $0.1) },
                                 backURL: "/batches/\(b.id)")
        return try services.views.page(model, "document")
    }
}
