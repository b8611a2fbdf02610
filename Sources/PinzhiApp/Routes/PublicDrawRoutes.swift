import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// What anyone may check of a draw (issue 16, PZ-DRAW-2): the method with its test vectors as a page and as plain
/// text, each commitment the moment it is made (text, root, leaves), each public draw's result text, and a checker
/// page that verifies an enterprise's proof in the browser without sending anything to the server.
struct PublicDrawRoutes: Sendable {
    let services: AppServices

    /// The published method, one text for the page and the download (Resources/draw-method.txt).
    static let method: String = (try? String(contentsOfFile: ResourcePaths.root + "/draw-method.txt", encoding: .utf8)) ?? ""

    struct MethodPage {
        var chrome: PageChrome
        var text: String
    }

    struct CommitmentPage {
        var chrome: PageChrome
        var id: Int64
        var text: String
        var hash: String
        var root: String
        var createdAt: String
        var candidates: Int
        var drawURL: String?
    }

    struct CheckPage {
        var chrome: PageChrome
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/public/draw-method") { _, context in
            try services.views.page(MethodPage(chrome: PageChrome(title: "抽取方法", context: context), text: Self.method), "public-method")
        }
        router.get("/public/draw-method.txt") { _, _ in Self.text(Self.method, file: "draw-method.txt") }
        router.get("/public/draw-check") { _, context in
            try services.views.page(CheckPage(chrome: PageChrome(title: "核验抽取证明", context: context)), "public-draw-check")
        }
        router.get("/public/draw-commitments/:id") { _, context in try await commitment(context) }
        router.get("/public/draw-commitments/:id/commitment.txt") { _, context in
            Self.text(try await Self.commitment(context, services).record.text, file: "commitment.txt")
        }
        router.get("/public/draw-commitments/:id/leaves.txt") { _, context in
            Self.text(try await Self.commitment(context, services, leaves: true).record.leavesText, file: "leaves.txt")
        }
        router.get("/public/draws/:id/result.txt") { _, context in
            guard let d = try await PublicDrawSummary.load(try context.id(), services.database), let text = d.resultText else { throw WebError.notFound }
            return Self.text(text, file: "result.txt")
        }
    }

    static func commitment(_ context: AppRequestContext, _ services: AppServices, leaves: Bool = false) async throws -> PublicCommitment {
        guard let c = try await PublicCommitment.load(try context.id(), services.database, leaves: leaves) else { throw WebError.notFound }
        return c
    }

    func commitment(_ context: AppRequestContext) async throws -> Response {
        let c = try await Self.commitment(context, services)
        let candidates = c.record.text.split(separator: "\n").first { $0.hasPrefix("candidates=") }.map { Int($0.dropFirst("candidates=".count)) ?? 0 } ?? 0
        return try services.views.page(CommitmentPage(chrome: PageChrome(title: "候选名单承诺", context: context), id: c.record.id, text: c.record.text,
                                                      hash: c.record.hash, root: c.record.root, createdAt: DisplayTime.text(c.record.createdAt),
                                                      candidates: candidates, drawURL: c.publicDrawId.map { "/public/draws/\($0)" }), "public-commitment")
    }

    /// The exact bytes of a published text: UTF-8, LF, no trailing newline (the method's §一).
    static func text(_ text: String, file: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .contentDisposition: "inline; filename=\"\(file)\""],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
