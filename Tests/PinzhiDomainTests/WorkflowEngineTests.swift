import Testing
@testable import PinzhiDomain

/// The workflow engine, tested once for every kind through the kinds that use it: batches, plans and tasks.
@Suite("流程引擎")
struct WorkflowEngineTests {
    static let rules = BatchWorkflowTests.rules
    static let calendar = BatchWorkflowTests.calendar
    static let city = BatchWorkflowTests.city
    static let agency = BatchWorkflowTests.agency
    static let jiading = BatchWorkflowTests.jiading

    static func context(_ today: String = "2026-11-24") -> BasicContext {
        BasicContext(today: Day(today)!, rules: rules, calendar: calendar)
    }

    @Test("every batch step: from which states, to which, whose duty", arguments: BatchAction.allCases)
    func batchStepsAreDeclaredOnce(_ action: BatchAction) {
        let step = BatchKind.step(action)
        #expect(!step.from.isEmpty && !step.parties.isEmpty && !step.label.isEmpty)
        // A step that records without moving is taken from the states it is offered in; a step that moves leaves them.
        if let target = step.target { #expect(!step.from.contains(target) || action == .reviseReport, "\(action) loops") }
        #expect(step.isDuty == ![.measure, .reviseReport, .markSensitive].contains(action))
    }

    @Test func theDutyStatesOfARoleComeFromItsParties() {
        #expect(Workflow<BatchKind>.dutyStates(for: .agencyUser) == BatchState.final.union([.drawn, .sampled, .reported, .rechecking]))
        #expect(Workflow<BatchKind>.dutyStates(for: .enterpriseUser) == [.sampled, .notified, .ordered])
        #expect(Workflow<BatchKind>.dutyStates(for: .expert).isEmpty)
        #expect(Workflow<PlanKind>.dutyStates(for: .districtSupervisor) == [.draft])
        #expect(Workflow<PlanKind>.dutyStates(for: .citySupervisor) == [.draft, .submitted, .approved])
        #expect(Workflow<TaskKind>.dutyStates(for: .agencyUser) == [.assigned])
        #expect(Workflow<TaskKind>.dutyStates(for: .citySupervisor).isEmpty)
    }

    @Test func aPlanWithoutLinesIsNotSubmittedAndApprovalKeepsTheRulesVersion() throws {
        var plan = Plan(id: 7, year: 2027, districtCode: "310114", title: "嘉定区计划")
        switch Workflow<PlanKind>.apply(.submit, to: plan, by: Self.jiading, input: [:], context: Self.context()) {
        case .failure(.invalid(let failure)): #expect(failure.summary.contains("没有任何计划行"))
        default: Issue.record("an empty plan was submitted")
        }
        plan.lines = [PlanLine(productId: 1, mode: .routine, stage: .production, batches: 3, itemIds: [1])]
        let submitted = try Workflow<PlanKind>.apply(.submit, to: plan, by: Self.jiading, input: [:], context: Self.context()).get()
        #expect(submitted.record.state == .submitted && submitted.summary == "报审：草稿→报审")
        #expect(Workflow<PlanKind>.apply(.approve, to: submitted.record, by: Self.jiading, input: [:], context: Self.context()) == .forbiddenRefusal)
        let approved = try Workflow<PlanKind>.apply(.approve, to: submitted.record, by: Self.city, input: [:], context: Self.context()).get()
        #expect(approved.record.state == .approved && approved.record.rulesVersion == Self.rules.version)
        #expect(approved.summary.contains("依据规则参数第3版"))
    }

    @Test func aTaskIsDeclinedOnlyWithAReason() throws {
        let task = CheckTask(id: 3, planId: 1, planLineId: 1, districtCode: nil, agencyId: 10, contractId: 1, productId: 1, mode: .routine,
                             stage: .production, batches: 5, area: nil, dueDate: Day("2026-12-20")!)
        #expect(Workflow<TaskKind>.available(Self.agency, task) == [.accept, .decline])
        #expect(Workflow<TaskKind>.available(BatchWorkflowTests.otherAgency, task).isEmpty)
        if case .failure(.invalid(let failure)) = Workflow<TaskKind>.apply(.decline, to: task, by: Self.agency, input: ["reason": " 忙 "], context: Self.context()) {
            #expect(failure.errors.map(\.field) == ["reason"])
        } else { Issue.record("a decline without a reason was taken") }
        let declined = try Workflow<TaskKind>.apply(.decline, to: task, by: Self.agency, input: ["reason": "检测设备检修中"], context: Self.context()).get()
        #expect(declined.record.state == .declined && declined.record.declineReason == "检测设备检修中")
        #expect(Workflow<TaskKind>.deadline(task, rules: Self.rules, calendar: Self.calendar) == .on(Day("2026-12-20")!))
    }

    /// A deadline counted in working days into a year the calendar lacks says so instead of vanishing (issue 15 §3).
    @Test func aDeadlineInAYearWithoutCalendarDataSaysSo() {
        var b = BatchWorkflowTests.batch(.transferred)
        b.stateSince = Day("2026-12-30")!
        let deadline = Workflow<BatchKind>.deadline(b, rules: Self.rules, calendar: WorkingDayCalendar(WorkingDayCalendar.official.filter { $0.year <= 2026 }))
        #expect(deadline == .calendarMissing(.noData(year: 2027)))
        #expect(deadline?.missingText == "缺少2027年工作日历，无法计算期限")
    }

    @Test func dutiesSortByDeadlineWithAMissingCalendarFirst() {
        func duty(_ id: Int64, _ deadline: Deadline?) -> Duty {
            Duty(kind: "batch", path: "batches", kindLabel: "抽查批次", id: id, title: "", subject: "", state: "", next: [], deadline: deadline)
        }
        let sorted = [duty(1, nil), duty(2, .on(Day("2026-12-01")!)), duty(3, .calendarMissing(.noData(year: 2027))), duty(4, .on(Day("2026-11-01")!))]
            .sorted(by: Duty.byDeadline).map(\.id)
        #expect(sorted == [3, 4, 2, 1])
    }

    @Test func aStepOnlyOpenLaterIsRefusedWithItsReason() {
        var b = BatchWorkflowTests.batch(.notified)
        b.objectionDeadline = Day("2026-11-30")
        switch Workflow<BatchKind>.apply(.conclude, to: b, by: Self.city, input: [:],
                                         context: BatchContext(today: Day("2026-11-24")!, rules: Self.rules, calendar: Self.calendar)) {
        case .failure(.wrongState(let text)): #expect(text == "异议期至2026-11-30，期满后方可确认结论")
        default: Issue.record("a conclusion was taken inside the objection period")
        }
    }
}

extension Result where Success == StepOutcome<PlanKind>, Failure == StepRefusal {
    static var forbiddenRefusal: Self { .failure(.forbidden) }
    static func == (a: Self, b: Self) -> Bool {
        switch (a, b) {
        case (.failure(let x), .failure(let y)): x == y
        default: false
        }
    }
}

@Suite("工作日历的提醒")
struct CalendarReadinessTests {
    @Test("从11月1日起提醒录入下一年", arguments: [
        ("2026-10-31", [2026], 0), ("2026-11-01", [2026], 1), ("2026-11-01", [2026, 2027], 0), ("2027-01-05", [2026], 1),
        ("2027-11-20", [2026], 2),
    ])
    func warnings(today: String, years: [Int], count: Int) {
        #expect(CalendarReadiness.warnings(today: Day(today)!, years: Set(years)).count == count)
    }
}
