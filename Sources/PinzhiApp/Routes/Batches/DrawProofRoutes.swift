import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// An enterprise's proofs (issue 16 item 4, PZ-DRAW-2): for each commitment whose candidates included it, once the
/// draw's result is public, its leaf text, salt and Merkle path, with a link that opens the portal's checker with
/// them filled in. Before the result is public a proof would tell the enterprise that a visit is coming, so it waits.
struct DrawProofRoutes: Sendable {
    let services: AppServices

    struct ProofRow {
        var commitmentId: Int64
        var commitmentURL: String
        var drawURL: String
        var committedAt: String
        var leafText: String
        var salt: String
        var path: String
        var root: String
        var selected: String
        var outcome: String
        var checkURL: String
    }

    struct ProofsPage {
        var chrome: PageChrome
        var rows: [ProofRow]
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/draw-proofs") { _, context in try await page(context) }
    }

    func page(_ context: AppRequestContext) async throws -> Response {
        let p = try context.requirePrincipal()
        guard p.role == .enterpriseUser, let enterpriseId = p.enterpriseId else { throw WebError.forbidden }
        let rows = try await DrawProofList.load(enterpriseId: enterpriseId, services.database).map { item in
            var fragment = URLComponents()
            fragment.queryItems = [("text", item.proof.leafText), ("salt", item.proof.salt), ("path", item.pathText), ("root", item.proof.root),
                                   ("selected", item.selected), ("commitment", String(item.commitment.id))].map { URLQueryItem(name: $0.0, value: $0.1) }
            return ProofRow(commitmentId: item.commitment.id, commitmentURL: "/public/draw-commitments/\(item.commitment.id)", drawURL: "/public/draws/\(item.drawId)",
                            committedAt: DisplayTime.text(item.commitment.createdAt), leafText: item.proof.leafText, salt: item.proof.salt,
                            path: item.pathText, root: item.proof.root, selected: item.selected, outcome: item.outcomeLabel,
                            checkURL: "/public/draw-check#" + (fragment.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B"))
        }
        return try services.views.page(ProofsPage(chrome: PageChrome(title: "抽取证明", context: context, active: "/draw-proofs"), rows: rows), "draw-proofs")
    }
}
