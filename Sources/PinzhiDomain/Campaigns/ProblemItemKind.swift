/// The problem-list item as a workflow kind (SPEC CP-4, seed 001 §四6–9; docs/rules.md §5d). A lead from outside the
/// bureau is verified first (`leadVerifyWorkingDays`); the district sets the class and measures with a deadline;
/// a 严重 item is referred for a case and cannot be 销号 without a linked case and the city's approval; the 回头看
/// falls due `problemReviewDays` after 销号 and finds the problem 已巩固 or back (复发 opens a linked new item).
public enum ProblemItemKind: WorkflowKind {
    public typealias Record = ProblemItem
    public typealias State = ProblemState
    public typealias Action = ProblemAction
    public typealias Party = ProblemParty
    public typealias Context = ProblemContext
    public typealias Effects = ProblemEffects

    public static let name = "problem_item"
    public static let path = "problem-items"
    public static let label = "问题清单"

    public static func id(of i: ProblemItem) -> Int64 { i.id }
    public static func version(of i: ProblemItem) -> Int { i.version }
    public static func state(of i: ProblemItem) -> ProblemState { i.state }
    public static func stateLabel(_ s: ProblemState) -> String { s.label }
    public static func enteredState(of i: ProblemItem) -> Day? { i.enteredOn }
    public static func enter(_ state: ProblemState, on day: Day, _ i: inout ProblemItem) {
        i.state = state
        i.enteredOn = day
        if state == .closed { i.closedOn = day }
    }
    public static func title(of i: ProblemItem) -> String { "问题\(i.number)" }
    public static func subject(of i: ProblemItem) -> String { [i.enterpriseName, i.productName].compactMap { $0 }.joined(separator: " · ") }

    public static func includes(_ party: ProblemParty, _ p: Principal, _ i: ProblemItem) -> Bool {
        switch party {
        case .district: AssistancePolicy.organises(p, districtCode: i.districtCode)
        case .city: [.cityAdmin, .citySupervisor].contains(p.role)
        // 销号 of a 严重 item is the city's; of a 一般 item, the district's.
        case .closer: i.severity == .serious ? [.cityAdmin, .citySupervisor].contains(p.role) : AssistancePolicy.organises(p, districtCode: i.districtCode)
        case .enterprise: p.role == .enterpriseUser && p.enterpriseId == i.enterpriseId
        }
    }

    public static func parties(of role: Role) -> Set<ProblemParty> {
        switch role {
        case .cityAdmin, .citySupervisor: [.district, .city, .closer]
        case .districtSupervisor: [.district, .closer]
        case .enterpriseUser: [.enterprise]
        default: []
        }
    }

    static let open: Set<ProblemState> = [.verifying, .listed, .rectifying, .awaitingClosure]

