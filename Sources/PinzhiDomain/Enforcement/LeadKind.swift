/// The case lead as a workflow kind (SPEC EN-1): the handler decides within `leadDecisionWorkingDays` working days of
/// receipt whether to file a case (extendable once by `leadExtensionWorkingDays` with an approver named); filing
/// opens the case in the same transaction.
public enum LeadKind: WorkflowKind {
    public typealias Record = CaseLead
    public typealias State = LeadState
    public typealias Action = LeadAction
    public typealias Party = EnforcementParty
    public typealias Context = BasicContext
    public typealias Effects = LeadEffects

    public static let name = "lead"
    public static let path = "leads"
    public static let label = "案件线索"

    public static func id(of l: CaseLead) -> Int64 { l.id }
    public static func version(of l: CaseLead) -> Int { l.version }
    public static func state(of l: CaseLead) -> LeadState { l.state }
    public static func stateLabel(_ s: LeadState) -> String { s.label }
    public static func enteredState(of l: CaseLead) -> Day? { l.receivedOn }
    public static func enter(_ state: LeadState, on day: Day, _ l: inout CaseLead) {
        l.state = state
        if state != .open { l.decidedOn = day }
    }
    public static func title(of l: CaseLead) -> String { "线索\(l.number)" }
    public static func subject(of l: CaseLead) -> String { "\(l.enterpriseName) · \(l.source.label)" }

    public static func includes(_ party: EnforcementParty, _ p: Principal, _ l: CaseLead) -> Bool {
        EnforcementPolicy.handles(p, districtCode: l.districtCode)
    }

    public static func parties(of role: Role) -> Set<EnforcementParty> { EnforcementPolicy.handlerRoles.contains(role) ? [.handler] : [] }

    public static func step(_ action: LeadAction) -> WorkflowStep<LeadKind> {
        let decisionDue: @Sendable (CaseLead) -> Due? = { l in
            l.extended ? .workingDaysPlus("leadDecisionWorkingDays", "leadExtensionWorkingDays") : .workingDays("leadDecisionWorkingDays")
        }
        switch action {
        case .file:
            return WorkflowStep("立案", parties: [.handler], from: [.open], to: .filed,
                fields: { _, _ in [FieldSpec("handler", "办案单位", .choice(Choice.of(CaseHandler.self)), required: true),
                                   FieldSpec("article", "法律依据", .choice(Choice.of(PQLArticle.self)), required: true),
                                   FieldSpec("summary", "立案事由", .longText, required: true, maxLength: 1000)] },
                defaults: { l, _ in ["handler": CaseHandler.district.rawValue, "article": (l.source == .refusal ? PQLArticle.art56 : .art49).rawValue,
                                     "summary": l.summary] },
                due: decisionDue,
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("summary", 10, "请写明立案事由（至少10个字）")
                    try w.form.finish()
                    let handler = w.form["handler"].flatMap(CaseHandler.init(rawValue:)) ?? .district
                    let article = w.form["article"].flatMap(PQLArticle.init(rawValue:))
                    w.effects.newCase = EnforcementCase(leadId: w.record.id, leadSource: w.record.source, batchId: w.record.batchId,
                                                        enterpriseId: w.record.enterpriseId, enterpriseName: w.record.enterpriseName,
                                                        districtCode: w.record.districtCode, handler: handler, article: article,
                                                        summary: w.form["summary"] ?? "", filedOn: w.today,
                                                        decisionDue: w.today.adding(days: w.rules.int("caseDecisionDays")))
                    w.summary = "立案（\(handler.label)，\(article?.shortLabel ?? "")）"
                })
        case .decline:
            return WorkflowStep("不予立案", parties: [.handler], from: [.open], to: .declined,
                fields: { _, _ in [FieldSpec("reason", "不予立案理由", .longText, required: true, maxLength: 1000)] },
                due: decisionDue,
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("reason", 10, "请写明不予立案的理由（至少10个字）")
                    try w.form.finish()
                    w.record.decisionNote = w.form["reason"]
                    w.summary = "不予立案：\(w.form["reason"] ?? "")"
                })
        case .extend:
            return WorkflowStep("延长研判期限", parties: [.handler], from: [.open], to: nil, isDuty: false,
                fields: { _, _ in [FieldSpec("approver", "批准人", .text, required: true, maxLength: 50),
                                   FieldSpec("reason", "延期理由", .longText, required: true, maxLength: 500)] },
                precondition: { l in l.extended ? "该线索已延期一次，不能再次延期" : nil },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.record.extended = true
                    w.summary = "研判期限延长\(w.rules.int("leadExtensionWorkingDays"))个工作日（批准人：\(w.form["approver"] ?? "")）：\(w.form["reason"] ?? "")"
                })
        }
    }
}

/// Filing a lead opens its case, written by the store in the step's transaction.
public struct LeadEffects: StepEffects {
    public var newCase: EnforcementCase?
    public init() {}
}

/// Who handles leads and cases: 执法总队 (the enforcement role) anywhere in the city, a district bureau for the
/// enterprises of its district; the city's supervisors read them all (SPEC ORG-2 scope).
public enum EnforcementPolicy {
    public static let handlerRoles: Set<Role> = [.enforcementOfficer, .districtSupervisor]
    public static let readerRoles: Set<Role> = [.enforcementOfficer, .districtSupervisor, .cityAdmin, .citySupervisor]

    public static func handles(_ p: Principal, districtCode: String?) -> Bool {
        switch p.role {
        case .enforcementOfficer: true
        case .districtSupervisor: p.districtCode != nil && p.districtCode == districtCode
        default: false
        }
    }

    /// The district a reader is limited to: nil for city-wide readers.
    public static func districtScope(_ p: Principal) -> String?? {
        switch p.role {
        case .enforcementOfficer, .cityAdmin, .citySupervisor: .some(nil)
        case .districtSupervisor: .some(p.districtCode ?? "")
        default: nil
        }
    }
}
