import PinzhiDomain
import PinzhiTestSupport
import Testing
@testable import PinzhiStore

@Suite("统计查询与手算一致（SC-10）")
struct StatisticsQueryTests {
    @Test func ratesMonthsAndFunnelFromAHandMadeYear() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db, batches: 4)
            let city = SpotCheckFixture.city
            _ = try await DrawRepository(db).commitAndDraw(taskId: f.task.id, reason: nil, publicValue: String(3), today: f.today, as: city)
            let repo = BatchRepository(db)
            var filter = BatchFilter()
            filter.taskId = f.task.id
            let batches = try await repo.list(filter, as: city).rows.sorted { $0.id < $1.id }
            let agent = f.agencyUser()
            // Three batches tested: the first fails; sampled in October, October and November. The fourth is untested.
            for (index, b) in batches.prefix(3).enumerated() {
                let sampled = try await f.sample(db, b, on: index == 2 ? "2026-11-02" : "2026-10-12")
                var current = try await f.report(db, sampled, failing: index == 0, on: "2026-11-05", number: "R\(index)")
                if index == 0 {
                    current = try await repo.act(b.id, .deliver, input: ["deliveredOn": "2026-11-06", "method": "直接送达", "recipient": "甲"],
                                                 expectedVersion: current.version, today: f.today, as: agent)
                    current = try await repo.act(b.id, .conclude, input: [:], expectedVersion: current.version, today: f.today, as: city)
                    _ = try await repo.act(b.id, .transfer, input: [:], expectedVersion: current.version, today: f.today, as: city)
                }
            }
            let rates = NonConformanceRates(db)
            let byProduct = try await rates.by(.product, year: 2026, as: city)
            #expect(byProduct.count == 1 && byProduct[0].tested == 3 && byProduct[0].failed == 1 && byProduct[0].label == f.product.name)
            #expect(byProduct[0].key == String(f.product.id), "the key drills down to the product's batches")
            let byAgency = try await rates.by(.agency, year: 2026, as: city)
            #expect(byAgency.map(\.key) == [String(f.agency.id)] && byAgency[0].label == f.agency.name)
            let byDistrict = try await rates.by(.district, year: 2026, as: city)
            let expected = Dictionary(grouping: batches.prefix(3), by: \.enterpriseDistrict).mapValues(\.count)
            #expect(Dictionary(uniqueKeysWithValues: byDistrict.map { ($0.key, $0.tested) }) == expected)
            #expect(byDistrict.reduce(0) { $0 + $1.failed } == 1)
            let total = try await rates.total(year: 2026, as: city)
            #expect(total.tested == 3 && total.failed == 1 && total.previousTested == 0)
            // A district sees only its scope.
            let firstDistrict = batches[0].enterpriseDistrict
            let districtTotal = try await rates.total(year: 2026, as: TestDatabase.district(firstDistrict))
            #expect(districtTotal.tested == expected[firstDistrict] && districtTotal.failed == 1)
            let months = try await MonthlyCounts(db).of(year: 2026, as: city)
            #expect(months.count == 12 && months[9].tested == 2 && months[9].failed == 1 && months[10].tested == 1)
            let funnel = try await HandlingFunnel(db).of(year: 2026, today: f.today, as: city)
            #expect(funnel.first { $0.state == .concluded }?.reached == 1)
            #expect(funnel.first { $0.state == .transferred }?.waiting == 1)
            #expect(funnel.first { $0.state == .closed }?.reached == 0)
            let assessment = try await DistrictAssessment(db).of(year: 2026, today: f.today, as: city)
            #expect(assessment == [DistrictAssessment.Row(district: batches[0].enterpriseDistrict, failed: 1, closed: 0, overdue: 0, refusals: 0, cases: 0)])
            #expect(assessment[0].closedShare == 0 && assessment[0].caseTransferRate == 0)
            #expect(try await db.session { try await RateRollup.differences($0) } == [])
            #expect(try await db.session { try await VerdictRollup.differences($0) } == [])
            #expect(try await db.session { try await ClusterRollup.differences($0) } == [])
            #expect(try await db.session { try await RiskRollup.differences($0) } == [])
            #expect(try await rates.fromBatches(.product, year: 2026, mode: nil, as: city) == byProduct)
            // Evaluation checks are counted apart: this year's line is routine, so their table is empty.
            #expect(try await rates.by(.district, year: 2026, mode: .evaluation, as: city).isEmpty)
            #expect(try await rates.by(.district, year: 2026, mode: .routine, as: city) == byDistrict)
            // Plan completion: the city's plan asked for 4 batches; 4 drawn, 3 with a verdict.
            let completion = try await PlanCompletion(db).of(year: 2026, as: city)
            #expect(completion == [PlanCompletion.Row(district: nil, planned: 4, drawn: 4, completed: 3)])
            #expect(completion[0].completion == 0.75 && completion[0].label == "市级计划")
            #expect(try await PlanCompletion(db).of(year: 2026, as: TestDatabase.district("310114")) == completion, "a district sees the city's row")
            #expect(try await PlanCompletion(db).of(year: 2026, as: f.agencyUser()).isEmpty)
            var cityLevel = BatchFilter()
            cityLevel.planLevel = "city"
            #expect(try await repo.list(cityLevel, as: city).total == 4)
            cityLevel.planLevel = "310114"
            #expect(try await repo.list(cityLevel, as: city).total == 0)
        }
    }
}
