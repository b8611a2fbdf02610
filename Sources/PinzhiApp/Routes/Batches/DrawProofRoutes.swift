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
        let draws = DrawRepository(services.database)
        var rows: [ProofRow] = []
        for (commitment, proof) in try await DrawCommitmentStore.ofEnterprise(services.database, enterpriseId: enterpriseId) {
            guard let drawId = commitment.drawId, let draw = try await draws.find(drawId), try await draws.isPublic(draw),
                  let result = draw.resultText else { continue }
            let selected = result.split(separator: "\n").first { $0.hasPrefix("selected=") }.map { String($0.dropFirst("selected=".count)) } ?? ""
            let path = proof.path.map { "\($0.left ? "L" : "R"):\($0.sibling)" }.joined(separator: ",")
            let status = proof.leafText.split(separator: "|", omittingEmptySubsequences: false).dropFirst(3).first.map(String.init) ?? ""
            let chosen = selected.split(separator: ",").contains { Int($0) == proof.index }
            var fragment = URLComponents()
            fragment.queryItems = [("text", proof.leafText), ("salt", proof.salt), ("path", path), ("root", proof.root), ("selected", selected),
                                   ("commitment", String(commitment.id))].map { URLQueryItem(name: $0.0, value: $0.1) }
            rows.append(ProofRow(commitmentId: commitment.id, commitmentURL: "/public/draw-commitments/\(commitment.id)", drawURL: "/public/draws/\(drawId)",
                                 committedAt: DisplayTime.text(commitment.createdAt), leafText: proof.leafText, salt: proof.salt, path: path,
                                 root: proof.root, selected: selected,
                                 outcome: status != "eligible" ? "依规排除（\(DrawExclusionReason(rawValue: status)?.label ?? status)）" : chosen ? "被抽中" : "未被抽中",
                                 checkURL: "/public/draw-check#" + (fragment.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")))
        }
        return try services.views.page(ProofsPage(chrome: PageChrome(title: "抽取证明", context: context, active: "/draw-proofs"), rows: rows), "draw-proofs")
    }
}
