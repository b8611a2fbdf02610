/// The annual plan's state machine through the workflow engine (steps in PlanKind.swift).
public enum PlanWorkflow {
    public typealias Engine = Workflow<PlanKind>

    /// Where the action leads from the state, or nil when it is not open there.
    public static func next(_ state: PlanState, _ action: PlanAction) -> PlanState? {
        let step = PlanKind.step(action)
        return step.from.contains(state) ? step.target : nil
    }

    /// The actions open to the principal on a plan in this state and of this level (district code nil = the city's).
    public static func actions(_ state: PlanState, for principal: Principal, planDistrict: String?) -> [PlanAction] {
        Engine.available(principal, Plan(year: 0, districtCode: planDistrict, title: "", state: state))
    }

    public static func refusal(_ state: PlanState, _ action: PlanAction) -> String {
        Engine.wrongStateMessage(state, action)
    }
}
