import PinzhiDomain
import Testing

@Suite("信用风险分类积分模型（RK-3）")
struct CreditModelTests {
    let rules = RuleSet(version: 1, effectiveFrom: Day("2026-01-01")!, values: RuleSet.defaults, reason: "", createdBy: "")

    func facts(_ grade: ProductRiskLevel?, _ change: (inout CreditFacts) -> Void = { _ in }) -> CreditFacts {
        var f = CreditFacts(highestGrade: grade)
        change(&f)
        return f
    }

    @Test(arguments: [
        // static + dynamic + credit → class, with the SPEC's defaults
        (ProductRiskLevel?.none, 0, CreditClass.a),
        (.low, 5, .a),
        (.medium, 15, .a),
        (.high, 30, .b),
        (.serious, 40, .b),
    ])
    func theStaticPartFollowsTheHighestProductGrade(grade: ProductRiskLevel?, points: Int, expected: CreditClass) {
        let a = CreditModel.assess(facts(grade), rules: rules)
        #expect(a.staticPoints == points && a.total == points && a.creditClass == expected)
    }

    @Test func theDynamicPartCountsEachEventAndIsCapped() {
        let a = CreditModel.assess(facts(.medium) { $0.seriousFailures = 1; $0.otherFailures = 1; $0.verifiedComplaints = 2 }, rules: rules)
        // 15 + (15 + 8 + 2×2) = 42 → B
        #expect(a.dynamicPoints == 27 && a.total == 42 && a.creditClass == .b)
        #expect(a.reasons.contains("近3年监督抽查含严重不合格项目1次：15分"))
        let capped = CreditModel.assess(facts(.high) { $0.seriousFailures = 2; $0.cases = 1 }, rules: rules)
        // 30 + min(45, 40) = 70 → D
        #expect(capped.dynamicPoints == 40 && capped.total == 70 && capped.creditClass == .d)
        #expect(capped.reasons.contains("动态部分合计45分，按上限计40分"))
    }

    @Test func theThresholdsAndTheCreditPart() {
        #expect(CreditModel.assess(facts(.high) { $0.missingOfficer = true; $0.abnormalList = true }, rules: rules).creditClass == .b)  // 45
        #expect(CreditModel.assess(facts(.high) { $0.seriousFailures = 1; $0.missingOfficer = true }, rules: rules).creditClass == .c)  // 50
        #expect(CreditModel.assess(facts(.high) { $0.otherFailures = 1; $0.missingOfficer = true }, rules: rules).total == 43)
    }

    @Test func theFloors() {
        // 列严 ⇒ D whatever the points (20 here).
        let listed = CreditModel.assess(facts(nil) { $0.seriousList = true }, rules: rules)
        #expect(listed.total == 20 && listed.creditClass == .d && listed.reasons.last == "列入严重违法失信名单，直接定为D类")
        // A refusal within 12 months ⇒ at least C (20 points alone would be A).
        let refused = CreditModel.assess(facts(nil) { $0.refusals = 1; $0.recentRefusals = 1 }, rules: rules)
        #expect(refused.total == 20 && refused.creditClass == .c)
        // An older refusal only counts its points.
        #expect(CreditModel.assess(facts(nil) { $0.refusals = 1 }, rules: rules).creditClass == .a)
        #expect(CreditModel.assess(facts(nil), rules: rules).reasons == ["无扣分事项"])
    }

    @Test func everyWeightIsARuleParameter() {
        let keys = Set(RuleParameter.all.map(\.key))
        #expect(CreditModel.parameterKeys.allSatisfy(keys.contains))
        var values = RuleSet.defaults
        values["creditClassB"] = 10
        #expect(CreditModel.assess(facts(.medium), rules: RuleSet(version: 2, effectiveFrom: Day("2026-01-01")!, values: values, reason: "", createdBy: "")).creditClass == .b)
    }
}
