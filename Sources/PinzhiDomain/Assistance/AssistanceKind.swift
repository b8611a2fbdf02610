/// The assistance case as a workflow kind (SPEC TA-2, seed 000 §二–§四; docs/rules.md §5a). The district (or the
/// city) assigns experts drawn for the case — the store draws them without a declared conflict and passes them in
/// the context —; an assigned expert accepts or declines from its own account, visits, and issues the 诊断书; the
/// enterprise acknowledges it; experts and the district follow the rectification; the enterprise rates the help;
/// the district closes the case with its outcome; `revisitMonths` after closure the 回头帮 revisit falls on the
/// district's to-do list.
public enum AssistanceKind: WorkflowKind {
    public typealias Record = AssistanceCase
    public typealias State = AssistanceState
    public typealias Action = AssistanceAction
    public typealias Party = AssistanceParty
    public typealias Context = AssistanceContext
    public typealias Effects = AssistanceEffects

    public static let name = "assistance_case"
    public static let path = "assistance-cases"
    public static let label = "质量技术帮扶"

    public static func id(of c: AssistanceCase) -> Int64 { c.id }
    public static func version(of c: AssistanceCase) -> Int { c.version }
    public static func state(of c: AssistanceCase) -> AssistanceState { c.state }
    public static func stateLabel(_ s: AssistanceState) -> String { s.label }
    public static func enteredState(of c: AssistanceCase) -> Day? { c.enteredOn }
    public static func enter(_ state: AssistanceState, on day: Day, _ c: inout AssistanceCase) {
        c.state = state
        c.enteredOn = day
        if state == .closed { c.closedOn = day }
    }
    public static func title(of c: AssistanceCase) -> String { "帮扶\(c.number)" }
    public static func subject(of c: AssistanceCase) -> String { "\(c.enterpriseName) · \(c.mode.label)" }

    public static func includes(_ party: AssistanceParty, _ p: Principal, _ c: AssistanceCase) -> Bool {
        switch party {
        case .district: AssistancePolicy.organises(p, districtCode: c.districtCode)
        case .expert: p.role == .expert && c.experts.contains { $0.expertId == p.expertId }
        case .enterprise: p.role == .enterpriseUser && p.enterpriseId == c.enterpriseId
        }
    }

    public static func parties(of role: Role) -> Set<AssistanceParty> {
        switch role {
        case .cityAdmin, .citySupervisor, .districtSupervisor: [.district]
        case .expert: [.expert]
        case .enterpriseUser: [.enterprise]
        default: []
        }
    }

