import Testing
@testable import PinzhiDomain

/// The monthly form's enforcement columns (SPEC CP-5, EN-1): each act counted in the period it happened, once.
@Suite("案件查办统计（月报表口径）")
struct EnforcementFiguresTests {
    static func decided(_ id: Int64, filed: String, decided: String?, fine: Double, confiscation: Double = 0, value: Double,
                        district: String = "310114", referred: String? = nil, discipline: String? = nil) -> EnforcementCase {
        var c = EnforcementTests.filedCase()
        c.id = id
        c.districtCode = district
        c.filedOn = Day(filed)!
        c.decidedOn = decided.flatMap(Day.init)
        c.fine = fine
        c.confiscation = confiscation
        c.caseValue = value
        c.referredOn = referred.flatMap(Day.init)
        c.disciplineSentOn = discipline.flatMap(Day.init)
        return c
    }

    static let cases = [
        decided(1, filed: "2026-03-10", decided: "2026-04-20", fine: 20_000, confiscation: 1_500, value: 8_000),
        decided(2, filed: "2026-04-02", decided: nil, fine: 0, value: 0, district: "310115", referred: "2026-04-09"),
        decided(3, filed: "2026-04-15", decided: "2026-04-30", fine: 0, value: 3_000, discipline: "2026-05-06"),
    ]
    static let interviews: [(enterpriseId: Int64, day: Day, key: String?)] = [
        (100, Day("2026-04-03")!, "310114"), (100, Day("2026-04-28")!, "310114"), (200, Day("2026-05-02")!, "310115"),
    ]

    static func month(_ m: Int) -> ClosedRange<Day> {
        let start = Day(year: 2026, month: m, day: 1)!
        return start...Day(year: 2026, month: m + 1, day: 1)!.adding(days: -1)
    }

    @Test func eachActCountsInTheMonthItHappened() {
        let april = EnforcementFigures.tally(Self.cases, interviews: Self.interviews, in: Self.month(4)) { $0.districtCode }
        #expect(april.total.cases == 2, "cases 2 and 3 were filed in April; case 1 in March")
        #expect(april.total.penaltyTotal == 21_500 && april.total.caseValue == 11_000 && april.total.finedCases == 1)
        #expect(april.total.judicialReferrals == 1 && april.total.disciplineLinks == 0)
        #expect(april.total.interviewedEnterprises == 1, "two 约谈 of one enterprise count as one")
        #expect(april.groups["310115"]?.judicialReferrals == 1 && april.groups["310114"]?.penaltyTotal == 21_500)
        let may = EnforcementFigures.tally(Self.cases, interviews: Self.interviews, in: Self.month(5)) { $0.districtCode }
        #expect(may.total.cases == 0 && may.total.disciplineLinks == 1 && may.total.interviewedEnterprises == 1 && may.total.penaltyTotal == 0)
        #expect(may.groups["310114"]?.disciplineLinks == 1 && may.groups["310115"]?.interviewedEnterprises == 1)
    }

    @Test func theMonthsAddUpToTheYear() {
        let year = Day("2026-01-01")!...Day("2026-12-31")!
        let total = EnforcementFigures.tally(Self.cases, interviews: Self.interviews, in: year) { $0.districtCode }.total
        let months = (1...11).map { EnforcementFigures.tally(Self.cases, interviews: Self.interviews, in: Self.month($0)) { $0.districtCode }.total }
        #expect(months.reduce(0) { $0 + $1.cases } == total.cases && total.cases == 3)
        #expect(months.reduce(0) { $0 + $1.penaltyTotal } == total.penaltyTotal)
        #expect(months.reduce(0) { $0 + $1.judicialReferrals + $1.disciplineLinks } == total.judicialReferrals + total.disciplineLinks)
        // Enterprises are distinct within a period: 100 in April, 200 in May; the year counts each once.
        #expect(total.interviewedEnterprises == 2)
    }
}
