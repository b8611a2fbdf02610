import Testing
@testable import PinzhiDomain

/// "三书一函" (SPEC EN-3) on the workflow engine: who drafts, signs, receives and replies; the deadline; verification
/// that sends a reply back; the interview record an 约谈通知书 needs; escalation only once a letter is ignored, one
/// step up the ladder, and never past 挂牌督办.
@Suite("三书一函")
struct LetterTests {
    static let rules = BatchWorkflowTests.rules
    static let calendar = BatchWorkflowTests.calendar
    static let jiading = BatchWorkflowTests.jiading
    static let pudong = BatchWorkflowTests.pudong
    static let city = BatchWorkflowTests.city
    static let firm = Principal(accountId: 20, username: "qy", displayName: "某某公司", role: .enterpriseUser, organisationId: 20, enterpriseId: 100)
    static let otherFirm = Principal(accountId: 21, username: "qy2", displayName: "另一公司", role: .enterpriseUser, organisationId: 21, enterpriseId: 101)
    static let enforcement = EnforcementTests.enforcement

    static func context(_ today: String) -> BasicContext { BasicContext(today: Day(today)!, rules: rules, calendar: calendar) }

    /// A 责令整改通知书 from 嘉定区局 to one of its enterprises, in a state.
    static func letter(_ state: LetterState, type: LetterType = .rectification, issuer: String? = "310114") -> Letter {
        var l = Letter(id: 7, type: type, target: .enterprise, enterpriseId: 100, enterpriseName: "某某玩具有限公司", districtCode: "310114",
                       issuerDistrict: issuer, reason: "监督抽查不合格且未按期整改", requiredActions: "立即停止销售并整改", deadline: Day("2026-10-20")!,
                       createdOn: Day("2026-09-25")!)
        l.state = state
        if !LetterState.unsent.contains(state) { l.issuedOn = Day("2026-09-28") }
        return l
    }

    static func apply(_ action: LetterAction, _ l: Letter, by p: Principal, _ input: [String: String] = [:], on day: String) -> Result<StepOutcome<LetterKind>, StepRefusal> {
        Workflow<LetterKind>.apply(action, to: l, by: p, input: input, context: Self.context(day))
    }

    @Test func theIssuingBureauDraftsAndSignsTheAddresseeRepliesOthersOnlyRead() {
        let draft = Self.letter(.draft)
        #expect(Workflow<LetterKind>.available(Self.jiading, draft) == [.submit])
        #expect(Workflow<LetterKind>.available(Self.city, draft).isEmpty, "the city does not take a district's steps")
        #expect(Workflow<LetterKind>.available(Self.firm, draft).isEmpty, "an unsent letter is not the addressee's yet")
        let issued = Self.letter(.issued)
        #expect(Workflow<LetterKind>.available(Self.firm, issued, today: Day("2026-10-01")!) == [.serve, .reply])
        #expect(Workflow<LetterKind>.available(Self.otherFirm, issued).isEmpty)
        #expect(Workflow<LetterKind>.available(Self.enforcement, issued).isEmpty)
        #expect(Workflow<LetterKind>.available(Self.pudong, issued).isEmpty)
        #expect(Workflow<LetterKind>.dutyStates(for: .enterpriseUser) == [.issued, .served])
        #expect(LetterPolicy.refusal(Self.jiading, target: .enterprise, districtCode: "310115") == "只能向本区企业发函")
        #expect(LetterPolicy.refusal(Self.jiading, target: .district, districtCode: "310114") != nil, "a district writes to its enterprises only")
        #expect(LetterPolicy.refusal(Self.city, target: .district, districtCode: "310115") == nil)
        #expect(LetterPolicy.refusal(Self.enforcement, target: .enterprise, districtCode: "310114") != nil)
    }

    @Test func signingNeedsASignerAndADeadlineStillAhead() throws {
        let pending = Self.letter(.approval)
        if case .failure(.invalid(let failure)) = Self.apply(.approve, pending, by: Self.jiading, on: "2026-09-28") {
            #expect(failure.errors.map(\.field) == ["signer"])
        } else { Issue.record("signed without a signer") }
        let signed = try Self.apply(.approve, pending, by: Self.jiading, ["signer": "张局长"], on: "2026-09-28").get().record
        #expect(signed.state == .issued && signed.issuedOn == Day("2026-09-28") && signed.signer == "张局长")
        #expect(Workflow<LetterKind>.deadline(signed, rules: Self.rules, calendar: Self.calendar)?.day == Day("2026-10-20"))
        // On the deadline itself it may still be signed; the day after, it must go back for a new deadline.
        #expect((try? Self.apply(.approve, pending, by: Self.jiading, ["signer": "张局长"], on: "2026-10-20").get()) != nil)
        guard case .failure(.wrongState) = Self.apply(.approve, pending, by: Self.jiading, ["signer": "张局长"], on: "2026-10-21") else {
            Issue.record("a letter past its deadline was signed"); return
        }
        let back = try Self.apply(.reject, pending, by: Self.jiading, ["reason": "期限已过", "deadline": "2026-11-05"], on: "2026-10-21").get().record
        #expect(back.state == .draft && back.deadline == Day("2026-11-05"))
    }

