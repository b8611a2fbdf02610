/// The risk alert as a workflow kind (SPEC RK-5): the drafter (the city, or a district bureau for its district) writes
/// and revises the draft and submits it; the city reviews it (审核) and publishes it or returns it; the city withdraws
/// a published alert with a reason. A published 消费提示 is what the portal and the open API show (docs/rules.md §6e).
public enum RiskAlertKind: WorkflowKind {
    public typealias Record = RiskAlert
    public typealias State = AlertState
    public typealias Action = AlertAction
    public typealias Party = AlertParty
    public typealias Context = BasicContext
    public typealias Effects = NoEffects

    public static let name = "risk_alert"
    public static let path = "alerts"
    public static let label = "风险提示与消费提示"

    public static func id(of a: RiskAlert) -> Int64 { a.id }
    public static func version(of a: RiskAlert) -> Int { a.version }
    public static func state(of a: RiskAlert) -> AlertState { a.state }
    public static func stateLabel(_ s: AlertState) -> String { s.label }
    public static func enteredState(of a: RiskAlert) -> Day? { a.enteredOn }
    public static func enter(_ state: AlertState, on day: Day, _ a: inout RiskAlert) {
        a.state = state
        a.enteredOn = day
        switch state {
        case .published: a.publishedOn = day
        case .withdrawn: a.withdrawnOn = day
        default: break
        }
    }
    public static func title(of a: RiskAlert) -> String { "\(a.type.label)\(a.number)" }
    public static func subject(of a: RiskAlert) -> String { a.title }

    public static func includes(_ party: AlertParty, _ p: Principal, _ a: RiskAlert) -> Bool {
        switch party {
        case .drafter: AlertPolicy.drafts(p, districtCode: a.districtCode)
        case .reviewer: RiskPolicy.graderRoles.contains(p.role)
        }
    }

    public static func parties(of role: Role) -> Set<AlertParty> {
        var parties: Set<AlertParty> = []
        if RiskPolicy.graderRoles.contains(role) { parties.formUnion([.drafter, .reviewer]) }
        if role == .districtSupervisor { parties.insert(.drafter) }
        return parties
    }

    /// The texts of a draft, shared by the new-alert form and the revise step.
    public static let textFields = [
        FieldSpec("title", "标题", .text, required: true, maxLength: 60),
        FieldSpec("content", "风险内容", .longText, required: true, maxLength: 3000),
        FieldSpec("advice", "防范建议", .longText, required: true, maxLength: 2000),
        FieldSpec("nationalScope", "涉及全国，审核发布时报告总局", .boolean),
    ]

    /// The form of a new alert: its type and audience, the product and risk item it rests on, then its texts.
    public static let draftFields = [
        FieldSpec("type", "类型", .choice(Choice.of(AlertType.self)), required: true),
        FieldSpec("audience", "提示对象（风险提示）", .choice(AlertAudience.internalOnes.map { Choice(code: $0.rawValue, label: $0.label) })),
        FieldSpec("productCode", "产品编码", .text, maxLength: 20),
        FieldSpec("riskItem", "依据的风险信息编号（如 FX2026-00012）", .text, maxLength: 20),
    ] + textFields

    /// Checks a draft's texts beyond their specs (docs/rules.md §6e).
    public static func checkTexts(_ form: inout StepForm) {
        form.minLength("title", 4, "标题至少4个字")
        form.minLength("content", 20, "请写明风险内容（至少20个字）")
        form.minLength("advice", 10, "请写明防范建议（至少10个字）")
    }

    /// Checks a new alert's form: its texts, and a 风险提示 names its audience.
    public static func checkDraft(_ form: inout StepForm) {
        checkTexts(&form)
        if form["type"] == AlertType.risk.rawValue { form.require("audience", "风险提示请选择提示对象") }
        if let text = form["riskItem"], RiskAlert.id(inNumber: text) == nil { form.fail("riskItem", "风险信息编号应形如 FX2026-00012") }
    }

    public static func step(_ action: AlertAction) -> WorkflowStep<RiskAlertKind> {
        switch action {
        case .revise:
            return WorkflowStep("修改草稿", parties: [.drafter], from: [.draft], to: nil, isDuty: false,
                fields: { _, _ in textFields },
                defaults: { a, _ in ["title": a.title, "content": a.content, "advice": a.advice, "nationalScope": a.nationalScope ? "1" : ""] },
                perform: { w throws(ValidationFailure) in
                    checkTexts(&w.form)
                    try w.form.finish()
                    w.record.title = w.form["title"] ?? w.record.title
                    w.record.content = w.form["content"] ?? w.record.content
                    w.record.advice = w.form["advice"] ?? w.record.advice
                    w.record.nationalScope = w.form.flag("nationalScope")
                    w.summary = "修改草稿：\(w.record.title)"
                })
        case .submit:
            return WorkflowStep("提交审核", parties: [.drafter], from: [.draft], to: .review,
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.summary = "提交审核：\(w.record.title)"
                })
        case .approve:
            return WorkflowStep("审核发布", parties: [.reviewer], from: [.review], to: .published, document: "alert",
                fields: { _, _ in [FieldSpec("approver", "审核人", .text, required: true, maxLength: 50),
                                   FieldSpec("opinion", "审核意见", .longText, maxLength: 500)] },
                due: { _ in .workingDays("alertReviewWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.record.approver = w.form["approver"]
                    let opinion = (w.form["opinion"] ?? "").isEmpty ? "" : "：\(w.form["opinion"] ?? "")"
                    let reach = w.record.isPublic ? "，在公众门户公布" : "，内部发布（\(w.record.audience.label)）"
                    w.summary = "审核通过并发布（审核人：\(w.form["approver"] ?? "")）" + reach + (w.record.nationalScope ? "，报告市场监管总局" : "") + opinion
                })
        case .return:
            return .returning("退回修改", parties: [.reviewer], from: [.review], to: .draft, isDuty: false, minimum: 5,
                              keep: { alert, reason in alert.note = reason })
        case .withdraw:
            return WorkflowStep("撤回", parties: [.reviewer], from: [.published], to: .withdrawn, isDuty: false,
                fields: { _, _ in [FieldSpec("reason", "撤回理由", .longText, required: true, maxLength: 500)] },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("reason", 10, "请写明撤回理由（至少10个字）")
                    try w.form.finish()
                    w.record.note = w.form["reason"]
                    w.summary = "撤回" + (w.record.isPublic ? "（公众门户不再显示）" : "") + "：\(w.form["reason"] ?? "")"
                })
        }
    }
}

public enum AlertParty: String, Sendable, Hashable {
    /// The city, or the district bureau that drafted it, writes and submits.
    case drafter
    /// The city's product-quality division approves, returns and withdraws.
    case reviewer
}

/// Who reads and drafts alerts: every risk reader reads them (a 风险提示 is for regulators); the city drafts any, a
/// district bureau drafts for its own district; only the city approves (RiskPolicy.graderRoles).
public enum AlertPolicy {
    public static func drafts(_ p: Principal, districtCode: String?) -> Bool {
        switch p.role {
        case .cityAdmin, .citySupervisor: true
        case .districtSupervisor: p.districtCode != nil && p.districtCode == districtCode
        default: false
        }
    }

    /// Whether the principal may start a draft at all.
    public static func canDraft(_ p: Principal) -> Bool {
        RiskPolicy.graderRoles.contains(p.role) || (p.role == .districtSupervisor && p.districtCode != nil)
    }
}
