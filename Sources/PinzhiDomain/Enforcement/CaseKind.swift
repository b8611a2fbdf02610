/// The enforcement case as a workflow kind (SPEC EN-1). Each step is one value below; the decision is due by
/// `decisionDue` (filing + `caseDecisionDays`, + `caseExtensionDays` once extended); a fine outside the article's
/// range is kept with a warning on the timeline; a judicial referral records its 3-day decision and 24-hour
/// transfer clocks (State Council Order 310) and a fine never stands in for it; 行纪衔接 is recorded on the case. A
/// decision marked 情节严重 and a referral to the police notify the issuers of the enterprise's certificates (EN-2).
public enum CaseKind: WorkflowKind {
    public typealias Record = EnforcementCase
    public typealias State = CaseState
    public typealias Action = CaseAction
    public typealias Party = EnforcementParty
    public typealias Context = BasicContext
    public typealias Effects = CaseEffects

    public static let name = "case"
    public static let path = "cases"
    public static let label = "案件"

    public static func id(of c: EnforcementCase) -> Int64 { c.id }
    public static func version(of c: EnforcementCase) -> Int { c.version }
    public static func state(of c: EnforcementCase) -> CaseState { c.state }
    public static func stateLabel(_ s: CaseState) -> String { s.label }
    public static func enteredState(of c: EnforcementCase) -> Day? { c.enteredOn }
    public static func enter(_ state: CaseState, on day: Day, _ c: inout EnforcementCase) {
        c.state = state
        c.enteredOn = day
        if state == .closed || state == .noPenalty || state == .referred { c.closedOn = day }
    }
    public static func title(of c: EnforcementCase) -> String { "案件\(c.number)" }
    public static func subject(of c: EnforcementCase) -> String { "\(c.enterpriseName) · \(c.article?.shortLabel ?? c.leadSource.label)" }

    public static func includes(_ party: EnforcementParty, _ p: Principal, _ c: EnforcementCase) -> Bool {
        p.role == .enforcementOfficer || (c.handler == .district && EnforcementPolicy.handles(p, districtCode: c.districtCode))
    }

    public static func parties(of role: Role) -> Set<EnforcementParty> { EnforcementPolicy.handlerRoles.contains(role) ? [.handler] : [] }

    static func amount(_ key: String, _ label: String, required: Bool = false) -> FieldSpec {
        FieldSpec(key, label + "（元）", .decimal, required: required)
    }

    /// Reads a non-negative amount of the form.
    static func amount(_ w: inout StepWork<CaseKind>, _ key: String) -> Double? {
        guard let v = w.form[key].flatMap(Double.init), v.isFinite else { return nil }
        if v < 0 { w.form.fail(key, "金额不能为负数") }
        // A trillion yuan is beyond any case; a bigger figure is a typing slip.
        if v > 1e12 { w.form.fail(key, "金额超出合理范围（不超过1万亿元）") }
        return v
    }

