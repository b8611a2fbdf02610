import Testing
@testable import PinzhiDomain

/// Assignment of a plan line's batches (docs/rules.md "Assignment"): each limit at its edge.
@Suite("任务分配：计划行、合同与年承检能力的上限")
struct TaskRulesTests {
    static let today = Day("2026-05-10")!
    static let due = Day("2026-09-30")!

    static func plan(_ state: PlanState = .issued) -> Plan {
        var plan = Plan(id: 1, year: 2026, districtCode: nil, title: "年度计划")
        plan.state = state
        return plan
    }

    static let line = PlanLine(id: 3, planId: 1, productId: 11, productName: "电动自行车", mode: .routine, stage: .production, batches: 40, itemIds: [1])

    static func contract(product: Int64? = 11, batches: Int = 100, year: Int = 2026, active: Bool = true) -> AgencyContract {
        var c = AgencyContract()
        c.id = 5; c.agencyId = 9; c.year = year; c.name = "第3标段"; c.productId = product; c.batches = batches; c.active = active
        return c
    }

    static func errors(_ batches: Int, load: TaskRules.Load, contract: AgencyContract? = contract(), plan: Plan = plan()) -> [String] {
        TaskRules.check(plan: plan, line: line, batches: batches, load: load, contract: contract, dueDate: due, today: today).map(\.message)
    }

    @Test("the line, the contract and the capacity each allow up to their figure, not one batch more", arguments: [
        // (batches, line, contract, agency year, capacity, refused fragment or nil)
        (40, 0, 0, 0, nil, nil), (41, 0, 0, 0, nil, "该计划行还可分配40批次"),
        (10, 30, 0, 0, nil, nil), (11, 30, 0, 0, nil, "该计划行还可分配10批次"),
        (30, 0, 70, 0, nil, nil), (31, 0, 70, 0, nil, "合同“第3标段”共100批次，已分配70批次"),
        (5, 0, 95, 0, nil, nil), (6, 0, 95, 0, nil, "已分配95批次，本次6批次超出合同"),
        (20, 0, 0, 180, 200, nil), (21, 0, 0, 180, 200, "年承检能力为200批次，2026年已分配180批次"),
    ] as [(Int, Int, Int, Int, Int?, String?)])
    func limits(_ batches: Int, _ line: Int, _ contract: Int, _ year: Int, _ capacity: Int?, _ refused: String?) {
        let errors = Self.errors(batches, load: TaskRules.Load(line: line, contract: contract, agencyYear: year, agencyCapacity: capacity))
        if let refused {
            #expect(errors.count == 1 && errors[0].contains(refused), "\(errors)")
        } else {
            #expect(errors.isEmpty, "\(errors)")
        }
    }

    @Test func theContractMustCoverTheLinesProductByIdInThePlanYear() {
        #expect(Self.errors(1, load: .init(line: 0), contract: nil) == ["该承检机构没有2026年度“电动自行车”的承检合同"])
        #expect(Self.errors(1, load: .init(line: 0), contract: Self.contract(product: 12)) == ["所选合同“第3标段”不涵盖产品“电动自行车”"])
        #expect(Self.errors(1, load: .init(line: 0), contract: Self.contract(product: nil)) == ["所选合同“第3标段”不涵盖产品“电动自行车”"])
        #expect(Self.errors(1, load: .init(line: 0), contract: Self.contract(year: 2025)) == ["所选合同为2025年度，与计划年度2026不符"])
        #expect(Self.errors(1, load: .init(line: 0), contract: Self.contract(active: false)) == ["所选合同已停用"])
    }

    @Test func onlyAnIssuedPlanIsSplitAndATaskIsDueAfterToday() {
        #expect(Self.errors(1, load: .init(line: 0), plan: Self.plan(.approved)) == ["计划尚未下达，不能分配任务"])
        let late = TaskRules.check(plan: Self.plan(), line: Self.line, batches: 1, load: .init(line: 0), contract: Self.contract(), dueDate: Self.today, today: Self.today)
        #expect(late.map(\.field) == ["dueDate"])
        #expect(Self.errors(0, load: .init(line: 0)) == ["批次数应大于0"])
    }
}
