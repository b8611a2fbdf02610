import PinzhiDomain
import Testing

/// The 000 table (SPEC TA-5) counted by hand from a small period: an expert in two activities counts 2 人次, an
/// enterprise helped twice counts once, a case counts on the days its steps happened.
@Suite("质量技术帮扶统计表（TA-5）")
struct AssistanceReportTests {
    let from = Day("2026-01-01")!, to = Day("2026-06-30")!

    @Test func theFiguresAreTheHandCount() {
        let activities: [AssistanceReport.Activity] = [
            .init(kind: .training, day: Day("2026-03-01")!, productIds: [1, 2], cluster: "嘉定工业区", organisationIds: [10, 11], expertIds: [100, 101],
                  enterprises: [(1, true), (2, false)]),
            .init(kind: .analysisMeeting, day: Day("2026-04-01")!, productIds: [2], cluster: "嘉定工业区", organisationIds: [10], expertIds: [100],
                  enterprises: [(1, true), (3, true)]),
            .init(kind: .visit, day: Day("2026-05-01")!, productIds: [3], cluster: "松江工业区", organisationIds: [12, 12], expertIds: [102],
                  enterprises: [(4, true)]),
            // Outside the period: not counted at all.
            .init(kind: .training, day: Day("2026-07-01")!, productIds: [9], cluster: "外冈工业园区", organisationIds: [13], expertIds: [103],
                  enterprises: [(9, true)]),
        ]
        let cases: [AssistanceReport.Case] = [
            // Helped in the period: enterprise 1 again (counted once), its experts 100 and 104 (2 more 人次).
            .init(enterpriseId: 1, small: true, productId: 1, cluster: "嘉定工业区", servedOn: Day("2026-02-10")!, organisationIds: [10],
                  expertIds: [100, 104], diagnosedOn: Day("2026-02-20")!, closedOn: Day("2026-06-10")!, problemsSolved: 3, outputValueGained: 12.5),
            // Served last year, diagnosed and closed in the period: its 诊断书, problems and value count; its visit does not.
            .init(enterpriseId: 5, small: false, productId: 4, servedOn: Day("2025-12-20")!, organisationIds: [14], expertIds: [105],
                  diagnosedOn: Day("2026-01-05")!, closedOn: Day("2026-01-30")!, problemsSolved: 2, outputValueGained: 30),
            // Served in the period, not yet diagnosed.
            .init(enterpriseId: 6, small: true, productId: 1, servedOn: Day("2026-06-01")!, organisationIds: [10], expertIds: [106]),
            // Not reached in the period.
            .init(enterpriseId: 7, small: true, productId: 8, servedOn: Day("2026-08-01")!, organisationIds: [10], expertIds: [107]),
        ]
        let r = AssistanceReport.of(activities: activities, cases: cases, from: from, to: to)
        #expect(r.productKinds == 4, "1, 2, 3, 4")
        #expect(r.enterprises == 6 && r.smallEnterprises == 4, "1, 2, 3, 4, 5, 6; small: 1, 3, 4, 6")
        #expect(r.clusters == 2, "嘉定工业区, 松江工业区")
        #expect(r.institutionVisits == 2 + 1 + 1 + 1 + 1, "activities 2+1+1 (12 twice in one visit counts once), cases 1+1")
        #expect(r.expertVisits == 2 + 1 + 1 + 2 + 1, "expert 100 counts in each activity and case it served in")
        #expect(r.trainings == 1 && r.analysisMeetings == 1)
        #expect(r.problemsSolved == 5 && r.diagnosisLetters == 2 && r.outputValueGained == 42.5)
        #expect(r.cells == ["4", "6（其中中小企业4）", "2", "6", "7", "1", "1", "5", "2", "42.5"])
        #expect(AssistanceReport.groups.flatMap(\.columns).count == 10)
    }

    @Test func tenThousandsPrintWithoutTrailingZeros() {
        #expect(AssistanceReport.wan(30) == "30" && AssistanceReport.wan(12.50) == "12.5" && AssistanceReport.wan(0.125) == "0.13")
    }
}
