import Testing
@testable import PinzhiDomain

/// The rules of issue 15 §2, each at its edges: the three yearly limits (004 §一(三)), 跟踪 draws, the inspectors'
/// shortage, the season window, the task's area and the agency's 质量建议书.
@Suite("抽查规则的边界（SC-2、SC-4、SC-5）")
struct SpotCheckLimitTests {
    let draws = DrawTests()
    static let rules = BatchWorkflowTests.rules

    @Test("每年抽查次数：同日为一次，第3次后排除，专项与跟踪不计", arguments: [
        (["2026-03-01", "2026-03-01", "2026-05-01"], CheckMode.routine, 2, false),
        (["2026-03-01", "2026-04-01", "2026-05-01"], .routine, 3, true),
        (["2026-03-01", "2026-04-01", "2025-05-01"], .routine, 2, false),
        (["2026-03-01", "2026-04-01", "2026-05-01"], .special, 0, false),
        (["2026-03-01", "2026-04-01", "2026-05-01"], .tracking, 0, false),
    ])
    func checksPerYear(days: [String], mode: CheckMode, counted: Int, refused: Bool) {
        let history = days.map { draws.check($0, product: 99, mode: mode) }
        #expect(YearlyLimits.checks(history, year: 2026) == counted)
        #expect((YearlyLimits.checkRefusal(history, year: 2026, limit: 3) != nil) == refused)
        // The draw leaves the enterprise out with that reason, for a routine draw only.
        let candidate = DrawCandidate(enterpriseId: 1, uscc: "U1", creditClass: "B", history: history)
        let result = Draw.run(draws.request(count: 1), candidates: [candidate])
        #expect(result.excluded.contains { $0.reason.contains("达到每年3次的上限") } == refused)
    }

    @Test("每次抽查任务数：当日已有3个任务时第4个任务须另日抽样", arguments: [
        ([Int64](), Int64(9), CheckMode.routine, false), ([1, 2], 9, .routine, false), ([1, 2, 3], 9, .routine, true),
        ([1, 2, 9], 9, .routine, false), ([1, 2, 3], 9, .special, false),
    ])
    func tasksPerCheck(sameDay: [Int64], task: Int64, mode: CheckMode, refused: Bool) {
        #expect((YearlyLimits.tasksRefusal(sameDay: Set(sameDay), task: task, mode: mode, limit: 3) != nil) == refused)
    }

    @Test("每个任务批次数：第3批后拒绝", arguments: [(0, false), (2, false), (3, true), (5, true)])
    func batchesPerTask(existing: Int, refused: Bool) {
        #expect((YearlyLimits.batchesRefusal(existing: existing, mode: .routine, limit: 3) != nil) == refused)
        #expect(YearlyLimits.batchesRefusal(existing: existing, mode: .tracking, limit: 3) == nil)
    }

    @Test func trackingDrawsOnlyFromTrackingCandidates() {
        let failedTwice = DrawCandidate(enterpriseId: 1, uscc: "U1", creditClass: "B",
                                        history: [draws.check("2023-05-01", failed: true), draws.check("2025-05-01", failed: true)])
        let refused = DrawCandidate(enterpriseId: 2, uscc: "U2", creditClass: "B", history: [draws.check("2022-05-01", refused: true)])
        let failedOnce = DrawCandidate(enterpriseId: 3, uscc: "U3", creditClass: "B", history: [draws.check("2025-05-01", failed: true)])
        let clean = DrawCandidate(enterpriseId: 4, uscc: "U4", creditClass: "B")
        let result = Draw.run(draws.request(mode: .tracking, count: 4), candidates: [failedTwice, refused, failedOnce, clean])
        #expect(Set(result.selected) == [1, 2])
        #expect(result.excluded.map(\.enterpriseId) == [3, 4] && result.excluded.allSatisfy { $0.reason.hasPrefix("非跟踪抽查对象") })
        // A routine draw takes them all.
        #expect(Draw.run(draws.request(count: 4), candidates: [failedTwice, refused, failedOnce, clean]).selected.count == 4)
    }

