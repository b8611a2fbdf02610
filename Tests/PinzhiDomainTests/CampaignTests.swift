import PinzhiDomain
import Testing

/// Campaigns (SPEC CP-1 … CP-6) in the domain: phases and reports, key targets, the inspection checklist and its
/// coverage, self-inspection, the problem item from lead to 回头看, the progress and closing rule, the monthly form's
/// every column, its layout and its lock.
@Suite("专项行动（CP）")
struct CampaignTests {
    static let rules = RuleSet(version: 1, effectiveFrom: Day("2000-01-01")!, values: RuleSet.defaults, reason: "默认", createdBy: "t")
    static let calendar = WorkingDayCalendar(WorkingDayCalendar.official)
    let today = Day("2026-06-01")!
    let city = Principal(accountId: 1, username: "city", displayName: "市局", role: .citySupervisor, organisationId: 1)
    let district = Principal(accountId: 2, username: "jd", displayName: "嘉定区局", role: .districtSupervisor, organisationId: 2, districtCode: "310114")
    let other = Principal(accountId: 3, username: "pd", displayName: "浦东区局", role: .districtSupervisor, organisationId: 3, districtCode: "310115")
    let firm = Principal(accountId: 6, username: "en", displayName: "企业", role: .enterpriseUser, organisationId: 5, enterpriseId: 7)

    var campaign: Campaign {
        Campaign(id: 1, name: "2026年产品质量安全“排险除患、助企纾困”专项行动", year: 2026, startsOn: Day("2026-03-01")!, endsOn: Day("2026-10-31")!,
                 phases: Campaign.phases001(year: 2026), productIds: [11, 12])
    }

    // MARK: CP-1

    @Test func aCampaignKeepsItsPhasesInsideItsPeriodAndAsksForAFormEachMonth() {
        #expect(campaign.validate().isEmpty)
        var bad = campaign
        bad.phases[1] = CampaignPhase(kind: .survey, startsOn: Day("2026-05-01")!, endsOn: Day("2026-11-30")!)
        bad.productIds = []
        let fields = bad.validate().map(\.field)
        #expect(fields.contains("phases") && fields.contains("products"))
        #expect(campaign.phases(on: Day("2026-05-15")!).map(\.kind) == [.survey, .remedy])
        let reports = campaign.reports()
        #expect(reports.filter { $0.kind == .monthlyForm }.count == 8)
        #expect(reports.first { $0.period == FormPeriod("2026-05") }?.due == Day("2026-05-31"))
        #expect(reports.contains { $0.kind == .interimSummary && $0.due == Day("2026-07-15") })
        #expect(reports.contains { $0.kind == .annualSummary && $0.due == Day("2026-10-14") })
        #expect(campaign.periods(through: today).map(\.description) == ["2026-03", "2026-04", "2026-05", "2026-06"])
        #expect(FormPeriod("2026-5") == nil && FormPeriod("2026-13") == nil && FormPeriod("2026-02")?.lastDay == Day("2026-02-28"))
    }

    @Test func keyTargetsComeFromTheRecords() {
        func f(_ id: Int64, producer: Bool, last: Int = 0, recent: Int = 0, complaints: Int = 0) -> KeyTargets.Facts {
            KeyTargets.Facts(enterpriseId: id, enterpriseName: "企业\(id)", districtCode: "310114", isProducer: producer, failuresLastYear: last,
                             failuresRecent: recent, complaints: complaints)
        }
        let targets = KeyTargets.select([f(1, producer: true, last: 1), f(2, producer: true, recent: 3), f(3, producer: false, recent: 2, complaints: 3),
                                         f(4, producer: false, recent: 1, complaints: 2), f(5, producer: false, complaints: 5)], rules: Self.rules)
        #expect(targets.map(\.facts.enterpriseId) == [3, 1, 5])
        #expect(targets[0].reasons == [.sellerRepeatedFailures, .sellerComplaints])
    }

    // MARK: CP-2, CP-3

