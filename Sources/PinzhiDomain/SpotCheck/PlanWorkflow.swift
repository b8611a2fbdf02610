/// The annual plan's state machine and who may move it (SPEC SC-1): the owning level drafts and submits; the city
/// approves, sends back or issues. Checked on the server for every transition.
public enum PlanWorkflow {
    public static func next(_ state: PlanState, _ action: PlanAction) -> PlanState? {
        switch (state, action) {
        case (.draft, .submit): .submitted
        case (.submitted, .approve): .approved
        case (.submitted, .sendBack), (.approved, .sendBack): .draft
        case (.approved, .issue): .issued
        default: nil
        }
    }

    /// Whether the principal may take the action on a plan of this level (district code nil = the city's own plan).
    public static func may(_ principal: Principal, _ action: PlanAction, planDistrict: String?) -> Bool {
        switch action {
        case .submit: PlanPolicy.mayEdit(principal, planDistrict: planDistrict)
        case .approve, .sendBack, .issue: principal.role == .cityAdmin || principal.role == .citySupervisor
        }
    }

    /// The actions that are open to the principal now, for the buttons of the page.
    public static func actions(_ state: PlanState, for principal: Principal, planDistrict: String?) -> [PlanAction] {
        PlanAction.allCases.filter { next(state, $0) != nil && may(principal, $0, planDistrict: planDistrict) }
    }

    public static func refusal(_ state: PlanState, _ action: PlanAction) -> String {
        "计划当前为“\(state.label)”状态，不能\(action.label)"
    }
}
