/// "三书一函" as a workflow kind (SPEC EN-3, 003 §十四). The issuing bureau drafts, submits, signs and sends; the
/// enterprise or district bureau addressed acknowledges and replies by the letter's deadline from its own account;
/// the issuer verifies the reply (within `letterVerificationWorkingDays` working days) and closes the letter 销号.
/// A letter ignored past its deadline may be escalated to the next, stronger one (提醒敦促 → 责令整改 → 约谈 → 挂牌督办),
/// drafted in the same transaction. An 约谈通知书 is verified only once its 约谈记录 is entered.
public enum LetterKind: WorkflowKind {
    public typealias Record = Letter
    public typealias State = LetterState
    public typealias Action = LetterAction
    public typealias Party = LetterParty
    public typealias Context = BasicContext
    public typealias Effects = LetterEffects

    public static let name = "letter"
    public static let path = "letters"
    public static let label = "三书一函"

    public static func id(of l: Letter) -> Int64 { l.id }
    public static func version(of l: Letter) -> Int { l.version }
    public static func state(of l: Letter) -> LetterState { l.state }
    public static func stateLabel(_ s: LetterState) -> String { s.label }
    public static func enteredState(of l: Letter) -> Day? { l.enteredOn }
    public static func enter(_ state: LetterState, on day: Day, _ l: inout Letter) {
        l.state = state
        l.enteredOn = day
        switch state {
        case .issued: l.issuedOn = day
        case .closed, .escalated: l.closedOn = day
        default: break
        }
    }
    public static func title(of l: Letter) -> String { "\(l.type.label)\(l.number)" }
    public static func subject(of l: Letter) -> String { l.addressee }

    public static func includes(_ party: LetterParty, _ p: Principal, _ l: Letter) -> Bool {
        switch party {
        case .issuer: LetterPolicy.isIssuer(p, l)
        case .target: !LetterState.unsent.contains(l.state) && LetterPolicy.isTarget(p, l)
        }
    }

    public static func parties(of role: Role) -> Set<LetterParty> {
        switch role {
        case .cityAdmin, .citySupervisor: [.issuer]
        case .districtSupervisor: [.issuer, .target]
        case .enterpriseUser: [.target]
        default: []
        }
    }