    @Test func aReplyIsReceiptTooAndVerificationCanSendItBack() throws {
        let replied = try Self.apply(.reply, Self.letter(.issued), by: Self.firm, ["reply": "已停止销售，完成整改并提交检验报告"], on: "2026-10-10").get().record
        #expect(replied.state == .replied && replied.servedOn == Day("2026-10-10") && replied.repliedOn == Day("2026-10-10"))
        // Verification is due 10 working days after the reply.
        #expect(Workflow<LetterKind>.deadline(replied, rules: Self.rules, calendar: Self.calendar)?.day
                == (try Self.calendar.adding(workingDays: 10, to: Day("2026-10-10")!)))
        if case .failure(.invalid(let failure)) = Self.apply(.verify, replied, by: Self.jiading, ["result": "fail", "note": "整改报告缺少检验报告"], on: "2026-10-12") {
            #expect(failure.errors.map(\.field) == ["deadline"], "sending back needs a new deadline")
        } else { Issue.record("sent back without a deadline") }
        let back = try Self.apply(.verify, replied, by: Self.jiading, ["result": "fail", "note": "缺少检验报告", "deadline": "2026-10-30"], on: "2026-10-12").get().record
        #expect(back.state == .served && back.deadline == Day("2026-10-30"))
        let verified = try Self.apply(.verify, replied, by: Self.jiading, ["result": "pass", "note": "现场核查整改到位"], on: "2026-10-12").get().record
        #expect(verified.state == .verified && verified.verifiedOn == Day("2026-10-12"))
        let closed = try Self.apply(.close, verified, by: Self.jiading, on: "2026-10-13").get().record
        #expect(closed.state == .closed && closed.closedOn == Day("2026-10-13"))
        #expect(Workflow<LetterKind>.available(Self.firm, verified).isEmpty)
    }

    @Test func anInterviewLetterIsVerifiedOnlyWithItsInterviewRecord() throws {
        var replied = Self.letter(.replied, type: .interview)
        replied.reply = "按时参加约谈"
        if case .failure(.invalid(let failure)) = Self.apply(.verify, replied, by: Self.jiading, ["result": "pass", "note": "整改到位"], on: "2026-10-12") {
            #expect(failure.errors.first?.message == "约谈通知书须先记录约谈情况，再核验")
        } else { Issue.record("an interview letter was verified without its record") }
        let recorded = try Self.apply(.interview, replied, by: Self.jiading, ["heldOn": "2026-10-09", "attendees": "企业法定代表人、区局科长",
                                                                               "record": "指出产品不合格问题，企业承诺十日内整改完毕"], on: "2026-10-12").get().record
        #expect(recorded.state == .replied && recorded.interviewRecord?.contains("企业承诺") == true)
        #expect((try? Self.apply(.verify, recorded, by: Self.jiading, ["result": "pass", "note": "整改到位"], on: "2026-10-12").get()) != nil)
        #expect(!Workflow<LetterKind>.available(Self.jiading, Self.letter(.served)).contains(.interview), "only an interview letter records one")
    }

    @Test func anIgnoredLetterEscalatesOneStepAfterItsDeadlineAndNeverPastSupervision() throws {
        let served = Self.letter(.served, type: .reminder)
        guard case .failure(.wrongState(let reason)) = Self.apply(.escalate, served, by: Self.jiading, ["deadline": "2026-11-10"], on: "2026-10-20") else {
            Issue.record("escalated on its deadline day"); return
        }
        #expect(reason.contains("未过"))
        #expect(Workflow<LetterKind>.available(Self.jiading, served, today: Day("2026-10-21")!).contains(.escalate))
        let step = try Self.apply(.escalate, served, by: Self.jiading, ["deadline": "2026-11-10"], on: "2026-10-21").get()
        #expect(step.record.state == .escalated && step.record.closedOn == Day("2026-10-21"))
        let next = try #require(step.effects.escalation)
        #expect(next.type == .rectification && next.state == .draft && next.escalatedFrom == 7 && next.enterpriseId == 100
                && next.issuerDistrict == "310114" && next.deadline == Day("2026-11-10"))
        #expect(LetterType.reminder.escalation == .rectification && LetterType.rectification.escalation == .interview
                && LetterType.interview.escalation == .supervision && LetterType.supervision.escalation == nil)
        guard case .failure(.wrongState) = Self.apply(.escalate, Self.letter(.served, type: .supervision), by: Self.jiading, ["deadline": "2026-11-10"],
                                                      on: "2026-10-21") else { Issue.record("escalated past 挂牌督办"); return }
        #expect(Self.letter(.replied).isIgnored(today: Day("2026-12-01")!) == false, "a replied letter is not ignored")
    }

    @Test func aNewLetterNeedsItsTargetTextsAndAFutureDeadline() {
        var form = StepForm(["type": "rectification", "target": "enterprise", "reason": "短", "requiredActions": "整改", "deadline": "2026-10-01"],
                            specs: LetterKind.draftFields)
        LetterKind.checkDraft(&form, today: Day("2026-10-01")!)
        #expect(Set(form.errors.map(\.field)) == ["reason", "requiredActions", "deadline", "uscc"])
        var byLabel = StepForm(["type": "约谈通知书", "target": "区局", "district": "310114", "reason": "辖区内企业连续两年抽查不合格",
                                "requiredActions": "组织专项整治并报告", "deadline": "2026-10-15"], specs: LetterKind.draftFields)
        LetterKind.checkDraft(&byLabel, today: Day("2026-10-01")!)
        #expect(byLabel.errors.isEmpty && byLabel["type"] == "interview" && byLabel["target"] == "district")
    }
}
