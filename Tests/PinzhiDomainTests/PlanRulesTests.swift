import Testing
@testable import PinzhiDomain

@Suite("年度计划的规则（SC-1、SC-2）")
struct PlanRulesTests {
    func item(_ id: Int64, _ name: String, key: Bool) -> TestItem {
        var t = TestItem()
        t.id = id
        t.name = name
        t.keySafety = key
        t.limitExpression = "≤1"
        return t
    }

    @Test func aLineWithoutEveryKeySafetyItemIsRefusedByName() {
        let items = [item(1, "硫含量", key: true), item(2, "苯含量", key: true), item(3, "烯烃含量", key: false)]
        let errors = PlanLineRules.check(productItems: items, chosen: [1, 3], batches: 10, season: nil)
        #expect(errors.map(\.message) == ["缺少重点安全项目：苯含量。重点安全项目须全部列入计划"])
        #expect(PlanLineRules.check(productItems: items, chosen: [1, 2], batches: 10, season: nil).isEmpty)
        #expect(!PlanLineRules.check(productItems: items, chosen: [1, 2, 99], batches: 10, season: nil).isEmpty)
        #expect(!PlanLineRules.check(productItems: items, chosen: [1, 2], batches: 0, season: nil).isEmpty)
        #expect(!PlanLineRules.check(productItems: items, chosen: [1, 2], batches: 5, season: (0, 13)).isEmpty)
    }

    @Test("state machine", arguments: [
        (PlanState.draft, PlanAction.submit, PlanState?.some(.submitted)), (.submitted, .approve, .approved), (.submitted, .sendBack, .draft),
        (.approved, .sendBack, .draft), (.approved, .issue, .issued), (.draft, .approve, nil), (.draft, .issue, nil), (.issued, .sendBack, nil),
        (.issued, .submit, nil), (.submitted, .submit, nil),
    ])
    func transitions(_ from: PlanState, _ action: PlanAction, _ to: PlanState?) {
        #expect(PlanWorkflow.next(from, action) == to)
    }

    @Test func whoMayDoWhat() {
        let city = Principal(accountId: 1, username: "c", displayName: "c", role: .citySupervisor, organisationId: 1)
        let jiading = Principal(accountId: 2, username: "j", displayName: "j", role: .districtSupervisor, organisationId: 2, districtCode: "310114")
        let enforce = Principal(accountId: 3, username: "e", displayName: "e", role: .enforcementOfficer, organisationId: 3)
        #expect(PlanWorkflow.actions(.draft, for: jiading, planDistrict: "310114") == [.submit])
        #expect(PlanWorkflow.actions(.draft, for: jiading, planDistrict: "310115").isEmpty)
        #expect(PlanWorkflow.actions(.draft, for: jiading, planDistrict: nil).isEmpty)
        #expect(PlanWorkflow.actions(.submitted, for: city, planDistrict: "310114") == [.approve, .sendBack])
        #expect(PlanWorkflow.actions(.submitted, for: jiading, planDistrict: "310114").isEmpty, "a district does not approve its own plan")
        #expect(PlanWorkflow.actions(.approved, for: city, planDistrict: nil) == [.sendBack, .issue])
        #expect(PlanPolicy.visibility(enforce) == .all && !PlanPolicy.mayEdit(enforce, planDistrict: nil))
        #expect(PlanPolicy.visibility(jiading) == .districtAndCity("310114"))
    }

    @Test func specialAndTrackingChecksStandOutsideTheLimits() {
        #expect(CheckMode.allCases.filter { !$0.countsTowardYearlyLimits } == [.special, .tracking])
    }
}
