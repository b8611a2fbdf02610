/// The annual plan 年度抽查计划 as a workflow kind (SPEC SC-1, seed 004 §五–§七): the owning level drafts and
/// submits; the city approves, sends back or issues. Lines are edited outside the workflow, in draft only.
public enum PlanKind: WorkflowKind {
    public typealias Record = Plan
    public typealias State = PlanState
    public typealias Action = PlanAction
    public typealias Party = PlanParty
    public typealias Context = BasicContext
    public typealias Effects = NoEffects

    public static let name = "plan"
    public static let path = "plans"
    public static let label = "年度计划"

    public static func id(of plan: Plan) -> Int64 { plan.id }
    public static func version(of plan: Plan) -> Int { plan.version }
    public static func state(of plan: Plan) -> PlanState { plan.state }
    public static func stateLabel(_ s: PlanState) -> String { s.label }
    public static func enteredState(of plan: Plan) -> Day? { nil }
    public static func enter(_ state: PlanState, on day: Day, _ plan: inout Plan) { plan.state = state }
    public static func title(of plan: Plan) -> String { "计划“\(plan.title)”" }
    public static func subject(of plan: Plan) -> String { "\(plan.year)年 \(plan.levelLabel) · \(plan.totalBatches)批次" }

    public static func includes(_ party: PlanParty, _ p: Principal, _ plan: Plan) -> Bool {
        switch party {
        case .owner: PlanPolicy.mayEdit(p, planDistrict: plan.districtCode)
        case .city: p.role == .cityAdmin || p.role == .citySupervisor
        }
    }

    public static func parties(of role: Role) -> Set<PlanParty> {
        switch role {
        case .cityAdmin, .citySupervisor: [.owner, .city]
        case .districtSupervisor: [.owner]
        default: []
        }
    }

    public static func step(_ action: PlanAction) -> WorkflowStep<PlanKind> {
        switch action {
        case .submit:
            WorkflowStep("报审", parties: [.owner], from: [.draft], to: .submitted, perform: { w throws(ValidationFailure) in
                if w.record.lines.isEmpty { w.form.fail("", "计划没有任何计划行，不能报审") }
                try moved(&w)
            })
        case .approve:
            WorkflowStep("批准", parties: [.city], from: [.submitted], to: .approved, perform: { w throws(ValidationFailure) in
                try moved(&w)
                // The plan keeps the version of the rules it was approved under (docs/rules.md “Rule versions”).
                w.record.rulesVersion = w.rules.version
                w.summary += "（依据规则参数第\(w.rules.version)版）"
            })
        case .sendBack:
            WorkflowStep("退回修改", parties: [.city], from: [.submitted, .approved], to: .draft, perform: { w throws(ValidationFailure) in try moved(&w) })
        case .issue:
            WorkflowStep("下达", parties: [.city], from: [.approved], to: .issued, perform: { w throws(ValidationFailure) in try moved(&w) })
        }
    }

    /// The summary of a plan's move: “报审：草稿→报审”.
    static func moved(_ w: inout StepWork<PlanKind>) throws(ValidationFailure) {
        try w.form.finish()
        w.summary = "\(w.action.label)：\(w.before.state.label)→\((w.target ?? w.before.state).label)"
    }
}

/// Who acts on a plan: the level that owns it (the city for its own, a district for its own), and the city, which
/// approves every plan.
public enum PlanParty: String, Sendable, Hashable {
    case owner
    case city
}
