import Testing
@testable import PinzhiDomain

/// Quality-safety officers (SPEC EN-4): who must be staffed, the officer's steps and who takes them, the routine's
/// periods and checks, the random assessment's draw (with a test vector) and the figures.
@Suite("质量安全总监与安全员")
struct OfficerTests {
    static let rules = BatchWorkflowTests.rules
    static let calendar = BatchWorkflowTests.calendar
    static let jiading = BatchWorkflowTests.jiading
    static let pudong = BatchWorkflowTests.pudong
    static let city = BatchWorkflowTests.city
    static let firm = Principal(accountId: 20, username: "firm", displayName: "企业", role: .enterpriseUser, organisationId: 20, enterpriseId: 100)
    static let other = Principal(accountId: 21, username: "other", displayName: "他企", role: .enterpriseUser, organisationId: 21, enterpriseId: 101)

    static func context(_ today: String) -> BasicContext { BasicContext(today: Day(today)!, rules: rules, calendar: calendar) }

    static let officer = SafetyOfficer(id: 5, enterpriseId: 100, enterpriseName: "某某电缆有限公司", districtCode: "310114", role: .officer, name: "王伟",
                                       appointedOn: Day("2026-10-09")!, appointmentDocument: "质〔2026〕3号")

    @Test func largeAndMediumEnterprisesNeedADirectorSmallOnesAnOfficer() {
        #expect(OfficerDuty.requiredRoles(.large) == [.director, .officer] && OfficerDuty.requiredRoles(.micro) == [.officer])
        #expect(OfficerDuty.flag(scale: .medium, active: [.officer]) == "尚未配备质量安全总监")
        #expect(OfficerDuty.flag(scale: .large, active: []) == "尚未配备质量安全总监、质量安全员")
        #expect(OfficerDuty.flag(scale: .small, active: [.officer]) == nil && OfficerDuty.flag(scale: .small, active: [.director]) == "尚未配备质量安全员")
        #expect(OfficerDuty.order(.producer).contains("75") && OfficerDuty.order(.seller).contains("76"))
    }

    @Test func theEnterpriseTrainsItsOfficerWhoseFirstTrainingIsADuty() throws {
        #expect(Workflow<SafetyOfficerKind>.available(Self.firm, Self.officer) == [.train, .dismiss])
        #expect(Workflow<SafetyOfficerKind>.available(Self.other, Self.officer).isEmpty)
        #expect(Workflow<SafetyOfficerKind>.available(Self.jiading, Self.officer).isEmpty, "not drawn: nothing for the bureau to score")
        #expect(Workflow<SafetyOfficerKind>.duties(Self.firm, Self.officer, today: Day("2026-10-10")!) == [.train])
        // Due 20 working days after the appointment (officerTrainingWorkingDays).
        let due = Workflow<SafetyOfficerKind>.deadline(Self.officer, rules: Self.rules, calendar: Self.calendar)?.day
        #expect(due == (try Self.calendar.adding(workingDays: 20, to: Day("2026-10-09")!)))
        if case .failure(.invalid(let failure)) = Workflow<SafetyOfficerKind>.apply(.train, to: Self.officer, by: Self.firm,
                input: ["trainedOn": "2026-10-01", "hours": "0", "content": "培训"], context: Self.context("2026-10-20")) {
            #expect(Set(failure.errors.map(\.field)) == ["trainedOn", "hours", "content"])
        } else { Issue.record("a training before the appointment, of no hours, was taken") }
        let trained = try Workflow<SafetyOfficerKind>.apply(.train, to: Self.officer, by: Self.firm,
                                                            input: ["trainedOn": "2026-10-15", "hours": "16", "content": "主体责任规定培训，考试合格"],
                                                            context: Self.context("2026-10-20")).get()
        #expect(trained.record.state == .trained && trained.record.trainingHours == 16 && trained.record.trainedOn == Day("2026-10-15"))
        let again = try Workflow<SafetyOfficerKind>.apply(.addTraining, to: trained.record, by: Self.firm,
                                                          input: ["trainedOn": "2026-11-15", "hours": "8", "content": "年度复训"], context: Self.context("2026-11-20")).get()
        #expect(again.record.trainingHours == 24 && again.record.state == .trained)
        #expect(Workflow<SafetyOfficerKind>.duties(Self.firm, trained.record, today: Day("2026-11-20")!).isEmpty, "a trained officer owes nothing")
    }

