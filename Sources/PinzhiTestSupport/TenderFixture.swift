import PinzhiDomain
import PinzhiStore

/// Tests that draw every candidate give one agency far more batches than a demo tender holds: this signs the
/// agency's contract for the product and year up to `batches` and lifts its yearly capacity, through the audited
/// master-data path, as the city would after a supplementary tender.
public enum TenderFixture {
    public static func widen(_ db: PinzhiDatabase, agencyId: Int64, productId: Int64, year: Int, batches: Int = 10_000) async throws {
        let admin = TestDatabase.admin
        let contracts = MasterRepository<AgencyContract>(db)
        for var c in try await contracts.list(ListQuery(filters: ["agency_id": String(agencyId)], limit: 500), as: admin).items
        where c.productId == productId && c.year == year {
            let version = c.version
            c.batches = batches
            _ = try await contracts.update(c, expectedVersion: version, as: admin)
        }
        let agencies = MasterRepository<Agency>(db)
        if var a = try await agencies.find(agencyId, as: admin) {
            let version = a.version
            a.capacity = nil
            _ = try await agencies.update(a, expectedVersion: version, as: admin)
        }
    }
}