    public static func step(_ action: CaseAction) -> WorkflowStep<CaseKind> {
        let byDecision: @Sendable (EnforcementCase) -> Due? = { c in .on(c.decisionDue) }
        switch action {
        case .investigate:
            return WorkflowStep("开始调查", parties: [.handler], from: [.filed], to: .investigating, due: byDecision,
                perform: { w throws(ValidationFailure) in try w.form.finish() })
        case .review:
            return WorkflowStep("调查终结，提交审核", parties: [.handler], from: [.investigating], to: .reviewing,
                fields: { _, _ in [FieldSpec("article", "法律依据", .choice(Choice.of(PQLArticle.self)), required: true),
                                   amount("goodsValue", "货值金额", required: true), amount("caseValue", "案值"),
                                   FieldSpec("findings", "调查终结报告要点", .longText, required: true, maxLength: 2000)] },
                defaults: { c, _ in ["article": c.article?.rawValue ?? ""] },
                due: byDecision,
                perform: { w throws(ValidationFailure) in
                    let goods = amount(&w, "goodsValue")
                    let value = amount(&w, "caseValue")
                    try w.form.finish()
                    w.record.article = w.form["article"].flatMap(PQLArticle.init(rawValue:))
                    w.record.goodsValue = goods
                    w.record.caseValue = value ?? goods
                    w.summary = "调查终结，货值金额\(Money.text(goods ?? 0))元，提交审核"
                })
        case .notify:
            return WorkflowStep("行政处罚告知", parties: [.handler], from: [.reviewing], to: .notified,
                fields: { _, _ in [amount("fine", "拟罚款", required: true), amount("confiscation", "拟没收违法所得")] },
                due: byDecision,
                perform: { w throws(ValidationFailure) in
                    let fine = amount(&w, "fine") ?? 0
                    let confiscation = amount(&w, "confiscation")
                    try w.form.finish()
                    w.record.fine = fine
                    w.record.confiscation = confiscation
                    w.summary = "告知拟罚款\(Money.text(fine))元" + (confiscation.map { "、没收违法所得\(Money.text($0))元" } ?? "")
                        + (w.record.article?.fineWarning(fine: fine, goodsValue: w.record.goodsValue).map { "。注意：\($0)" } ?? "")
                })
        case .decide:
            return WorkflowStep("作出处罚决定", parties: [.handler], from: [.notified], to: .decided, document: "case-decision",
                fields: { _, _ in [amount("fine", "罚款", required: true), amount("confiscation", "没收违法所得"),
                                   FieldSpec("decidedOn", "决定日期", .date, required: true),
                                   FieldSpec("serious", "情节严重（通报企业持有的生产许可证、CCC证书的发证机关）",
                                             .choice([Choice(code: "no", label: "否"), Choice(code: "yes", label: "是")]))] },
                defaults: { c, today in ["fine": c.fine.map(Money.text) ?? "", "confiscation": c.confiscation.map(Money.text) ?? "",
                                         "decidedOn": today.description] },
                due: byDecision,
                perform: { w throws(ValidationFailure) in
                    let fine = amount(&w, "fine") ?? 0
                    let confiscation = amount(&w, "confiscation")
                    let day = w.form.day("decidedOn", notAfter: w.today)
                    if let day, day < w.record.filedOn { w.form.fail("decidedOn", "决定日期不能早于立案日期（\(w.record.filedOn)）") }
                    try w.form.finish()
                    w.record.fine = fine
                    w.record.confiscation = confiscation
                    w.record.decidedOn = day
                    let late = day.map { $0 > w.record.decisionDue } == true ? "（超过办案期限\(w.record.decisionDue)）" : ""
                    if w.form["serious"] == "yes" {
                        w.effects.notifyIssuers = "案件\(w.record.number)（\(w.record.article?.shortLabel ?? "")）作出行政处罚决定，情节严重"
                    }
                    w.summary = "处罚决定：罚款\(Money.text(fine))元，罚没合计\(Money.text(w.record.penaltyTotal))元\(late)"
                        + (w.form["serious"] == "yes" ? "；情节严重，通报发证机关" : "")
                        + (w.record.article?.fineWarning(fine: fine, goodsValue: w.record.goodsValue).map { "。注意：\($0)" } ?? "")
                })
        case .serve:
            return WorkflowStep("送达决定书", parties: [.handler], from: [.decided], to: .served,
                fields: { _, _ in [FieldSpec("servedOn", "送达日期", .date, required: true)] },
                defaults: { _, today in ["servedOn": today.description] },
                due: { _ in .workingDays("caseServiceWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    let day = w.form.day("servedOn", notAfter: w.today)
                    if let day, let decided = w.record.decidedOn, day < decided { w.form.fail("servedOn", "送达日期不能早于决定日期（\(decided)）") }
                    try w.form.finish()
                    w.summary = "决定书已送达（\(day?.description ?? "")）"
                })
        case .execute:
            return WorkflowStep("登记执行", parties: [.handler], from: [.served], to: .executing,
                fields: { _, _ in [amount("paid", "已缴罚没款", required: true)] },
                perform: { w throws(ValidationFailure) in
                    let paid = amount(&w, "paid") ?? 0
                    if paid > w.record.penaltyTotal + 0.005 { w.form.fail("paid", "已缴金额不能超过罚没合计\(Money.text(w.record.penaltyTotal))元") }
                    try w.form.finish()
                    w.summary = "执行：已缴罚没款\(Money.text(paid))元"
                })
        case .close:
            return WorkflowStep("结案", parties: [.handler], from: [.executing], to: .closed,
                fields: { _, _ in [FieldSpec("report", "结案报告要点", .longText, required: true, maxLength: 1000)] },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.summary = "结案：\(w.form["report"] ?? "")"
                })
        case .noPenalty:
            return WorkflowStep("不予处罚", parties: [.handler], from: [.reviewing, .notified], to: .noPenalty, isDuty: false,
                fields: { _, _ in [FieldSpec("reason", "不予处罚理由及依据", .longText, required: true, maxLength: 1000)] },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("reason", 10, "请写明不予处罚的理由及依据（至少10个字）")
                    try w.form.finish()
                    w.record.fine = nil
                    w.record.confiscation = nil
                    w.summary = "不予处罚：\(w.form["reason"] ?? "")"
                })
        case .refer:
            return WorkflowStep("移送公安机关", parties: [.handler], from: CaseState.beforeDecision, to: .referred, isDuty: false, document: "case-referral",
                fields: { _, _ in [FieldSpec("proposedOn", "提请移送日期", .date, required: true),
                                   FieldSpec("decidedOn", "批准移送日期", .date, required: true),
                                   FieldSpec("referredOn", "移送日期", .date, required: true),
                                   FieldSpec("police", "接收的公安机关", .text, required: true, maxLength: 100),
                                   FieldSpec("reason", "涉嫌犯罪的事实", .longText, required: true, maxLength: 2000)] },
                defaults: { _, today in ["proposedOn": today.description, "decidedOn": today.description, "referredOn": today.description] },
                perform: { w throws(ValidationFailure) in
                    let proposed = w.form.day("proposedOn", notAfter: w.today)
                    let decided = w.form.day("decidedOn", notAfter: w.today)
                    let referred = w.form.day("referredOn", notAfter: w.today)
                    if let proposed, let decided, decided < proposed { w.form.fail("decidedOn", "批准日期不能早于提请日期") }
                    if let decided, let referred, referred < decided { w.form.fail("referredOn", "移送日期不能早于批准日期") }
                    try w.form.finish()
                    w.record.referralDecidedOn = decided
                    w.record.referredOn = referred
                    w.effects.notifyIssuers = "案件\(w.record.number)涉嫌犯罪，已移送\(w.form["police"] ?? "公安机关")"
                    var late: [String] = []
                    // Order 310 art. 5, 8: the decision within 3 days of the proposal, the transfer within 24 hours of it.
                    if let proposed, let decided, decided > proposed.adding(days: w.rules.int("referralDecisionDays")) {
                        late.append("批准超过\(w.rules.int("referralDecisionDays"))日时限")
                    }
                    if let decided, let referred, referred > decided.adding(days: Int((w.rules.value("referralTransferHours") / 24).rounded(.up))) {
                        late.append("移送超过\(w.rules.int("referralTransferHours"))小时时限")
                    }
                    w.summary = "移送\(w.form["police"] ?? "")（涉嫌犯罪，不以罚代刑）" + (late.isEmpty ? "" : "；注意：" + late.joined(separator: "，"))
                })
        case .extend:
            return WorkflowStep("延长办案期限", parties: [.handler], from: CaseState.beforeDecision, to: nil, isDuty: false,
                fields: { _, _ in [FieldSpec("approver", "批准人", .text, required: true, maxLength: 50),
                                   FieldSpec("reason", "延期理由", .longText, required: true, maxLength: 500)] },
                precondition: { c in c.extended ? "该案件已延长一次办案期限" : nil },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.record.extended = true
                    w.record.decisionDue = w.record.decisionDue.adding(days: w.rules.int("caseExtensionDays"))
                    w.summary = "办案期限延长\(w.rules.int("caseExtensionDays"))日至\(w.record.decisionDue)（批准人：\(w.form["approver"] ?? "")）"
                })
        case .sendToDiscipline:
            return WorkflowStep("行纪衔接：移送纪委监委", parties: [.handler], from: Set(CaseState.allCases), to: nil, isDuty: false,
                fields: { _, _ in [FieldSpec("sentOn", "移送日期", .date, required: true),
                                   FieldSpec("clue", "涉及公职人员的问题线索", .longText, required: true, maxLength: 1000)] },
                defaults: { _, today in ["sentOn": today.description] },
                precondition: { c in c.disciplineSentOn != nil ? "该案件的问题线索已移送纪委监委" : nil },
                perform: { w throws(ValidationFailure) in
                    let day = w.form.day("sentOn", notAfter: w.today)
                    try w.form.finish()
                    w.record.disciplineSentOn = day
                    w.summary = "问题线索移送纪委监委：\(w.form["clue"] ?? "")"
                })
        case .disciplineFeedback:
            return WorkflowStep("登记纪委监委反馈", parties: [.handler], from: Set(CaseState.allCases), to: nil, isDuty: false,
                fields: { _, _ in [FieldSpec("feedback", "反馈情况", .longText, required: true, maxLength: 1000)] },
                precondition: { c in c.disciplineSentOn == nil ? "尚未移送纪委监委" : c.disciplineFeedback != nil ? "已登记反馈" : nil },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.record.disciplineFeedback = w.form["feedback"]
                    w.summary = "纪委监委反馈：\(w.form["feedback"] ?? "")"
                })
        }
    }
}