    @Test func aDrawWithoutTwoInspectorsPerBatchAfterRecusalIsRefused() {
        let request = draws.request(count: 2)
        let candidates = [DrawCandidate(enterpriseId: 1, uscc: "U1", creditClass: "B"), DrawCandidate(enterpriseId: 2, uscc: "U2", creditClass: "B")]
        let enough = [InspectorCandidate(id: 1, name: "甲"), InspectorCandidate(id: 2, name: "乙"), InspectorCandidate(id: 3, name: "丙", conflicts: ["U1"])]
        #expect(TaskDraw.inspectorShortage(TaskDraw.run(request, candidates: candidates, inspectors: enough), pool: 3) == nil)
        let short = [InspectorCandidate(id: 1, name: "甲"), InspectorCandidate(id: 2, name: "乙", conflicts: ["U2"])]
        let text = TaskDraw.inspectorShortage(TaskDraw.run(request, candidates: candidates, inspectors: short), pool: 2)
        #expect(text == "抽样人员不足：1家抽中企业在回避后可用抽样人员少于2名（最少仅1名，可用抽样人员共2名）。请先补充执法人员或核实回避声明，再行抽取")
    }

    @Test("抽查季节（含跨年）", arguments: [(3, (3, 6), true), (6, (3, 6), true), (2, (3, 6), false), (7, (3, 6), false),
                                      (12, (11, 2), true), (1, (11, 2), true), (3, (11, 2), false), (10, (11, 2), false)])
    func season(month: Int, window: (Int, Int), inside: Bool) {
        #expect(PlanLineRules.inSeason(month: month, window) == inside)
    }

    @Test func samplingOutsideTheSeasonOrOverTheTasksOfTheDayIsRefused() {
        var b = BatchWorkflowTests.batch(.drawn)
        b.taskId = 9
        func sample(season: (Int, Int)?, sameDay: Set<Int64>) -> [FieldError] {
            var context = BatchContext(today: Day("2026-11-24")!, rules: Self.rules, calendar: BatchWorkflowTests.calendar)
            context.season = season.map { (start: $0.0, end: $0.1) }
            context.sampledTasks = [Day("2026-11-03")!: sameDay]
            if case .failure(.invalid(let f)) = BatchWorkflow.apply(.sample, to: b, by: BatchWorkflowTests.agency, input: BatchWorkflowTests.sample, context: context) {
                return f.errors
            }
            return []
        }
        #expect(sample(season: (10, 12), sameDay: [1, 2]).isEmpty)
        #expect(sample(season: (3, 6), sameDay: []).map(\.message) == ["该计划行的抽查季节为3月至6月，抽样日期2026-11-03不在其中"])
        #expect(sample(season: nil, sameDay: [1, 2, 3]).first?.message.contains("每次抽查不得超过3个任务") == true)
    }

    @Test("任务区域", arguments: [("", TaskArea.everywhere), ("嘉定区", .district("310114")), ("嘉定", .district("310114")),
                              ("310115", .district("310115")), ("安亭汽车城", .place("安亭汽车城"))])
    func area(text: String, expected: TaskArea) {
        #expect(TaskArea(text) == expected)
    }

    @Test func theQualitySuggestionIsTheAgencysDutyOnceForEveryFailure() throws {
        var b = BatchWorkflowTests.batch(.concluded)
        b.verdict = .fail
        b.publishedOn = Day("2026-11-20")
        #expect(BatchWorkflow.available(BatchWorkflowTests.agency, b).contains(.suggest) && BatchWorkflow.isDuty(.suggest))
        let context = BatchContext(today: Day("2026-11-24")!, rules: Self.rules, calendar: BatchWorkflowTests.calendar)
        let after = try BatchWorkflow.apply(.suggest, to: b, by: BatchWorkflowTests.agency, input: ["suggestion": "建议加强原材料进货查验和出厂检验"],
                                            context: context).get().batch
        #expect(after.suggestedOn == Day("2026-11-24") && !BatchWorkflow.available(BatchWorkflowTests.agency, after).contains(.suggest))
        var closed = after
        closed.state = .closed
        #expect(closed.isSettled)
        var unsuggested = b
        unsuggested.state = .closed
        #expect(!unsuggested.isSettled, "a closed failure without its suggestion is still someone's duty")
    }
}