    public static func step(_ action: AssistanceAction) -> WorkflowStep<AssistanceKind> {
        switch action {
        case .assign:
            return WorkflowStep("派单", parties: [.district], from: [.requested], to: .assigned,
                fields: { _, _ in [FieldSpec("experts", "专家人数（1至3）", .choice((1...3).map { Choice(code: String($0), label: "\($0)名") }), required: true),
                                   FieldSpec("publicValue", "公开随机值（专家名单承诺之后公布，如彩票开奖号码）", required: true, maxLength: 200),
                                   FieldSpec("publicSource", "公开随机值来源", required: true, maxLength: 200)] },
                defaults: { _, _ in ["experts": "2"] },
                due: { _ in .workingDays("assistanceAssignWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    let count = w.form.int("experts", in: 1...3, "专家人数应为1至3名") ?? 0
                    let reveal = CommittedDraw.Reveal(publicValue: w.form["publicValue"] ?? "", publicSource: w.form["publicSource"] ?? "")
                    if let problem = CommittedDraw.revealProblem(reveal, witnessHash: nil) { w.form.fail("publicValue", problem) }
                    try w.form.finish()
                    guard let list = w.context.pool else { return w.refuse("尚未公布专家名单承诺，不能派单") }
                    let outcome = list.run(reveal)
                    guard outcome.selectedIds.count >= count else {
                        return w.refuse("专家库中与该企业无利益冲突的专家不足\(count)名（可抽\(outcome.selectedIds.count)名）")
                    }
                    w.record.experts = outcome.selectedIds.prefix(count).compactMap { w.context.experts[$0] }
                    w.effects.draw = .init(reveal: reveal, outcome: outcome)
                    w.summary = "派单：按公开随机值抽取专家\(w.record.experts.map { "\($0.code) \($0.name)" }.joined(separator: "、"))（种子 \(outcome.seed)）"
                })
        case .accept:
            return WorkflowStep("接单", parties: [.expert], from: [.assigned], to: .accepted,
                due: { _ in .workingDays("assistanceAcceptWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.summary = "专家\(w.principal.displayName)接单"
                })
        case .decline:
            return WorkflowStep("拒单", parties: [.expert], from: [.assigned], to: .requested, isDuty: false,
                fields: { _, _ in [FieldSpec("reason", "拒单理由", .longText, required: true, maxLength: 500)] },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("reason", 4, "请写明拒单理由（至少4个字）")
                    try w.form.finish()
                    // Back to the district for another draw from a new pool without the decliner; the reason stays in
                    // the timeline.
                    w.record.experts = []
                    w.effects.declinedBy = w.principal.expertId
                    w.summary = "专家\(w.principal.displayName)拒单：\(w.form["reason"] ?? "")"
                })
        case .visit:
            return WorkflowStep("上门诊断", parties: [.expert], from: [.accepted], to: .diagnosing,
                fields: { _, _ in [FieldSpec("visitedOn", "上门日期", .date, required: true)] },
                defaults: { _, today in ["visitedOn": today.description] },
                perform: { w throws(ValidationFailure) in
                    let day = w.form.day("visitedOn", notAfter: w.today)
                    try w.form.finish()
                    w.record.servedOn = day
                    w.summary = "上门诊断（\(day?.description ?? "")）"
                })
        case .diagnose:
            return WorkflowStep("出具诊断书", parties: [.expert], from: [.diagnosing], to: .diagnosed, document: "diagnosis",
                fields: { c, _ in [FieldSpec("problems", "发现的问题", .longText, required: true, maxLength: 2000),
                                   FieldSpec("causes", "原因分析", .longText, required: true, maxLength: 2000),
                                   FieldSpec("measures", "整改措施及期限（每行一条：措施内容 | 年-月-日）", .longText, required: true, maxLength: 2000)] },
                defaults: { c, _ in ["problems": c.problems] },
                due: { _ in .workingDays("assistanceDiagnosisWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("problems", 10, "请写明发现的问题（至少10个字）")
                    w.form.minLength("causes", 10, "请写明原因分析（至少10个字）")
                    var measures: [Diagnosis.Measure] = []
                    if let text = w.form["measures"] {
                        switch Diagnosis.measures(text, after: w.today) {
                        case .success(let m): measures = m
                        case .failure(let e): w.form.fail(e.field, e.message)
                        }
                    }
                    try w.form.finish()
                    w.record.diagnosis = Diagnosis(number: "ZD" + w.record.number.dropFirst(2), issuedOn: w.today, problems: w.form["problems"] ?? "",
                                                   causes: w.form["causes"] ?? "", measures: measures)
                    w.summary = "出具诊断书：\(measures.count)条整改措施，最晚期限\(measures.map(\.deadline).max()?.description ?? "")"
                })
        case .acknowledge:
            return WorkflowStep("确认诊断书", parties: [.enterprise], from: [.diagnosed], to: .rectifying,
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    let today = w.today
                    w.record.diagnosis?.acknowledgedOn = today
                    w.summary = "企业确认诊断书，开始整改"
                })
        case .follow:
            return WorkflowStep("记录整改进展", parties: [.expert, .district], from: [.rectifying], to: nil, isDuty: false,
                fields: { _, _ in [FieldSpec("progress", "整改进展", .longText, required: true, maxLength: 1000)] },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("progress", 6, "请写明整改进展（至少6个字）")
                    try w.form.finish()
                    let line = "\(w.today)：\(w.form["progress"] ?? "")"
                    w.record.rectification = [w.record.rectification, line].compactMap { $0 }.joined(separator: "\n")
                    w.summary = "整改进展：\(w.form["progress"] ?? "")"
                })
        case .rate:
            return WorkflowStep("评价帮扶", parties: [.enterprise], from: [.rectifying], to: .rated,
                fields: { _, _ in [FieldSpec("rating", "评价（1至5分）", .choice((1...5).map { Choice(code: String($0), label: "\($0)分") }), required: true),
                                   FieldSpec("comment", "意见", .longText, maxLength: 500)] },
                perform: { w throws(ValidationFailure) in
                    let rating = w.form.int("rating", in: 1...5, "评价应为1至5分")
                    try w.form.finish()
                    w.record.rating = rating
                    w.record.ratingComment = w.form["comment"]
                    w.summary = "企业评价\(rating ?? 0)分" + ((w.form["comment"] ?? "").isEmpty ? "" : "：\(w.form["comment"] ?? "")")
                })
        case .close:
            return WorkflowStep("结案", parties: [.district], from: [.rated], to: .closed,
                fields: { _, _ in [FieldSpec("problemsSolved", "解决质量问题数量（个）", .integer, required: true),
                                   FieldSpec("outputValue", "为企业提升工业产值（万元）", .decimal),
                                   FieldSpec("evidence", "产值提升依据", .longText, maxLength: 500)] },
                perform: { w throws(ValidationFailure) in
                    let solved = w.form.int("problemsSolved", in: 0...1000, "解决问题数量应为0至1000")
                    let value = w.form["outputValue"].flatMap(Double.init) ?? 0
                    if value < 0 || value > 1_000_000 { w.form.fail("outputValue", "产值提升应为0至100万万元") }
                    if value > 0 { w.form.require("evidence", "填写产值提升时请写明依据") }
                    try w.form.finish()
                    w.record.problemsSolved = solved ?? 0
                    w.record.outputValueGained = value
                    w.record.outputEvidence = w.form["evidence"]
                    // The 回头帮 falls due `revisitMonths` after closure (SPEC TA-2), by the rules of the day it closed.
                    w.record.revisitDue = w.today.adding(months: w.rules.int("revisitMonths"))
                    w.summary = "结案：解决质量问题\(solved ?? 0)个" + (value > 0 ? "，提升产值\(AssistanceReport.wan(value))万元" : "")
                })
        case .revisit:
            return WorkflowStep("回头帮", parties: [.district], from: [.closed], to: nil,
                fields: { _, _ in [FieldSpec("finding", "回访情况", .longText, required: true, maxLength: 1000)] },
                precondition: { c in c.revisitedOn == nil ? nil : "已于\(c.revisitedOn?.description ?? "")回头帮" },
                timing: { c, today in
                    guard let due = c.revisitDue else { return "尚未结案" }
                    return today >= due ? nil : "回头帮自\(due)起进行"
                },
                due: { c in c.revisitDue.map { .on($0) } },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("finding", 6, "请写明回访情况（至少6个字）")
                    try w.form.finish()
                    w.record.revisitedOn = w.today
                    w.summary = "回头帮：\(w.form["finding"] ?? "")"
                })
        case .lead:
            return WorkflowStep("移送违法线索", parties: [.expert, .district], from: Set(AssistanceState.allCases), to: nil, isDuty: false,
                fields: { _, _ in [FieldSpec("facts", "发现的违法事实", .longText, required: true, maxLength: 1000)] },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("facts", 10, "请写明发现的违法事实（至少10个字）")
                    try w.form.finish()
                    // Assistance does not lift liability (000 §四): the lead goes to enforcement, which alone closes it.
                    w.effects.lead = w.form["facts"]
                    w.summary = "帮扶中发现违法线索，移送执法：\(w.form["facts"] ?? "")"
                })
        }
    }
}

