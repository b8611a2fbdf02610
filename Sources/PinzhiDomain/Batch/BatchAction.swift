/// The steps that move a batch on (SPEC SC-5 … SC-9). What each one is — parties, states, form, rules, deadline —
/// is its value in BatchSteps.swift.
public enum BatchAction: String, Sendable, Codable, CaseIterable {
    case sample
    case refuse
    case confirmSampling
    case report
    case reviseReport
    case deliver
    case object
    case acceptObjection
    case drawRecheckAgency
    case rejectObjection
    case recheckResult
    case conclude
    case markSensitive
    case publish
    case transfer
    case receive
    case order
    case rectify
    case review
    case measure
    case suggest

    public var step: WorkflowStep<BatchKind> { BatchKind.step(self) }
    public var label: String { step.label }
    public var parties: Set<BatchParty> { step.parties }
    public var from: Set<BatchState> { step.from }
    public var target: BatchState? { step.target }
}