    @Test func aDrawnOfficerIsScoredByItsBureauAgainstThePassMarkAndNotDismissedBefore() throws {
        var drawn = Self.officer
        drawn.state = .trained
        drawn.pendingAssessment = 77
        #expect(Workflow<SafetyOfficerKind>.available(Self.jiading, drawn) == [.assess] && Workflow<SafetyOfficerKind>.available(Self.city, drawn) == [.assess])
        #expect(Workflow<SafetyOfficerKind>.available(Self.pudong, drawn).isEmpty)
        #expect(Workflow<SafetyOfficerKind>.available(Self.firm, drawn) == [.addTraining], "dismissal waits for the score")
        if case .failure(.invalid(let failure)) = Workflow<SafetyOfficerKind>.apply(.assess, to: drawn, by: Self.jiading,
                input: ["score": "101", "assessedOn": "2026-11-20", "note": "现场考核"], context: Self.context("2026-11-20")) {
            #expect(failure.errors.map(\.field) == ["score"])
        } else { Issue.record("a score of 101 was taken") }
        let failed = try Workflow<SafetyOfficerKind>.apply(.assess, to: drawn, by: Self.jiading, input: ["score": "59", "assessedOn": "2026-11-20", "note": "不熟悉职责"],
                                                           context: Self.context("2026-11-20")).get()
        #expect(failed.record.lastPassed == false && failed.effects.score == OfficerEffects.Score(item: 77, score: 59, passed: false, day: Day("2026-11-20")!, note: "不熟悉职责"))
        #expect(failed.record.pendingAssessment == nil)
        let passed = try Workflow<SafetyOfficerKind>.apply(.assess, to: drawn, by: Self.city, input: ["score": "60", "assessedOn": "2026-11-20", "note": "履职到位"],
                                                           context: Self.context("2026-11-20")).get()
        #expect(passed.record.lastPassed == true, "the pass mark (officerPassScore, 60) passes")
    }