public enum AssistanceAction: String, Sendable, Codable, CaseIterable {
    case assign
    case accept
    case decline
    case visit
    case diagnose
    case acknowledge
    case follow
    case rate
    case close
    case revisit
    case lead
}

public enum AssistanceParty: String, Sendable, Hashable {
    /// The enterprise's district bureau, or the city, organises (派单, follow-up, closure, 回头帮).
    case district
    /// An expert drawn for the case.
    case expert
    /// The enterprise helped.
    case enterprise
}

/// A step's context: for 派单, the case's committed expert pool (AssistanceExpertDraw) and the experts by id.
public struct AssistanceContext: WorkflowContext {
    public var today: Day
    public var rules: RuleSet
    public var calendar: WorkingDayCalendar
    public var pool: ListDraw?
    public var experts: [Int64: AssignedExpert]

    public init(today: Day, rules: RuleSet, calendar: WorkingDayCalendar, pool: ListDraw? = nil, experts: [Int64: AssignedExpert] = [:]) {
        self.today = today
        self.rules = rules
        self.calendar = calendar
        self.pool = pool
        self.experts = experts
    }
}

/// What a step asks the store to write besides the case: the draw's record (派单), a new pool (拒单), a case lead
/// (a violation found).
public struct AssistanceEffects: StepEffects {
    public struct Draw: Sendable, Equatable {
        public var reveal: CommittedDraw.Reveal
        public var outcome: ListDraw.Outcome
    }

    public var draw: Draw?
    public var lead: String?
    /// An expert declined: the store commits a new pool, the decliner not eligible in it.
    public var declinedBy: Int64?
    public init() {}
}

public enum AssistancePolicy {
    /// Who reads assistance: the bureau (a district its own), the experts drawn, the enterprise helped.
    public static let readerRoles: Set<Role> = [.cityAdmin, .citySupervisor, .districtSupervisor, .expert, .enterpriseUser]
    /// Who organises: requests for others, activities, the 000 table.
    public static let organiserRoles: Set<Role> = [.cityAdmin, .citySupervisor, .districtSupervisor]

    /// The city everywhere, a district bureau for its own district's enterprises.
    public static func organises(_ p: Principal, districtCode: String?) -> Bool {
        switch p.role {
        case .cityAdmin, .citySupervisor: true
        case .districtSupervisor: p.districtCode != nil && p.districtCode == districtCode
        default: false
        }
    }
}