    public static func step(_ action: ProblemAction) -> WorkflowStep<ProblemItemKind> {
        switch action {
        case .verify:
            return WorkflowStep("核查", parties: [.district], from: [.verifying], to: .listed,
                fields: { _, _ in [FieldSpec("founded", "核查结论", .choice([Choice(code: "yes", label: "属实"), Choice(code: "no", label: "不属实")]), required: true),
                                   FieldSpec("finding", "核查情况", .longText, required: true, maxLength: 1000)] },
                due: { _ in .workingDays("leadVerifyWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("finding", 6, "请写明核查情况（至少6个字）")
                    try w.form.finish()
                    let founded = w.form["founded"] == "yes"
                    // 不属实 leaves the list with its reason; 属实 lists it (001 §四7).
                    if !founded { w.target = .unfounded }
                    w.summary = (founded ? "核查属实，列入问题清单：" : "核查不属实：") + (w.form["finding"] ?? "")
                })
        case .plan:
            return WorkflowStep("制定整治措施", parties: [.district], from: [.listed], to: .rectifying,
                fields: { _, _ in
                    [FieldSpec("severity", "问题类别", .choice(Choice.of(ProblemSeverity.self)), required: true)]
                        + ProblemMeasure.allCases.map { FieldSpec("m_\($0.rawValue)", $0.label, .boolean) }
                        + [FieldSpec("responsibleOrganisation", "责任单位", required: true, maxLength: 100),
                           FieldSpec("responsiblePerson", "责任人", required: true, maxLength: 50),
                           FieldSpec("deadline", "整治期限", .date, required: true)]
                },
                due: { _ in .workingDays("problemPlanWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    let severity = w.form["severity"].flatMap(ProblemSeverity.init(rawValue:))
                    let measures = ProblemMeasure.allCases.filter { w.form.flag("m_\($0.rawValue)") }
                    if let severity {
                        let missing = severity.requiredMeasures.filter { !measures.contains($0) }
                        if !missing.isEmpty {
                            w.form.fail("severity", "\(severity.label)问题的整治措施应包括：\(missing.map(\.label).joined(separator: "、"))")
                        }
                    }
                    if let deadline = w.form.day("deadline"), deadline <= w.today { w.form.fail("deadline", "整治期限应晚于今天（\(w.today)）") }
                    try w.form.finish()
                    w.record.severity = severity
                    w.record.measures = measures
                    w.record.responsibleOrganisation = w.form["responsibleOrganisation"]
                    w.record.responsiblePerson = w.form["responsiblePerson"]
                    w.record.deadline = w.form["deadline"].flatMap(Day.init)
                    w.summary = "定为\(severity?.label ?? "")问题，措施：\(measures.map(\.label).joined(separator: "、"))；期限\(w.record.deadline?.description ?? "")"
                })
        case .analyse:
            return WorkflowStep("提交原因分析", parties: [.enterprise, .district], from: [.rectifying], to: nil,
                fields: { _, _ in [FieldSpec("rootCause", "问题原因分析及整改措施", .longText, required: true, maxLength: 2000)] },
                precondition: { i in i.measures.contains(.rootCause) && i.rootCause == nil ? nil : "该问题无需或已提交企业原因分析" },
                // The analysis comes before the item can be put up for 销号: it is due by the item's deadline.
                due: { i in .on(i.deadline) },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("rootCause", 10, "请写明问题原因和整改措施（至少10个字）")
                    try w.form.finish()
                    w.record.rootCause = w.form["rootCause"]
                    w.summary = "原因分析：\(w.form["rootCause"] ?? "")"
                })
        case .refer:
            return WorkflowStep("移送立案", parties: [.district], from: [.listed, .rectifying], to: nil, isDuty: false,
                fields: { _, _ in [FieldSpec("facts", "涉嫌违法事实", .longText, required: true, maxLength: 1000)] },
                precondition: { i in i.leadId == nil && i.caseId == nil ? nil : "该问题已移送立案" },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("facts", 10, "请写明涉嫌违法事实（至少10个字）")
                    try w.form.finish()
                    // The lead goes to enforcement's list (source 问题清单); the case it becomes is linked here.
                    w.effects.lead = w.form["facts"]
                    w.summary = "移送执法立案查处：\(w.form["facts"] ?? "")"
                })
        case .linkCase:
            return WorkflowStep("关联案件", parties: [.district], from: [.rectifying, .awaitingClosure], to: nil, isDuty: false,
                fields: { _, context in
                    [FieldSpec("caseId", "立案查处的案件", .choice((context?.cases ?? []).map { Choice(code: String($0.id), label: "\($0.number)（\($0.state)）") }),
                               required: true)]
                },
                precondition: { i in i.caseId == nil ? nil : "已关联案件\(i.caseNumber ?? "")" },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    guard let chosen = w.context.cases.first(where: { String($0.id) == w.form["caseId"] }) else {
                        return w.refuse("该企业没有可关联的案件")
                    }
                    w.record.caseId = chosen.id
                    w.record.caseNumber = chosen.number
                    w.summary = "关联案件\(chosen.number)"
                })
        case .submit:
            return WorkflowStep("申请销号", parties: [.district], from: [.rectifying], to: .awaitingClosure,
                fields: { _, _ in [FieldSpec("closureEvidence", "整治完成情况及销号依据", .longText, required: true, maxLength: 2000)] },
                precondition: { i in
                    if i.severity == .serious && i.caseId == nil { return "严重问题须先关联立案查处的案件，才能申请销号" }
                    if i.measures.contains(.rootCause) && i.rootCause == nil { return "须先提交企业的问题原因分析" }
                    return nil
                },
                due: { i in .on(i.deadline) },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("closureEvidence", 10, "请写明整治完成情况及依据（至少10个字）")
                    try w.form.finish()
                    w.record.closureEvidence = w.form["closureEvidence"]
                    w.summary = "申请销号：\(w.form["closureEvidence"] ?? "")"
                })
        case .close:
            return WorkflowStep("销号", parties: [.closer], from: [.awaitingClosure], to: .closed,
                precondition: { i in i.severity == .serious && i.caseId == nil ? "严重问题未关联案件，不能销号" : nil },
                due: { _ in .workingDays("problemCloseWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.record.reviewDue = w.today.adding(days: w.rules.int("problemReviewDays"))
                    w.summary = w.record.severity == .serious ? "市局批准销号（严重问题，已关联案件\(w.record.caseNumber ?? "")）" : "销号"
                })
        case .reopen:
            return .returning("退回整治", parties: [.closer], from: [.awaitingClosure], to: .rectifying, isDuty: false)
        case .review:
            return WorkflowStep("回头看", parties: [.district], from: [.closed], to: .consolidated,
                fields: { _, _ in [FieldSpec("result", "回头看结果", .choice([Choice(code: "consolidated", label: "已巩固"), Choice(code: "relapsed", label: "复发")]),
                                             required: true),
                                   FieldSpec("finding", "回头看情况", .longText, required: true, maxLength: 1000)] },
                timing: { i, today in
                    guard let due = i.reviewDue else { return "尚未销号" }
                    return today >= due ? nil : "回头看自\(due)起进行"
                },
                due: { i in .on(i.reviewDue) },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("finding", 6, "请写明回头看情况（至少6个字）")
                    try w.form.finish()
                    let relapsed = w.form["result"] == "relapsed"
                    w.record.reviewFinding = w.form["finding"]
                    if relapsed {
                        // 复发 opens a new item, linked to this one, for the district to set measures again.
                        w.target = .relapsed
                        w.effects.relapse = true
                    }
                    w.summary = "回头看：\(relapsed ? "复发" : "已巩固")，\(w.form["finding"] ?? "")"
                })
        case .carryOver:
            return WorkflowStep("批准结转", parties: [.city], from: open, to: nil, isDuty: false,
                fields: { _, _ in [FieldSpec("reason", "结转理由", .longText, required: true, maxLength: 500)] },
                precondition: { i in i.carriedOver == nil ? nil : "已批准结转" },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("reason", 6, "请写明结转理由（至少6个字）")
                    try w.form.finish()
                    w.record.carriedOver = w.form["reason"]
                    w.summary = "市局批准结转：\(w.form["reason"] ?? "")"
                })
        }
    }
}

