import PinzhiDomain
import Testing

@Suite("风险信息流程与产品风险等级（RK-1、RK-2）")
struct RiskItemKindTests {
    let day = Day("2026-11-24")!

    func item(_ id: Int64, _ level: (Int, Double), on text: String, state: RiskItemState = .graded) -> RiskItem {
        RiskItem(id: id, source: .complaint, productId: 1, hazard: .fire, severity: level.0, probability: level.1, evidence: "e", reporter: "r",
                 reportedOn: Day(text)!, state: state)
    }

    @Test func theProductGradeIsTheHighestWithinTheWindowLeavingOutItemsNotAdopted() {
        let items = [item(1, (4, 0.5), on: "2023-11-23"), item(2, (2, 1e-5 * 2), on: "2025-01-10"), item(3, (3, 2e-4), on: "2026-03-01"),
                     item(4, (4, 0.2), on: "2026-10-01", state: .rejected)]
        let grade = ProductGrade.of(items, today: day, months: 36)
        // Item 1 is a day older than the window (2023-11-24 onwards); item 4 was not adopted.
        #expect(grade.since == Day("2023-11-24")! && grade.itemCount == 2)
        #expect(grade.level == .high && grade.decidingItemId == 3)
        #expect(ProductGrade.of([], today: day, months: 36).level == nil)
        #expect(ProductGrade.windowStart(Day("2026-03-31")!, months: 1) == Day("2026-02-28")!)
    }

    @Test func aGradedItemsClockFollowsItsLevel() {
        #expect(RiskClock.quarterEnd(Day("2026-11-24")!) == Day("2026-12-31")!)
        #expect(RiskClock.quarterEnd(Day("2026-02-10")!) == Day("2026-03-31")!)
        #expect(RiskClock.due(.first, gradedOn: day) == .hours("riskFirstLevelHours", after: day))
        #expect(RiskClock.due(.second, gradedOn: day) == .workingDays("riskSecondLevelWorkingDays"))
        #expect(RiskClock.due(.third, gradedOn: day) == .on(Day("2026-12-31")!))
    }

    @Test func onlyTheCityGradesAndADistrictHandlesItsOwn() {
        let city = Principal(accountId: 1, username: "c", displayName: "c", role: .citySupervisor, organisationId: 1)
        let district = Principal(accountId: 2, username: "d", displayName: "d", role: .districtSupervisor, organisationId: 2, districtCode: "310114")
        var r = item(1, (3, 1e-3), on: "2026-11-01", state: .reported)
        r.districtCode = "310114"
        #expect(Workflow<RiskItemKind>.available(city, r) == [.assess, .reject])
        #expect(Workflow<RiskItemKind>.available(district, r).isEmpty)
        r.state = .graded
        r.urgency = .first
        #expect(Workflow<RiskItemKind>.available(district, r) == [.handle])
        r.districtCode = "310115"
        #expect(Workflow<RiskItemKind>.available(district, r).isEmpty)
        #expect(RiskItem.fromFailedBatch(Batch(), on: day).riskLevel == .low)
        #expect(RiskProbability.text(2e-4) == "1/5000" && RiskProbability.text(0.3) == "0.3")
    }
}

extension RiskItemKindTests {
    /// A NUL typed into a step (the fuzzer sent one) would be stored and read back cut short on SQLite, breaking the
    /// audit row that quotes it: every step's form refuses invisible control characters.
    @Test func aStepRefusesInvisibleControlCharacters() {
        let form = StepForm(["reason": "不采纳\u{0}理由写在这里"], specs: [FieldSpec("reason", "不采纳理由", .longText, required: true)])
        #expect(form.errors.map(\.message) == ["“不采纳理由”含有不可见的控制字符"])
        #expect(StepForm(["reason": "第一行\n第二行\t制表"], specs: [FieldSpec("reason", "理由", .longText)]).errors.isEmpty)
    }
}
