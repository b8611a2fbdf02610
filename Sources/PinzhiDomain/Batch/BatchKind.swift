/// The spot-check batch 抽查批次 as a workflow kind (SPEC SC-5 … SC-9, seeds 004 §十一–§十九): its steps are in
/// BatchSteps.swift, one value each.
public enum BatchKind: WorkflowKind {
    public typealias Record = Batch
    public typealias State = BatchState
    public typealias Action = BatchAction
    public typealias Party = BatchParty
    public typealias Context = BatchContext
    public typealias Effects = BatchEffects

    public static let name = "batch"
    public static let path = "batches"
    public static let label = "抽查批次"

    public static func id(of b: Batch) -> Int64 { b.id }
    public static func version(of b: Batch) -> Int { b.version }
    public static func state(of b: Batch) -> BatchState { b.state }
    public static func stateLabel(_ s: BatchState) -> String { s.label }
    public static func enteredState(of b: Batch) -> Day? { b.stateSince }
    public static func title(of b: Batch) -> String { b.number }
    public static func subject(of b: Batch) -> String { "\(b.enterpriseName) · \(b.productName)" }

    public static func enter(_ state: BatchState, on day: Day, _ b: inout Batch) {
        b.state = state
        b.stateSince = day
    }

    /// A batch keeps the version of the rules its last step was taken under.
    public static func stepped(_ b: inout Batch, context: BatchContext) { b.rulesVersion = context.rules.version }

    public static func includes(_ party: BatchParty, _ p: Principal, _ b: Batch) -> Bool { party.includes(p, b) }

    public static func parties(of role: Role) -> Set<BatchParty> {
        switch role {
        case .citySupervisor, .cityAdmin: [.organiser]
        case .districtSupervisor: [.organiser, .handlingDistrict]
        case .agencyUser: [.agency, .recheckAgency]
        case .enterpriseUser: [.enterprise]
        case .enforcementOfficer, .expert, .witness: []
        }
    }
}

/// What a batch step records besides the batch: the item results of a new report version, a case lead for
/// enforcement, a publication snapshot, the recheck list to commit or the values its draw revealed.
public struct BatchEffects: StepEffects {
    public var results: [ItemResult] = []
    public var caseLead: LeadDraft?
    public var raisesRisk = false
    public var publishes = false
    public var commitsRecheckList = false
    public var recheckDraw: (reveal: CommittedDraw.Reveal, outcome: ListDraw.Outcome)?
    public init() {}
}

public typealias BatchStep = StepOutcome<BatchKind>

extension StepOutcome where K == BatchKind {
    public var batch: Batch { record }
    public var results: [ItemResult] { effects.results }
    public var caseLead: LeadDraft? { effects.caseLead }
    public var publishes: Bool { effects.publishes }
    public var commitsRecheckList: Bool { effects.commitsRecheckList }
    public var recheckDraw: (reveal: CommittedDraw.Reveal, outcome: ListDraw.Outcome)? { effects.recheckDraw }
}
