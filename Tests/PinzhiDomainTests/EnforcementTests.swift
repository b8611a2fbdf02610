import Testing
@testable import PinzhiDomain

/// Leads and cases (SPEC EN-1) on the workflow engine: who decides, the working-day clock and its one extension,
/// the fine's range, the referral's clocks, 行纪衔接 — each at its edge.
@Suite("执法衔接：线索与案件")
struct EnforcementTests {
    static let rules = BatchWorkflowTests.rules
    static let calendar = BatchWorkflowTests.calendar
    static let jiading = BatchWorkflowTests.jiading
    static let pudong = BatchWorkflowTests.pudong
    static let city = BatchWorkflowTests.city
    static let enforcement = Principal(accountId: 9, username: "zf", displayName: "执法总队", role: .enforcementOfficer, organisationId: 9)

    static func context(_ today: String) -> BasicContext { BasicContext(today: Day(today)!, rules: rules, calendar: calendar) }

    static let lead = CaseLead(id: 12, source: .refusal, batchId: 5, enterpriseId: 100, enterpriseName: "某某玩具有限公司", districtCode: "310114",
                               summary: "企业拒绝监督抽查（产品质量法第五十六条）：拒绝签字", receivedOn: Day("2026-09-25")!)

    static func filedCase(handler: CaseHandler = .district) -> EnforcementCase {
        var c = EnforcementCase(id: 3, leadId: 12, leadSource: .refusal, enterpriseId: 100, enterpriseName: "某某玩具有限公司", districtCode: "310114",
                                handler: handler, article: .art49, summary: "拒绝抽查立案", filedOn: Day("2026-10-09")!, decisionDue: Day("2027-01-07")!)
        c.state = .filed
        return c
    }

    @Test func theLeadsDistrictAndEnforcementDecideOthersDoNot() {
        #expect(Workflow<LeadKind>.available(Self.jiading, Self.lead) == [.extend, .file, .decline])
        #expect(Workflow<LeadKind>.available(Self.enforcement, Self.lead) == [.extend, .file, .decline])
        #expect(Workflow<LeadKind>.available(Self.pudong, Self.lead).isEmpty)
        #expect(Workflow<LeadKind>.available(Self.city, Self.lead).isEmpty, "the city reads leads, it does not decide them")
        #expect(Workflow<LeadKind>.dutyStates(for: .enforcementOfficer) == [.open])
        #expect(Workflow<LeadKind>.dutyStates(for: .citySupervisor).isEmpty)
    }