    @Test func anInspectionAnswersEveryItemOfItsStageWithTwoInspectors() {
        let answers = ChecklistItem.items(for: .production).map { ChecklistAnswer(item: $0, result: .compliant) }
        var i = Inspection(campaignId: 1, districtCode: "310114", enterpriseId: 7, stage: .production, basis: .licenceHolder, inspectedOn: today,
                           inspectors: ["张三", "张三"], answers: Array(answers.dropLast()))
        let fields = i.validate(today: today).map(\.field)
        #expect(fields.contains("inspectors") && fields.contains("item_licence_conditions"))
        i.inspectors = ["张三", "李四"]
        i.answers = answers
        i.answers[3] = ChecklistAnswer(item: .noAdulteration, result: .nonCompliant, note: "")
        #expect(i.validate(today: today).map(\.field) == ["note_no_adulteration"])
        i.answers[3].note = "原料配比低于标准要求"
        #expect(i.validate(today: today).isEmpty && i.findings.map(\.item) == [.noAdulteration])
        i.answers.append(ChecklistAnswer(item: .labelling, result: .compliant))
        #expect(i.validate(today: today).map(\.field).contains("stage"))
    }

    @Test func coverageNamesTheLicenceHoldersStillMissing() {
        let holders = [InspectionCoverage.Holder(enterpriseId: 1, enterpriseName: "乙厂", districtCode: "310115"),
                       .init(enterpriseId: 2, enterpriseName: "甲厂", districtCode: "310114"), .init(enterpriseId: 3, enterpriseName: "丙厂", districtCode: "310114")]
        let coverage = InspectionCoverage.of(holders: holders, inspected: [2])
        let jiading = coverage.lines.first { $0.districtCode == "310114" }
        #expect(jiading?.holders == 2 && jiading?.inspected == 1 && jiading?.missing.map(\.enterpriseName) == ["丙厂"] && jiading?.percent == 50)
        #expect(coverage.lines.first { $0.districtCode == "310115" }?.percent == 0)
    }

    @Test func aSelfInspectionIsSignedAndSaysWhatWasFound() {
        var s = SelfInspection(campaignId: 1, enterpriseId: 7, filedOn: today,
                               sections: [.init(topic: .qualification, inOrder: true), .init(topic: .qualityControl, inOrder: false)],
                               signatory: "", committed: false)
        let fields = Set(s.validate().map(\.field))
        #expect(fields == ["topic_labelling", "note_quality_control", "problemsOpen", "committed", "signatory"])
        s.sections = [.init(topic: .qualification, inOrder: true), .init(topic: .qualityControl, inOrder: false, note: "出厂检验记录不全"),
                      .init(topic: .labelling, inOrder: true)]
        s.problemsOpen = "出厂检验记录不全，正在补建"
        s.signatory = "王五"
        s.committed = true
        #expect(s.validate().isEmpty)
    }

    // MARK: CP-4

    func step(_ i: ProblemItem, _ action: ProblemAction, _ p: Principal, _ input: [String: String] = [:], on day: Day? = nil,
              cases: [LinkableCase] = []) -> Result<StepOutcome<ProblemItemKind>, StepRefusal> {
        Workflow<ProblemItemKind>.apply(action, to: i, by: p, input: input,
                                        context: ProblemContext(today: day ?? today, rules: Self.rules, calendar: Self.calendar, cases: cases))
    }

    func take(_ i: ProblemItem, _ action: ProblemAction, _ p: Principal, _ input: [String: String] = [:], on day: Day? = nil,
              cases: [LinkableCase] = []) throws -> ProblemItem {
        try step(i, action, p, input, on: day, cases: cases).get().record
    }