    @Test func routineRecordsHaveOnePeriodEachAndAnOfficerInPost() {
        #expect(RoutineKind.weekly.period(of: Day("2026-12-03")!) == Day("2026-11-30"), "a Thursday's week starts on Monday")
        #expect(RoutineKind.monthly.period(of: Day("2026-12-03")!) == Day("2026-12-01") && RoutineKind.daily.period(of: Day("2026-12-03")!) == Day("2026-12-03"))
        var form = StepForm(["kind": "daily", "day": "2026-12-05", "summary": "巡查", "problemsFound": "1", "problemsFixed": "2"], specs: QualityRoutine.fields)
        #expect(QualityRoutine.check(&form, enterpriseId: 100, officers: [Self.officer], today: Day("2026-12-04")!) == nil)
        #expect(Set(form.errors.map(\.field)) == ["day", "problemsFixed", "summary", "officerId"])
        form = StepForm(["kind": "daily", "day": "2026-10-01", "officerId": "5", "summary": "巡查进货查验记录"], specs: QualityRoutine.fields)
        #expect(QualityRoutine.check(&form, enterpriseId: 100, officers: [Self.officer], today: Day("2026-12-04")!) == nil)
        #expect(form.errors.map(\.field) == ["day"], "not before the first appointment")
        form = StepForm(["kind": "weekly", "day": "2026-12-03", "officerId": "5", "summary": "本周排查无隐患"], specs: QualityRoutine.fields)
        let weekly = QualityRoutine.check(&form, enterpriseId: 100, officers: [Self.officer], today: Day("2026-12-04")!)
        #expect(weekly?.period == Day("2026-11-30") && weekly?.officerName == "王伟")
        form = StepForm(["kind": "monthly", "day": "2026-11-20", "summary": "月度调度会议纪要"], specs: QualityRoutine.fields)
        #expect(QualityRoutine.check(&form, enterpriseId: 100, officers: [], today: Day("2026-12-04")!)?.period == Day("2026-11-01"),
                "the monthly meeting needs no officer")
    }

    /// PZ-OFFICER-1's test vector: the canonical text, its hash and the officers drawn from seed 42 — the same
    /// numbers a verifier written from docs/rules.md must get.
    @Test func theAssessmentDrawIsRecomputableFromItsListAndSeed() {
        let candidates: [OfficerAssessmentDraw.Candidate] = (1...10).map { (n: Int) -> OfficerAssessmentDraw.Candidate in
            let role: OfficerRole = n % 3 == 0 ? .director : .officer
            return OfficerAssessmentDraw.Candidate(officerId: Int64(n), enterpriseId: Int64(100 + n / 2), role: role)
        }
        let text = OfficerAssessmentDraw.canonicalText(scope: "310114", period: "2026-Q4", day: Day("2026-11-24")!, count: 3, candidates: candidates.reversed())
        #expect(text.hasPrefix("PZ-OFFICER-1|310114|2026-Q4|2026-11-24|3\n1|100|officer\n2|101|officer\n3|101|director\n"))
        #expect(text.split(separator: "\n").count == 11 && text.hasSuffix("10|105|officer\n"))
        let drawn = OfficerAssessmentDraw.select(candidates.shuffled(), count: 3, seed: 42).map(\.officerId)
        #expect(drawn == OfficerAssessmentDraw.select(candidates, count: 3, seed: 42).map(\.officerId), "the input order does not matter")
        #expect(drawn == [4, 3, 5], "the test vector of docs/rules.md §5b, recomputed by an independent Python SplitMix64")
        #expect(OfficerAssessmentDraw.listHash(text) == "9424be9dd1abd5837db39bd71fb12930e82ed55ee8671580d802de229f95f348")
        // Recomputed by hand: SplitMix64 from 42, j = i + below(n − i).
        var g = SeededGenerator(seed: 42)
        var pool = Array(1...10).map(Int64.init)
        for i in 0..<3 { pool.swapAt(i, i + g.below(10 - i)) }
        #expect(drawn == Array(pool.prefix(3)))
        #expect(OfficerAssessmentDraw.select(candidates, count: 50, seed: 1).count == 10, "k = min(count, n)")
        #expect(OfficerAssessmentDraw.listHash(text).count == 64)
        #expect(OfficerAssessmentDraw.checkRequest(count: 0, period: "2026-Q5").map(\.field) == ["count", "period"])
        #expect(OfficerAssessmentDraw.checkRequest(count: 5, period: "2026-11").isEmpty && OfficerAssessmentDraw.quarter(of: Day("2026-11-24")!) == "2026-Q4")
    }

    @Test func figuresCountStaffingPassesAndDailyRecordsOnWorkingDays() throws {
        var f = OfficerFigures()
        let nov = Day("2026-11-01")!...Day("2026-11-30")!
        // Staffed since 11-23 (a Monday): 23–27 are owed up to today 11-27; records on 23, 24, 26 and on Sunday 11-29 (not counted).
        try f.add(.init(scale: .small, officers: [(.officer, Day("2026-11-23")!, true)],
                        dailyDays: [Day("2026-11-23")!, Day("2026-11-24")!, Day("2026-11-26")!, Day("2026-11-29")!], assessments: [true, false]),
                  routine: nov, today: Day("2026-11-27")!, calendar: Self.calendar)
        // A medium enterprise without its director: in scope, not staffed, owes no daily count.
        try f.add(.init(scale: .medium, officers: [(.officer, Day("2026-01-05")!, false)], dailyDays: [], assessments: [true]),
                  routine: nov, today: Day("2026-11-27")!, calendar: Self.calendar)
        #expect(f.inScope == 2 && f.staffed == 1 && f.staffingRate == 0.5 && f.officers == 2 && f.trained == 1)
        #expect(f.assessed == 3 && f.passed == 2 && f.dailyOwed == 5 && f.dailyDone == 3 && f.routineCompletion == 0.6)
    }
}
