import PinzhiDomain
import PinzhiStore

/// A candidate-list commitment as the public sees it (PZ-DRAW-2): published the moment it is made, before any seed,
/// with its leaves (number, class, status, hash — no codes, no names). The draw made from it is linked once public.
struct PublicCommitment: Sendable {
    var record: DrawCommitmentRecord
    var publicDrawId: Int64?

    /// `leaves`: with the published leaves (recomputed for a packed commitment, so only where they are shown).
    static func load(_ id: Int64, _ database: PinzhiDatabase, leaves: Bool = false) async throws -> PublicCommitment? {
        guard var record = try await DrawCommitmentStore.find(database, id) else { return nil }
        if leaves { record.leavesText = try await DrawCommitmentStore.leaves(database, record) }
        var drawId: Int64?
        let draws = DrawRepository(database)
        if let id = record.drawId, let draw = try await draws.find(id), try await draws.isPublic(draw) { drawId = id }
        return PublicCommitment(record: record, publicDrawId: drawId)
    }
}