public enum ProblemAction: String, Sendable, Codable, CaseIterable {
    case verify
    case plan
    case analyse
    case refer
    case linkCase = "link_case"
    case submit
    case close
    case reopen
    case review
    case carryOver = "carry_over"
}

public enum ProblemParty: String, Sendable, Hashable {
    /// The item's district bureau, or the city.
    case district
    /// The city bureau alone (结转).
    case city
    /// Who 销号: the city for a 严重 item, else the district.
    case closer
    /// The enterprise, for its root-cause analysis.
    case enterprise
}

/// A case of the item's enterprise that may be linked (关联案件).
public struct LinkableCase: Sendable, Equatable {
    public var id: Int64
    public var number: String
    public var state: String

    public init(id: Int64, number: String, state: String) {
        self.id = id
        self.number = number
        self.state = state
    }
}

public struct ProblemContext: WorkflowContext {
    public var today: Day
    public var rules: RuleSet
    public var calendar: WorkingDayCalendar
    public var cases: [LinkableCase]

    public init(today: Day, rules: RuleSet, calendar: WorkingDayCalendar, cases: [LinkableCase] = []) {
        self.today = today
        self.rules = rules
        self.calendar = calendar
        self.cases = cases
    }
}

/// What a step asks the store to write besides the item: a case lead (移送立案), a new linked item (复发).
public struct ProblemEffects: StepEffects {
    public var lead: String?
    public var relapse = false
    public init() {}
}

public enum ProblemPolicy {
    /// Who reads problem items: the bureau (a district its own), enforcement (it takes the cases), the enterprise
    /// its own.
    public static let readerRoles: Set<Role> = [.cityAdmin, .citySupervisor, .districtSupervisor, .enforcementOfficer, .enterpriseUser]
}
