import Foundation
import PinzhiDomain
import PinzhiStore

/// An enterprise's proofs, for its page and the API (issue 16 item 4): each commitment whose candidates included it
/// and whose draw is public, with the leaf, salt, path and whether it was drawn.
struct DrawProofList {
    enum Outcome: String {
        case selected, notSelected, excluded
    }

    struct Item {
        var commitment: DrawCommitmentRecord
        var drawId: Int64
        var proof: CommittedDraw.Proof
        /// The result's `selected` line: leaf numbers in the order drawn.
        var selected: String
        var outcome: Outcome
        var outcomeLabel: String

        /// The path as the checker reads it: `L:hash,R:hash,…`.
        var pathText: String { proof.path.map { "\($0.left ? "L" : "R"):\($0.sibling)" }.joined(separator: ",") }
    }

    static func load(enterpriseId: Int64, _ database: PinzhiDatabase) async throws -> [Item] {
        let draws = DrawRepository(database)
        var items: [Item] = []
        for (commitment, proof) in try await DrawCommitmentStore.ofEnterprise(database, enterpriseId: enterpriseId) {
            // Before a batch of the task is published the proof would announce the visit.
            guard let drawId = commitment.drawId, let draw = try await draws.find(drawId), try await draws.isPublic(draw),
                  let result = draw.resultText else { continue }
            let selected = result.split(separator: "\n").first { $0.hasPrefix("selected=") }.map { String($0.dropFirst("selected=".count)) } ?? ""
            let status = proof.leafText.split(separator: "|", omittingEmptySubsequences: false).dropFirst(3).first.map(String.init) ?? ""
            let outcome: Outcome = status != "eligible" ? .excluded
                : selected.split(separator: ",").contains { Int($0) == proof.index } ? .selected : .notSelected
            let label = switch outcome {
            case .excluded: "依规排除（\(DrawExclusionReason(rawValue: status)?.label ?? status)）"
            case .selected: "被抽中"
            case .notSelected: "未被抽中"
            }
            items.append(Item(commitment: commitment, drawId: drawId, proof: proof, selected: selected, outcome: outcome, outcomeLabel: label))
        }
        return items
    }
}