    @Test func theFilingDecisionIsDueFifteenWorkingDaysAfterReceiptAndThirtyOnceExtended() throws {
        // 2026-09-25 (Friday) + 15 working days, across the National Day holidays (10-01…10-08, 09-28 and 10-11 worked).
        let due = Workflow<LeadKind>.deadline(Self.lead, rules: Self.rules, calendar: Self.calendar)?.day
        #expect(due == (try Self.calendar.adding(workingDays: 15, to: Day("2026-09-25")!)))
        let extended = try Workflow<LeadKind>.apply(.extend, to: Self.lead, by: Self.jiading, input: ["approver": "张局", "reason": "需补充调查"],
                                                    context: Self.context("2026-10-12")).get().record
        #expect(extended.extended && extended.state == .open)
        #expect(Workflow<LeadKind>.deadline(extended, rules: Self.rules, calendar: Self.calendar)?.day
                == (try Self.calendar.adding(workingDays: 30, to: Day("2026-09-25")!)))
        #expect(!Workflow<LeadKind>.available(Self.jiading, extended).contains(.extend), "one extension only")
    }

    @Test func filingOpensTheCaseWithItsNinetyDayClockAndDecliningNeedsAReason() throws {
        let filed = try Workflow<LeadKind>.apply(.file, to: Self.lead, by: Self.jiading,
                                                 input: ["handler": "district", "article": "art56", "summary": "企业拒绝接受监督抽查，立案调查"],
                                                 context: Self.context("2026-10-09")).get()
        #expect(filed.record.state == .filed && filed.record.decidedOn == Day("2026-10-09"))
        let c = try #require(filed.effects.newCase)
        #expect(c.filedOn == Day("2026-10-09") && c.decisionDue == Day("2027-01-07") && c.handler == .district && c.article == .art56)
        #expect(c.leadSource == .refusal && c.batchId == 5)
        if case .failure(.invalid(let failure)) = Workflow<LeadKind>.apply(.decline, to: Self.lead, by: Self.jiading, input: ["reason": "不成立"],
                                                                          context: Self.context("2026-10-09")) {
            #expect(failure.errors.map(\.field) == ["reason"])
        } else { Issue.record("a decline without a real reason was taken") }
    }

    @Test("the fine's range per article, at its edges", arguments: [
        (PQLArticle.art49, 10_000.0, 30_000.0, false), (.art49, 10_000, 30_000.01, true), (.art49, 10_000, 9_999.99, true),
        (.art50, 10_000, 5_000, false), (.art50, 10_000, 4_999, true), (.art51, 10_000, 10_000, false), (.art51, 10_000, 10_001, true),
        (.art52, 10_000, 20_000, false), (.art52, 10_000, 20_001, true), (.art53, 10_000, 0, false), (.art56, 10_000, 1_000_000, false),
    ])
    func aFineOutsideTheArticlesRangeWarns(_ article: PQLArticle, _ goods: Double, _ fine: Double, _ warns: Bool) {
        #expect((article.fineWarning(fine: fine, goodsValue: goods) != nil) == warns)
    }

    @Test func aCaseRunsFromFilingToClosureAndAFineOutOfRangeIsKeptWithItsWarning() throws {
        var c = Self.filedCase()
        func take(_ action: CaseAction, _ input: [String: String], _ day: String, by p: Principal = Self.jiading) throws -> StepOutcome<CaseKind> {
            let outcome = try Workflow<CaseKind>.apply(action, to: c, by: p, input: input, context: Self.context(day)).get()
            c = outcome.record
            return outcome
        }
        #expect(Workflow<CaseKind>.deadline(c, rules: Self.rules, calendar: Self.calendar)?.day == Day("2027-01-07"))
        _ = try take(.investigate, [:], "2026-10-12")
        _ = try take(.review, ["article": "art49", "goodsValue": "10000", "findings": "违法事实清楚"], "2026-11-02")
        #expect(c.caseValue == 10_000, "案值 defaults to 货值金额")
        let notified = try take(.notify, ["fine": "40000"], "2026-11-05")
        #expect(notified.summary.contains("超出产品质量法第四十九条的幅度"))
        let decided = try take(.decide, ["fine": "40000", "confiscation": "2000", "decidedOn": "2026-11-20"], "2026-11-20")
        #expect(c.state == .decided && c.penaltyTotal == 42_000 && decided.summary.contains("注意"))
        #expect(Workflow<CaseKind>.deadline(c, rules: Self.rules, calendar: Self.calendar)?.day
                == (try Self.calendar.adding(workingDays: 7, to: Day("2026-11-20")!)), "served within 7 working days")
        _ = try take(.serve, ["servedOn": "2026-11-23"], "2026-11-23")
        if case .failure(.invalid(let failure)) = Workflow<CaseKind>.apply(.execute, to: c, by: Self.jiading, input: ["paid": "42000.01"],
                                                                          context: Self.context("2026-11-30")) {
            #expect(failure.errors.map(\.field) == ["paid"])
        } else { Issue.record("more than the penalty was paid") }
        _ = try take(.execute, ["paid": "42000"], "2026-11-30")
        _ = try take(.close, ["report": "已缴清，结案"], "2026-12-01")
        #expect(c.state == .closed && c.closedOn == Day("2026-12-01"))
    }

    @Test("amounts that are not money are refused", arguments: ["nan", "inf", "-1", "1e13", "abc"])
    func amountsThatAreNotMoneyAreRefused(_ goods: String) {
        var c = Self.filedCase()
        c.state = .investigating
        if case .failure(.invalid(let failure)) = Workflow<CaseKind>.apply(.review, to: c, by: Self.jiading,
                input: ["article": "art49", "goodsValue": goods, "findings": "违法事实清楚"], context: Self.context("2026-11-02")) {
            #expect(failure.errors.map(\.field) == ["goodsValue"])
        } else { Issue.record("货值金额 \(goods) was taken") }
        #expect(Money.text(.nan) == "nan" && Money.text(12.5) == "12.50" && Money.text(3) == "3")
    }

    @Test func aCorpsCaseIsHandledByEnforcementOnlyAndTheDecisionClockIsExtendedOnce() throws {
        let c = Self.filedCase(handler: .corps)
        #expect(Workflow<CaseKind>.available(Self.jiading, c).isEmpty)
        #expect(Workflow<CaseKind>.available(Self.enforcement, c).contains(.investigate))
        let extended = try Workflow<CaseKind>.apply(.extend, to: c, by: Self.enforcement, input: ["approver": "总队长", "reason": "鉴定"],
                                                    context: Self.context("2026-12-01")).get().record
        #expect(extended.decisionDue == Day("2027-02-06") && !Workflow<CaseKind>.available(Self.enforcement, extended).contains(.extend))
    }

    @Test func aReferralRecordsItsClocksAndFlagsTheLateOnes() throws {
        var c = Self.filedCase()
        c.state = .investigating
        let onTime = try Workflow<CaseKind>.apply(.refer, to: c, by: Self.jiading,
                                                  input: ["proposedOn": "2026-11-02", "decidedOn": "2026-11-05", "referredOn": "2026-11-06",
                                                          "police": "市公安局", "reason": "涉嫌生产、销售伪劣产品罪"], context: Self.context("2026-11-06")).get()
        #expect(onTime.record.state == .referred && !onTime.summary.contains("注意") && onTime.record.fine == nil)
        #expect(onTime.effects.notifyIssuers?.contains("市公安局") == true, "a referral is a serious violation: the issuers are notified (EN-2)")
        let late = try Workflow<CaseKind>.apply(.refer, to: c, by: Self.jiading,
                                                input: ["proposedOn": "2026-11-02", "decidedOn": "2026-11-06", "referredOn": "2026-11-08",
                                                        "police": "市公安局", "reason": "涉嫌生产、销售伪劣产品罪"], context: Self.context("2026-11-08")).get()
        #expect(late.summary.contains("批准超过3日时限") && late.summary.contains("移送超过24小时时限"))
        if case .failure(.invalid(let failure)) = Workflow<CaseKind>.apply(.refer, to: c, by: Self.jiading,
                input: ["proposedOn": "2026-11-05", "decidedOn": "2026-11-04", "referredOn": "2026-11-04", "police": "市公安局", "reason": "涉嫌犯罪"],
                context: Self.context("2026-11-08")) {
            #expect(failure.errors.map(\.field) == ["decidedOn"])
        } else { Issue.record("an approval before the proposal was taken") }
    }

    @Test func disciplineFeedbackFollowsTheReferralToTheCommissionOnce() throws {
        let c = Self.filedCase()
        #expect(!Workflow<CaseKind>.available(Self.jiading, c).contains(.disciplineFeedback))
        let sent = try Workflow<CaseKind>.apply(.sendToDiscipline, to: c, by: Self.jiading, input: ["sentOn": "2026-11-02", "clue": "监管人员失职"],
                                                context: Self.context("2026-11-02")).get().record
        #expect(sent.disciplineSentOn == Day("2026-11-02") && sent.state == .filed)
        let actions = Workflow<CaseKind>.available(Self.jiading, sent)
        #expect(actions.contains(.disciplineFeedback) && !actions.contains(.sendToDiscipline))
    }

    @Test func aBatchStepWritesTheLeadOfItsSource() {
        #expect(LeadSource.allCases.filter(\.fromSpotCheck) == [.refusal, .seriousFailure, .failedRecheck, .measure])
        #expect(LeadSource.entered == [.problemItem, .complaint, .inspection, .monitoring, .onlineOpinion])
        #expect(EnforcementNumber.make("AJ", 2026, 3) == "AJ2026-00003" && EnforcementNumber.make("XS", 2026, 123456) == "XS2026-123456")
    }

    /// SPEC EN-2: a decision marked 情节严重 notifies the issuers of the holder's certificates; the answer is recorded by
    /// the case's handler, not before the notice was sent, nor in the future.
    @Test func aSeriousDecisionNotifiesTheIssuersWhoseAnswerIsRecorded() throws {
        var c = Self.filedCase()
        c.state = .notified
        let plain = try Workflow<CaseKind>.apply(.decide, to: c, by: Self.jiading, input: ["fine": "20000", "decidedOn": "2026-11-06"],
                                                 context: Self.context("2026-11-06")).get()
        #expect(plain.effects.notifyIssuers == nil)
        let serious = try Workflow<CaseKind>.apply(.decide, to: c, by: Self.jiading, input: ["fine": "20000", "decidedOn": "2026-11-06", "serious": "yes"],
                                                   context: Self.context("2026-11-06")).get()
        #expect(serious.effects.notifyIssuers?.contains("情节严重") == true && serious.summary.contains("通报发证机关"))

        let notice = IssuerNotice(id: 4, caseId: 3, licenceId: 8, licenceKind: .production, licenceNumber: "XK16-001-00001", issuer: "上海市市场监督管理局",
                                  enterpriseId: 100, enterpriseName: "某某电缆有限公司", districtCode: "310114", handler: .district,
                                  reason: "情节严重", sentOn: Day("2026-11-06")!)
        #expect(Workflow<IssuerNoticeKind>.available(Self.jiading, notice) == [.answer])
        #expect(Workflow<IssuerNoticeKind>.available(Self.enforcement, notice) == [.answer])
        #expect(Workflow<IssuerNoticeKind>.available(Self.pudong, notice).isEmpty && Workflow<IssuerNoticeKind>.available(Self.city, notice).isEmpty)
        if case .failure(.invalid(let failure)) = Workflow<IssuerNoticeKind>.apply(.answer, to: notice, by: Self.jiading,
                input: ["measure": "revoked", "answer": "已撤销生产许可证", "answeredOn": "2026-11-05"], context: Self.context("2026-11-10")) {
            #expect(failure.errors.map(\.field) == ["answeredOn"])
        } else { Issue.record("an answer before the notice was taken") }
        let answered = try Workflow<IssuerNoticeKind>.apply(.answer, to: notice, by: Self.jiading,
                                                            input: ["measure": "revoked", "answer": "已撤销生产许可证", "answeredOn": "2026-11-09"],
                                                            context: Self.context("2026-11-10")).get()
        #expect(answered.record.state == .answered && answered.record.measure == .revoked && answered.record.measure?.licenceStatus == .revoked)
        // Due 20 working days after it was sent (issuerNoticeAnswerWorkingDays).
        let due = Workflow<IssuerNoticeKind>.deadline(notice, rules: Self.rules, calendar: Self.calendar)?.day
        #expect(due == (try Self.calendar.adding(workingDays: 20, to: Day("2026-11-06")!)))
    }
}
