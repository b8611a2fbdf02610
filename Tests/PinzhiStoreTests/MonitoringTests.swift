import Foundation
import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

/// Risk monitoring (SPEC RK-6): the city plans, the plan's agency records a sample and its results; a finding is
/// reported as a risk item (source 风险监测) linked back, in the step's transaction; nothing is published; each
/// reader sees its own scope; every refusal changes nothing.
@Suite("风险监测：计划、监测批次与发现报送（RK-6）")
struct MonitoringTests {
    let city = SpotCheckFixture.city

    @Test func aFindingBecomesALinkedRiskItemAndNothingIsPublished() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            // The sampled enterprise is in an industrial cluster: its item counts there on the risk map.
            try await db.session { try await $0.raw("UPDATE enterprises SET cluster = '监测测试集聚区' WHERE id = \(bind: f.enterprises[0].id)").run() }
            let repo = MonitoringRepository(db), store = WorkflowStore<MonitoringRepository>(db)
            let agency = f.agencyUser(), other = f.agencyUser(f.otherAgency)
            // The plan: the city only, with items and a batch count.
            let input = MonitoringRepository.PlanInput(year: f.today.year, title: "网络销售充电器风险监测", productCode: f.product.code, agencyId: f.agency.id,
                                                       items: "输出过压保护\n循环寿命（无现行标准）", focus: .online, plannedBatches: 4)
            await #expect(throws: StoreError.self) { try await repo.createPlan(input, today: f.today, as: agency) }
            var bad = input
            bad.items = " \n "
            bad.plannedBatches = 0
            do {
                _ = try await repo.createPlan(bad, today: f.today, as: city)
                Issue.record("an empty plan was accepted")
            } catch let StoreError.invalid(failure) {
                #expect(Set(failure.errors.map(\.field)) == ["items", "plannedBatches"])
            }
            let plan = try await repo.createPlan(input, today: f.today, as: city)
            #expect(plan.itemList == ["输出过压保护", "循环寿命（无现行标准）"] && plan.number.hasPrefix("JC"))
            // The sample: the plan's agency only; another agency does not see the plan.
            let sample = MonitoringRepository.BatchInput(planId: plan.id, channel: .online, source: "某电商平台店铺", sampleName: "48V充电器",
                                                         uscc: f.enterprises[0].uscc, sampledOn: f.today)
            await #expect(throws: StoreError.self) { try await repo.create(sample, today: f.today, as: other) }
            let batch = try await repo.create(sample, today: f.today, as: agency)
            #expect(batch.state == .sampled && batch.districtCode == f.enterprises[0].districtCode && batch.enterpriseName == f.enterprises[0].name)
            // Scopes: the enterprise's district reads it, the other district and the other agency do not.
            #expect(try await repo.find(batch.id, as: TestDatabase.district(f.enterprises[0].districtCode ?? "")) != nil)
            #expect(try await repo.find(batch.id, as: TestDatabase.district(f.enterprises[1].districtCode ?? "")) == nil)
            #expect(try await repo.find(batch.id, as: other) == nil)
            // A finding without its description is refused; the city cannot take the agency's step.
            await #expect(throws: (any Error).self) {
                try await store.act(batch.id, .test, input: ["results": "输出过压保护：未动作", "finding": "yes"], expectedVersion: 1, today: f.today, as: agency)
            }
            await #expect(throws: (any Error).self) {
                try await store.act(batch.id, .test, input: ["results": "输出过压保护：未动作，电压升至59.8V", "finding": "no"], expectedVersion: 1, today: f.today, as: city)
            }
            var b = try await store.act(batch.id, .test, input: ["results": "输出过压保护：未动作，电压升至59.8V", "finding": "yes",
                                                                  "findingText": "过压保护失效，持续过充可致电池起火"],
                                         expectedVersion: 1, today: f.today, as: agency)
            #expect(b.state == .tested && b.finding == true)
            // A finding is reported, never archived.
            await #expect(throws: (any Error).self) { try await store.act(b.id, .archive, input: [:], expectedVersion: b.version, today: f.today, as: agency) }
            b = try await store.act(b.id, .report, input: ["hazard": "fire", "userGroup": "general", "severity": "4", "probability": "1/10000"],
                                    expectedVersion: b.version, today: f.today, as: agency)
            let saved = try #require(try await repo.find(b.id, as: city))
            #expect(saved.state == .reported)
            let itemId = try #require(saved.riskItemId)
            let item = try #require(try await RiskItemRepository(db).find(itemId, as: city))
            #expect(item.source == .monitoring && item.enterpriseId == f.enterprises[0].id && item.severity == 4 && item.evidence.contains(saved.number))
            #expect(item.reporter == f.agency.name)
            #expect(try await db.session { try await RiskRollup.differences($0) } == [])
            // Nothing of it is published.
            let published = try await db.session { try await $0.raw("SELECT COUNT(*) AS n FROM publications").first()!.decode(column: "n", as: Int.self) }
            #expect(published == 0)
            let plans = try await repo.plans(year: f.today.year, as: city)
            #expect(plans.first?.recorded == 1 && plans.first?.findings == 1)
        }
    }
}
