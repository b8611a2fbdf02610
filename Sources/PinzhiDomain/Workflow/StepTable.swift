import Synchronization

/// Each kind's steps, built once per process. A step is a pure function of its action, but building one makes its
/// closures and field lists anew; the duty list asks for every step of every open record, and at city scale an
/// agency has a hundred thousand open records (its workbench took 2.4 s, a quarter of it building the same steps).
struct StepTable<K: WorkflowKind>: Sendable {
    /// In the order of `K.Action.allCases`.
    let ordered: [(action: K.Action, step: WorkflowStep<K>)]
    let byAction: [K.Action: WorkflowStep<K>]
    /// The steps that may be taken from each state, in the same order: a record is checked against these alone.
    let leaving: [K.State: [(action: K.Action, step: WorkflowStep<K>)]]

    static var shared: StepTable<K> {
        if let table = StepTables.tables.withLock({ $0[ObjectIdentifier(K.self)] }) as? StepTable<K> { return table }
        let ordered = K.Action.allCases.map { (action: $0, step: K.step($0)) }
        var leaving: [K.State: [(action: K.Action, step: WorkflowStep<K>)]] = [:]
        for entry in ordered {
            for state in entry.step.from { leaving[state, default: []].append(entry) }
        }
        let table = StepTable(ordered: ordered, byAction: Dictionary(ordered.map { ($0.action, $0.step) }, uniquingKeysWith: { a, _ in a }),
                              leaving: leaving)
        StepTables.tables.withLock { $0[ObjectIdentifier(K.self)] = table }
        return table
    }
}

/// The tables of every kind, by kind (a generic type cannot have a stored static property of its own).
enum StepTables {
    static let tables = Mutex<[ObjectIdentifier: any Sendable]>([:])
}
