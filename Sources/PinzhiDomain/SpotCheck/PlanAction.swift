/// What can be done to a plan, each a transition of its state machine.
public enum PlanAction: String, Sendable, Codable, CaseIterable {
    case submit
    case approve
    case sendBack = "send_back"
    case issue

    public var label: String {
        switch self {
        case .submit: "报审"
        case .approve: "批准"
        case .sendBack: "退回修改"
        case .issue: "下达"
        }
    }
}
