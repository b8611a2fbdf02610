/// A task draw's private part, packed (issue 21 item 3): the candidates as `DrawCandidateLines`, the salts as one key
/// (`CommittedDraw.salts(key:count:)`), deflated and kept as Base64 text in `private_packed`. The published leaves
/// of such a commitment are recomputed from it (their hashes are a third of the old rows' bytes and follow from the
/// private part), so `leaves_text` and `private_json` stay empty there. Rows written before keep their JSON and leaves.
enum Migration038PackedCommitments {
    static let migration = Migration(38, "packed draw commitments") { _ in
        ["ALTER TABLE draw_commitments ADD COLUMN private_packed TEXT"]
    }
}
