import PinzhiDomain
import PinzhiTestSupport
import Testing
@testable import PinzhiStore

@Suite("承检机构监督的数据与现场检查记录")
struct AgencyOversightQueryTests {
    @Test func factsComeFromContractsAndResultsAndInspectionsAreAudited() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db, batches: 2)
            let city = SpotCheckFixture.city
            _ = try await DrawRepository(db).commitAndDraw(taskId: f.task.id, reason: nil, publicValue: String(9), today: f.today, as: city)
            var filter = BatchFilter()
            filter.taskId = f.task.id
            for (index, b) in try await BatchRepository(db).list(filter, as: city).rows.enumerated() {
                _ = try await f.report(db, try await f.sample(db, b, on: "2026-11-02"), failing: index == 0, on: "2026-11-05", number: "R\(index)")
            }
            let facts = try await AgencyOversightQuery(db).facts(year: 2026)
            let first = facts.first { $0.agencyId == f.agency.id }!
            #expect(first.results == [AgencyFacts.Results(product: f.product.name, tested: 2, failed: 1, othersTested: 0, othersFailed: 0)])
            #expect(first.bids == [AgencyFacts.Bid(product: f.product.name, price: 2000, median: 2000)])
            #expect(facts.first { $0.agencyId == f.otherAgency.id }?.results.isEmpty == true)
            let inspections = AgencyInspectionRepository(db)
            await #expect(throws: StoreError.forbidden) {
                _ = try await inspections.record(agencyId: f.agency.id, inspectedOn: f.today, findings: "原始记录不全", deduction: "2", today: f.today,
                                                 as: TestDatabase.district("310114"))
            }
            await #expect(throws: StoreError.self) {
                _ = try await inspections.record(agencyId: f.agency.id, inspectedOn: f.today, findings: "", deduction: "200", today: f.today, as: city)
            }
            _ = try await inspections.record(agencyId: f.agency.id, inspectedOn: f.today, findings: "检测原始记录不完整", deduction: "2", today: f.today, as: city)
            #expect(try await inspections.list().map(\.deduction) == [2])
            #expect(try await AuditQueries(db).history(entity: "agency", id: f.agency.id).first?.action == "inspect")
        }
    }
}