    public static func step(_ action: LetterAction) -> WorkflowStep<LetterKind> {
        let byDeadline: @Sendable (Letter) -> Due? = { l in .on(l.deadline) }
        switch action {
        case .submit:
            return WorkflowStep("提交审批", parties: [.issuer], from: [.draft], to: .approval,
                timing: { l, today in l.deadline < today ? "回复期限（\(l.deadline)）已过，请先修改期限" : nil })
        case .approve:
            return WorkflowStep("签发", parties: [.issuer], from: [.approval], to: .issued, document: "letter",
                fields: { _, _ in [FieldSpec("signer", "签发人", .text, required: true, maxLength: 50)] },
                timing: { l, today in l.deadline < today ? "回复期限（\(l.deadline)）已过，请退回修改后再签发" : nil },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.record.signer = w.form["signer"]
                    w.summary = "签发并发出（签发人：\(w.form["signer"] ?? "")），回复期限\(w.record.deadline)"
                })
        case .reject:
            return WorkflowStep("退回修改", parties: [.issuer], from: [.approval], to: .draft, isDuty: false,
                fields: { _, _ in [FieldSpec("reason", "退回理由", .longText, required: true, maxLength: 500),
                                   FieldSpec("deadline", "新的回复期限", .date)] },
                perform: { w throws(ValidationFailure) in
                    let day = w.form.day("deadline")
                    if let day, day <= w.today { w.form.fail("deadline", "回复期限应晚于今天（\(w.today)）") }
                    try w.form.finish()
                    if let day { w.record.deadline = day }
                    w.summary = "退回修改：\(w.form["reason"] ?? "")" + (day.map { "；回复期限改为\($0)" } ?? "")
                })
        case .serve:
            return WorkflowStep("签收", parties: [.target, .issuer], from: [.issued], to: .served,
                fields: { _, _ in [FieldSpec("servedOn", "送达日期", .date, required: true)] },
                defaults: { _, today in ["servedOn": today.description] },
                due: byDeadline,
                perform: { w throws(ValidationFailure) in
                    let day = w.form.day("servedOn", notAfter: w.today)
                    if let day, let issued = w.record.issuedOn, day < issued { w.form.fail("servedOn", "送达日期不能早于发出日期（\(issued)）") }
                    try w.form.finish()
                    w.record.servedOn = day
                    w.summary = "已送达（\(day?.description ?? "")）"
                })
        case .interview:
            return WorkflowStep("记录约谈", parties: [.issuer], from: [.served, .replied], to: nil,
                fields: { _, _ in [FieldSpec("heldOn", "约谈日期", .date, required: true),
                                   FieldSpec("attendees", "参加人员", .text, required: true, maxLength: 200),
                                   FieldSpec("record", "约谈记录", .longText, required: true, maxLength: 3000)] },
                defaults: { _, today in ["heldOn": today.description] },
                precondition: { l in l.type != .interview ? "只有约谈通知书需要记录约谈" : l.interviewRecord != nil ? "约谈记录已登记" : nil },
                due: byDeadline,
                perform: { w throws(ValidationFailure) in
                    let day = w.form.day("heldOn", notAfter: w.today)
                    w.form.minLength("record", 10, "请写明约谈情况（至少10个字）")
                    try w.form.finish()
                    w.record.interviewRecord = "\(day?.description ?? "")，参加人员：\(w.form["attendees"] ?? "")。\(w.form["record"] ?? "")"
                    w.summary = "约谈记录：\(w.record.interviewRecord ?? "")"
                })
        case .reply:
            return WorkflowStep("回复", parties: [.target], from: [.issued, .served], to: .replied,
                fields: { _, _ in [FieldSpec("reply", "回复内容（整改情况、采取的措施）", .longText, required: true, maxLength: 3000)] },
                due: byDeadline,
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("reply", 10, "请写明整改情况（至少10个字）")
                    try w.form.finish()
                    // Replying is receipt too: a letter answered was delivered.
                    if w.record.servedOn == nil { w.record.servedOn = w.today }
                    w.record.reply = w.form["reply"]
                    w.record.repliedOn = w.today
                    w.summary = "回复" + (w.today > w.record.deadline ? "（逾期，期限\(w.record.deadline)）" : "") + "：\(w.form["reply"] ?? "")"
                })
        case .verify:
            return WorkflowStep("核验", parties: [.issuer], from: [.replied], to: .verified,
                fields: { _, _ in [FieldSpec("result", "核验结论", .choice([Choice(code: "pass", label: "整改到位"), Choice(code: "fail", label: "整改不到位，退回")]),
                                             required: true),
                                   FieldSpec("note", "核验情况", .longText, required: true, maxLength: 1000),
                                   FieldSpec("deadline", "退回后的回复期限", .date)] },
                due: { _ in .workingDays("letterVerificationWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    let passed = w.form["result"] == "pass"
                    let day = w.form.day("deadline")
                    if passed, w.record.type == .interview, w.record.interviewRecord == nil {
                        w.form.fail("result", "约谈通知书须先记录约谈情况，再核验")
                    }
                    if !passed {
                        if day == nil { w.form.fail("deadline", "退回时请给出新的回复期限") }
                        if let day, day <= w.today { w.form.fail("deadline", "回复期限应晚于今天（\(w.today)）") }
                    }
                    try w.form.finish()
                    w.record.verificationNote = w.form["note"]
                    if passed {
                        w.record.verifiedOn = w.today
                        w.summary = "核验：整改到位。\(w.form["note"] ?? "")"
                    } else {
                        // Back to the target for another reply, by the new deadline.
                        w.target = .served
                        if let day { w.record.deadline = day }
                        w.summary = "核验：整改不到位，退回重新整改（回复期限\(w.record.deadline)）。\(w.form["note"] ?? "")"
                    }
                })
        case .close:
            return WorkflowStep("销号", parties: [.issuer], from: [.verified], to: .closed,
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.summary = "销号"
                })
        case .escalate:
            return WorkflowStep("逾期未回复，升级督办", parties: [.issuer], from: LetterState.awaitingReply, to: .escalated,
                fields: { l, _ in [FieldSpec("deadline", "升级后\(l.type.escalation?.label ?? "")的回复期限", .date, required: true),
                                   FieldSpec("note", "升级说明", .longText, maxLength: 500)] },
                precondition: { l in l.type.escalation == nil ? "挂牌督办通知书已是最高一级，不能再升级" : nil },
                timing: { l, today in l.isIgnored(today: today) ? nil : "回复期限（\(l.deadline)）未过，不能升级" },
                perform: { w throws(ValidationFailure) in
                    let day = w.form.day("deadline")
                    if let day, day <= w.today { w.form.fail("deadline", "回复期限应晚于今天（\(w.today)）") }
                    try w.form.finish()
                    guard let next = w.record.type.escalation, let day else { return }
                    let l = w.record
                    w.effects.escalation = Letter(type: next, target: l.target, enterpriseId: l.enterpriseId, enterpriseName: l.enterpriseName,
                                                  districtCode: l.districtCode, issuerDistrict: l.issuerDistrict,
                                                  reason: "\(l.type.label)\(l.number)逾期（期限\(l.deadline)）未回复。原因：\(l.reason)",
                                                  requiredActions: l.requiredActions, deadline: day, linkedRecords: l.linkedRecords,
                                                  createdOn: w.today, escalatedFrom: l.id)
                    w.summary = "逾期未回复（期限\(l.deadline)），升级为\(next.label)" + ((w.form["note"] ?? "").isEmpty ? "" : "：\(w.form["note"] ?? "")")
                })
        }
    }

    /// The form of a new letter; the store checks the target against the issuer (LetterPolicy.refusal).
    public static let draftFields: [FieldSpec] = [
        FieldSpec("type", "文书类型", .choice(Choice.of(LetterType.self)), required: true),
        FieldSpec("target", "发送对象", .choice(Choice.of(LetterTarget.self)), required: true),
        FieldSpec("uscc", "企业统一社会信用代码（发往企业时）", .text, maxLength: 18),
        FieldSpec("district", "区局（发往区局时）", .choice(District.all.map { Choice(code: $0.code, label: $0.name) })),
        FieldSpec("reason", "事由", .longText, required: true, maxLength: 2000),
        FieldSpec("requiredActions", "要求事项", .longText, required: true, maxLength: 2000),
        FieldSpec("deadline", "回复期限", .date, required: true),
        FieldSpec("linkedRecords", "关联记录（批次、案件、问题编号）", .text, maxLength: 200),
    ]

    /// Checks a new letter's form beyond its field specs: texts long enough, a deadline after today, the target's key
    /// (the API names the enterprise by id instead of its USCC: `enterpriseGiven`).
    public static func checkDraft(_ form: inout StepForm, today: Day, enterpriseGiven: Bool = false) {
        form.minLength("reason", 10, "请写明事由（至少10个字）")
        form.minLength("requiredActions", 5, "请写明要求事项（至少5个字）")
        if let day = form.day("deadline"), day <= today { form.fail("deadline", "回复期限应晚于今天（\(today)）") }
        switch form["target"].flatMap(LetterTarget.init(rawValue:)) {
        case .enterprise?: if !enterpriseGiven { form.require("uscc", "发往企业时请填写统一社会信用代码") }
        case .district?: form.require("district", "发往区局时请选择区局")
        case nil: break
        }
    }
}

/// Escalating a letter drafts the stronger one, written by the store in the step's transaction.
public struct LetterEffects: StepEffects {
    public var escalation: Letter?
    public init() {}
}