    @Test func aLeadIsVerifiedBeforeItIsListedAndUnfoundedNeedsAReason() throws {
        let lead = ProblemItem(id: 5, campaignId: 1, districtCode: "310114", enterpriseId: 7, stage: .circulation, source: .association,
                               problem: "协会反映某店销售无厂名厂址的插座", reportedOn: Day("2026-05-20")!)
        #expect(lead.state == .verifying)
        #expect(Workflow<ProblemItemKind>.deadline(lead, rules: Self.rules, calendar: Self.calendar)?.day == Day("2026-06-03"))
        #expect(step(lead, .verify, other, ["founded": "yes", "finding": "现场核查属实"]).failure == .forbidden)
        #expect(step(lead, .verify, district, ["founded": "no"]).failure?.message.contains("核查情况") == true)
        #expect(try take(lead, .verify, district, ["founded": "no", "finding": "现场未发现该类产品"]).state == .unfounded)
        #expect(try take(lead, .verify, district, ["founded": "yes", "finding": "现场核查属实，已封存"]).state == .listed)
        // Found by the bureau's own inspection, an item is listed at once.
        #expect(ProblemItem(campaignId: 1, districtCode: nil, enterpriseId: 7, stage: .production, source: .inspection, problem: "出厂检验缺失",
                            reportedOn: today).state == .listed)
    }

    @Test func aGeneralItemIsClearedByItsDistrictAndLookedBackAt() throws {
        var i = ProblemItem(id: 6, campaignId: 1, districtCode: "310114", enterpriseId: 7, stage: .production, source: .inspection,
                            problem: "出厂检验制度未落实", reportedOn: Day("2026-05-20")!)
        let plan = ["severity": "general", "m_order_correction": "on", "responsibleOrganisation": "嘉定区局质量科", "responsiblePerson": "赵六",
                    "deadline": "2026-07-31"]
        #expect(step(i, .plan, district, plan.filter { $0.key != "m_order_correction" }).failure?.message.contains("责令改正") == true)
        i = try take(i, .plan, district, plan.merging(["m_root_cause": "on"]) { a, _ in a })
        #expect(i.state == .rectifying && i.measures == [.orderCorrection, .rootCause] && i.deadline == Day("2026-07-31"))
        // 销号 waits for the enterprise's root-cause analysis, which the enterprise itself gives.
        #expect(!Workflow<ProblemItemKind>.available(district, i).contains(.submit))
        i = try take(i, .analyse, firm, ["rootCause": "检验员未经培训，已制定出厂检验规程并培训"])
        i = try take(i, .submit, district, ["closureEvidence": "复查出厂检验记录完整，整改到位"])
        #expect(i.state == .awaitingClosure)
        #expect(step(i, .close, other).failure == .forbidden)
        i = try take(i, .close, district, on: Day("2026-06-05")!)
        #expect(i.state == .closed && i.closedOn == Day("2026-06-05") && i.reviewDue == Day("2026-08-04"))
        // The 回头看 waits for its day and then is on the district's list.
        #expect(step(i, .review, district, ["result": "consolidated", "finding": "回访未见反弹"], on: Day("2026-07-01")!).failure?.message.contains("回头看自") == true)
        #expect(Workflow<ProblemItemKind>.duties(district, i, today: Day("2026-08-04")!) == [.review])
        let relapse = try step(i, .review, district, ["result": "relapsed", "finding": "回访发现出厂检验又未执行"], on: Day("2026-08-10")!).get()
        #expect(relapse.record.state == .relapsed && relapse.effects.relapse)
        #expect(try take(i, .review, district, ["result": "consolidated", "finding": "回访未见反弹"], on: Day("2026-08-10")!).state == .consolidated)
    }

    @Test func aSeriousItemNeedsALinkedCaseAndTheCity() throws {
        var i = ProblemItem(id: 7, campaignId: 1, districtCode: "310114", enterpriseId: 7, stage: .production, source: .spotCheck,
                            problem: "电动自行车充电器过充保护失效", reportedOn: Day("2026-05-20")!)
        i = try take(i, .plan, district, ["severity": "serious", "m_file_case": "on", "m_trace": "on", "responsibleOrganisation": "嘉定区局执法大队",
                                          "responsiblePerson": "钱七", "deadline": "2026-08-31"])
        #expect(step(i, .plan, district).failure != nil)
        // Without a case no 申请销号; 移送立案 asks enforcement for one.
        #expect(!Workflow<ProblemItemKind>.available(district, i).contains(.submit))
        let referred = try step(i, .refer, district, ["facts": "充电器过充保护失效，涉嫌生产不符合安全标准的产品"]).get()
        #expect(referred.effects.lead != nil)
        #expect(step(i, .linkCase, district, ["caseId": "9"]).failure != nil)
        i = try take(i, .linkCase, district, ["caseId": "9"], cases: [LinkableCase(id: 9, number: "AJ2026-00009", state: "调查中")])
        #expect(i.caseNumber == "AJ2026-00009")
        i = try take(i, .submit, district, ["closureEvidence": "案件已立案查处，问题产品已召回并追溯"])
        // The district cannot 销号 a 严重 item: the city does.
        #expect(step(i, .close, district).failure == .forbidden)
        #expect(try take(i, .close, city).state == .closed)
        #expect(try take(i, .reopen, city, ["reason": "追溯材料不全"]).state == .rectifying)
    }

    @Test func progressAndTheClosingRule() throws {
        var open = ProblemItem(id: 1, campaignId: 1, districtCode: "310114", enterpriseId: 7, stage: .production, source: .inspection, problem: "问题一二三四",
                               reportedOn: Day("2026-05-01")!, state: .rectifying)
        open.deadline = Day("2026-05-30")
        let cleared = ProblemItem(id: 2, campaignId: 1, districtCode: "310114", enterpriseId: 8, stage: .production, source: .inspection,
                                  problem: "问题一二三四", reportedOn: Day("2026-05-01")!, state: .consolidated)
        let unfounded = ProblemItem(id: 3, campaignId: 1, districtCode: "310115", enterpriseId: 9, stage: .circulation, source: .complaint,
                                    problem: "问题一二三四", reportedOn: Day("2026-05-01")!, state: .unfounded)
        let progress = ProblemProgress.of([open, cleared, unfounded], today: today)
        #expect(progress.lines.map(\.districtCode) == ["310114", "310115"])
        #expect(progress.lines[0].open == 1 && progress.lines[0].cleared == 1 && progress.lines[0].overdue == 1 && progress.lines[0].clearedPercent == 50)
        #expect(progress.total.total == 3 && progress.total.unfounded == 1)
        #expect(ProblemProgress.closingBlockers([open, cleared, unfounded]) == ["WT2026-00001"])
        let carried = try take(open, .carryOver, city, ["reason": "企业停产整顿，复产前完成整改"])
        #expect(ProblemProgress.closingBlockers([carried, cleared]).isEmpty)
        #expect(step(open, .carryOver, district, ["reason": "企业停产整顿中"]).failure == .forbidden)
    }

    // MARK: CP-5

    /// A small district's records, each column's figure worked out by hand in the comments.
    var facts: MonthlyFormFacts { facts(checks: checkRecords) }

    /// 监督抽查 of product 11 in production: 4 batches of 3 enterprises this year, 1 failed (25 %); last year 2, 1 failed (50 %) → −25.00.
    var checkRecords: [MonthlyFormFacts.Check] {
        let d = { (s: String) in Day(s)! }
        return [.init(ref: FormRef("batches", 1), enterpriseId: 1, productId: 11, stage: .production, day: d("2026-04-01"), failed: true),
                .init(ref: FormRef("batches", 2), enterpriseId: 1, productId: 11, stage: .production, day: d("2026-04-02"), failed: false),
                .init(ref: FormRef("batches", 3), enterpriseId: 2, productId: 11, stage: .production, day: d("2026-05-02"), failed: false),
                .init(ref: FormRef("batches", 4), enterpriseId: 5, productId: 11, stage: .production, day: d("2026-05-30"), failed: false),
                .init(ref: FormRef("batches", 5), enterpriseId: 5, productId: 11, stage: .production, day: d("2026-06-01"), failed: true),
                .init(ref: FormRef("batches", 6), enterpriseId: 1, productId: 11, stage: .production, day: d("2025-04-01"), failed: true),
                .init(ref: FormRef("batches", 7), enterpriseId: 2, productId: 11, stage: .production, day: d("2025-05-01"), failed: false),
                // A seller of another product (其他), online: 流通.
                .init(ref: FormRef("batches", 8), enterpriseId: 6, productId: 99, stage: .circulation, day: d("2026-05-05"), failed: true)]
    }

    func facts(checks: [MonthlyFormFacts.Check]) -> MonthlyFormFacts {
        var f = MonthlyFormFacts()
        let d = { (s: String) in Day(s)! }
        // 风险排查: enterprise 1 inspected twice (found a problem once), 2 once; a seller 3 with a problem; one inspection before the campaign.
        f.screenings = [.init(ref: FormRef("inspections", 1), enterpriseId: 1, productId: 11, stage: .production, day: d("2026-04-10"), foundProblem: false),
                        .init(ref: FormRef("inspections", 2), enterpriseId: 1, productId: 11, stage: .production, day: d("2026-05-10"), foundProblem: true),
                        .init(ref: FormRef("inspections", 3), enterpriseId: 2, productId: 12, stage: .production, day: d("2026-05-11"), foundProblem: false),
                        .init(ref: FormRef("inspections", 4), enterpriseId: 3, productId: 11, stage: .circulation, day: d("2026-05-12"), foundProblem: true),
                        .init(ref: FormRef("inspections", 5), enterpriseId: 4, productId: 11, stage: .production, day: d("2026-02-12"), foundProblem: true)]
        f.checks = .init(checks, keys: [11, 12], span: MonthlyForm.span(campaign: campaign, period: FormPeriod("2026-05")!))
        f.information = [.init(ref: FormRef("risk-items", 1), productId: 11, day: d("2026-05-01")), .init(ref: FormRef("risk-items", 2), productId: nil, day: d("2026-05-02"))]
        f.monitoring = [.init(ref: FormRef("monitoring-batches", 1), productId: 12, day: d("2026-04-01"), problemOn: d("2026-05-03")),
                        .init(ref: FormRef("monitoring-batches", 2), productId: 12, day: d("2026-05-01"), problemOn: d("2026-06-03"))]
        // A case filed in April, decided in May (罚没 35,000 元, 案值 12,345 元), sent to the police and to the discipline commission.
        f.cases = [.init(ref: FormRef("cases", 1), productId: 11, filedOn: d("2026-04-05"), decidedOn: d("2026-05-20"), penalty: 35_000, value: 12_345,
                         referredOn: d("2026-05-25"), disciplineOn: d("2026-05-26")),
                   .init(ref: FormRef("cases", 2), productId: nil, filedOn: d("2026-06-02"))]
        f.assistance = [.init(ref: FormRef("assistance-cases", 1), enterpriseId: 1, productId: 11, servedOn: d("2026-04-20"), closedOn: d("2026-05-28"),
                              problemsSolved: 3, outputValue: 12.5),
                        .init(ref: FormRef("assistance-cases", 2), enterpriseId: 1, productId: 11, servedOn: d("2026-05-20"), closedOn: nil,
                              problemsSolved: 0, outputValue: 0)]
        f.interviews = [.init(ref: FormRef("letters", 1), enterpriseId: 3, productId: nil, day: d("2026-05-15"))]
        return f
    }

    @Test func eachColumnOfTheFormCountsAsWorkedOutByHand() {
        let span = MonthlyForm.span(campaign: campaign, period: FormPeriod("2026-05")!)
        #expect(span == Day("2026-03-01")!...Day("2026-05-31")!)
        let form = MonthlyForm.compute(unit: "嘉定区市场监督管理局", products: [(11, "电动自行车充电器"), (12, "电线电缆")], facts: facts, span: span)
        #expect(form.rows.map(\.label) == ["电动自行车充电器", "电线电缆", "其他", "合计"])
        #expect(form.texts[0] == ["1", "1", "1", "1", "3", "4", "1", "-25.00", "0", "0", "0", "—", "1", "0", "0", "1", "3.50", "1.23", "1", "1", "1", "3",
                                  "12.50", "0"])
        #expect(form.texts[1] == ["1", "0", "0", "0", "0", "0", "0", "—", "0", "0", "0", "—", "0", "2", "1", "0", "0.00", "0.00", "0", "0", "0", "0", "0.00", "0"])
        #expect(form.texts[2] == ["0", "0", "0", "0", "0", "0", "0", "—", "1", "1", "1", "—", "1", "0", "0", "0", "0.00", "0.00", "0", "0", "0", "0", "0.00", "1"])
        // 合计 counts enterprises once across products: enterprise 1 and 2 screened in production.
        #expect(form.total.cells.count == 24)
        #expect(form.texts[3] == ["2", "1", "1", "1", "3", "4", "1", "-25.00", "1", "1", "1", "—", "2", "2", "1", "1", "3.50", "1.23", "1", "1", "1", "3",
                                  "12.50", "1"])
        #expect(form.rows[0].cells[MonthlyForm.Column.productionFailures.rawValue].checks
                == .init(row: .product(11), stage: .production, failedOnly: true, count: 1))
        #expect(form.rows[3].cells[MonthlyForm.Column.productionChange.rawValue].checks
                == .init(row: .total, stage: .production, lastYear: true, failedOnly: true, count: 1))
        #expect(form.rows[2].cells[MonthlyForm.Column.checkedSellers.rawValue].checks?.perEnterprise == true)
    }

    @Test func theSheetHasTheSeedsHeaderRowsAndMerges() {
        let form = MonthlyForm.compute(unit: "嘉定区市场监督管理局", products: [(11, "电动自行车充电器")], facts: facts,
                                       span: MonthlyForm.span(campaign: campaign, period: FormPeriod("2026-05")!))
        let sheet = form.sheet(title: "产品质量安全“排险除患、助企纾困”专项行动统计表")
        #expect(sheet.rows.allSatisfy { $0.count == 25 })
        #expect(sheet.rows[1][0] == "填表单位：嘉定区市场监督管理局" && sheet.rows[1][16].hasPrefix("数据周期：2026年3月1日至2026年5月31日"))
        #expect(sheet.rows[2].filter { !$0.isEmpty } == ["产品类别", "风险排查", "监督抽查", "风险监测", "案件查办", "行纪衔接", "质量技术帮扶", "约谈"])
        #expect(sheet.rows[3][1] == "生产领域" && sheet.rows[3][3] == "流通领域" && sheet.rows[3][5] == "生产领域" && sheet.rows[3][9] == "流通领域")
        #expect(sheet.rows[4][1...4] == ["排查企业", "发现问题企业", "排查企业", "发现问题企业"])
        #expect(sheet.rows[4][5...8] == ["抽查企业", "抽查批次", "不合格批次", "同比变化"])
        #expect(sheet.rows[3][13...24] == ["采集风险信息（条）", "开展风险监测产品（批次）", "发现质量问题（个）", "查处案件（起）", "罚没金额", "案值",
                                           "移送司法机关案件（起）", "行纪衔接（起）", "帮扶企业（家）", "解决质量问题（个）", "帮助企业提升产值", "约谈企业（家）"])
        #expect(Set(sheet.merges).isSuperset(of: ["A1:Y1", "A3:A5", "B3:E3", "F3:M3", "N3:P3", "Q3:T3", "V3:X3", "B4:C4", "D4:E4", "F4:I4", "J4:M4",
                                                 "N4:N5", "Y4:Y5"]))
        #expect(sheet.rows.last?.first == "合计")
    }

    @Test func aLockedFormShowsWhatChangedSinceApproval() {
        let span = MonthlyForm.span(campaign: campaign, period: FormPeriod("2026-05")!)
        let products: [(id: Int64, name: String)] = [(11, "电动自行车充电器")]
        let approved = MonthlyForm.compute(unit: "嘉定区", products: products, facts: facts, span: span)
        var records = checkRecords
        records[2].failed = true
        let now = MonthlyForm.compute(unit: "嘉定区", products: products, facts: facts(checks: records), span: span)
        let diff = MonthlyForm.differences(locked: approved.texts, lockedLabels: approved.rows.map(\.label), current: now)
        #expect(diff.contains(MonthlyForm.Difference(row: "电动自行车充电器", column: "监督抽查 · 生产领域 · 不合格批次", locked: "1", now: "2")))
        #expect(diff.contains { $0.row == "合计" && $0.column.hasSuffix("同比变化") && $0.locked == "-25.00" && $0.now == "0.00" })
        #expect(MonthlyForm.differences(locked: approved.texts, lockedLabels: approved.rows.map(\.label), current: approved).isEmpty)
    }

    @Test func aFormIsSubmittedReturnedResubmittedAndApproved() throws {
        let current = MonthlyForm.compute(unit: "嘉定区", products: [(11, "电动自行车充电器")], facts: facts,
                                          span: MonthlyForm.span(campaign: campaign, period: FormPeriod("2026-05")!))
        func act(_ f: CampaignForm, _ a: CampaignFormAction, _ p: Principal, _ input: [String: String] = [:]) -> Result<StepOutcome<CampaignFormKind>, StepRefusal> {
            Workflow<CampaignFormKind>.apply(a, to: f, by: p, input: input,
                                             context: CampaignFormContext(today: today, rules: Self.rules, calendar: Self.calendar, current: current))
        }
        var f = CampaignForm(id: 1, campaignId: 1, districtCode: "310114", period: FormPeriod("2026-05")!, enteredOn: Day("2026-05-01")!)
        #expect(Workflow<CampaignFormKind>.deadline(f, rules: Self.rules, calendar: Self.calendar)?.day == Day("2026-05-31"))
        #expect(act(f, .submit, other).failure == .forbidden)
        #expect(act(f, .submit, city).failure == .forbidden)
        f = try act(f, .submit, district).get().record
        #expect(f.state == .submitted && f.figures == current.texts)
        #expect(act(f, .reject, city).failure?.message.contains("退回理由") == true)
        f = try act(f, .reject, city, ["reason": "抽查批次与系统不符"]).get().record
        #expect(f.state == .returned && f.returnReason == "抽查批次与系统不符")
        f = try act(f, .submit, district).get().record
        f = try act(f, .approve, city).get().record
        #expect(f.isLocked && f.approvedOn == today && f.figures == current.texts)
        #expect(Workflow<CampaignFormKind>.available(district, f).isEmpty)
        let june = CampaignForm(id: 2, campaignId: 1, districtCode: "310114", period: FormPeriod("2026-07")!, enteredOn: today)
        #expect(act(june, .submit, district).failure?.message.contains("尚未开始") == true)
    }

    @Test func theDrawByRiskCommitsItsWeightsAndSkipsHoldersAndTheInspected() {
        let candidates = [InspectionDraw.Candidate(enterpriseId: 3, uscc: "U3", creditClass: "D", holdsLicence: false, inspected: false),
                          .init(enterpriseId: 1, uscc: "U1", creditClass: "A", holdsLicence: true, inspected: false),
                          .init(enterpriseId: 2, uscc: "U2", creditClass: "B", holdsLicence: false, inspected: true),
                          .init(enterpriseId: 4, uscc: "U4", creditClass: "A", holdsLicence: false, inspected: false)]
        let list = InspectionDraw.list(campaign: 1, district: "310114", day: today, count: 1, candidates: candidates,
                                       salts: (0..<4).map { [UInt8](repeating: UInt8($0 + 1), count: 16) }, committedAt: "2026-06-01T01:00:00Z", rules: Self.rules)
        #expect(list.candidates.map(\.id) == [1, 2, 3, 4] && list.candidates.map(\.status) == [InspectionDraw.holder, InspectionDraw.inspected, "eligible", "eligible"])
        #expect(list.commitment().text.contains("weights=A:1.0,B:2.0,C:10.0,D:30.0") && list.eligibleCount == 2)
        // Over many public values the D-class enterprise (weight 30) is drawn far more often than the A-class one (weight 1).
        let d = (0..<200).filter { list.run(.init(publicValue: String($0), publicSource: "测试")).selectedIds == [3] }.count
        #expect(d > 170, "\(d)")
        var uniform = list
        uniform.weights = nil
        #expect(!uniform.commitment().text.contains("weights="))
    }

    // MARK: CP-6

    @Test func aSupervisionVisitHasATeamAndFindings() {
        var v = SupervisionVisit(campaignId: 1, kind: .flying, districtCode: "310114", visitedOn: Day("2026-06-02")!, team: ["张三"], findings: "短")
        #expect(Set(v.validate(today: today).map(\.field)) == ["visitedOn", "team", "findings"])
        v.visitedOn = today
        v.team = ["张三", "李四"]
        v.findings = "问题清单逾期未销号3项，现场检查覆盖率不足"
        #expect(v.validate(today: today).isEmpty)
    }
}
