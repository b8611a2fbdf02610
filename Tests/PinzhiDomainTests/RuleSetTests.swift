import Testing
@testable import PinzhiDomain

@Suite("规则参数")
struct RuleSetTests {
    @Test func defaultsAreTheNumbersOfTheSpec() {
        let d = RuleSet.defaults
        #expect(d["yearlyChecksPerEnterprise"] == 3 && d["tasksPerCheck"] == 3 && d["batchesPerTask"] == 3)
        #expect(d["repeatCheckMonths"] == 6 && d["objectionDays"] == 15 && d["objectionAcceptanceWorkingDays"] == 3)
        #expect(d["creditShareA"] == 1 && d["creditShareB"] == 2 && d["creditShareC"] == 10 && d["creditShareD"] == 30)
        #expect(RuleSet.validate(d, reason: "默认值，依据SPEC").isEmpty)
    }

    @Test func outOfRangeMissingAndUnexplainedChangesAreRefused() {
        var v = RuleSet.defaults
        v["objectionDays"] = 0
        v.removeValue(forKey: "tasksPerCheck")
        let errors = RuleSet.validate(v, reason: "")
        #expect(Set(errors.map(\.field)) == ["objectionDays", "tasksPerCheck", "reason"])
        #expect(errors.first { $0.field == "objectionDays" }?.message == "异议申请期限（自收到结果之日起）应在1至60日之间")
    }

    @Test func olderVersionsFallBackToDefaultsForNewParameters() {
        let old = RuleSet(version: 1, effectiveFrom: Day("2024-01-01")!, values: ["objectionDays": 20], reason: "r", createdBy: "a")
        #expect(old.int("objectionDays") == 20)
        #expect(old.int("smallCellCount") == 5)
    }
}
