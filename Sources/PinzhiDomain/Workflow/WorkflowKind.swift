/// A kind of case-like record that moves through steps: spot-check batches, plans, tasks, and the kinds that come
/// next (problem items, assistance cases, enforcement cases, letters, risk items, alerts). A kind names its record,
/// states, steps and parties and says, once per step, what the step is (`step(_:)`); `Workflow<Kind>` does the
/// rest — which steps are open to whom, every check, the form, the deadline, the duty list — and the store's
/// `WorkflowStore` writes a step with its event and audit row in one transaction. See README “Adding a kind”.
public protocol WorkflowKind: Sendable {
    associatedtype Record: Sendable
    associatedtype State: Hashable & Sendable & RawRepresentable<String>
    associatedtype Action: Hashable & Sendable & CaseIterable & RawRepresentable<String>
    associatedtype Party: Hashable & Sendable
    associatedtype Context: WorkflowContext
    associatedtype Effects: StepEffects

    /// The kind's name in the singular (“batch”): the audit entity, and with `_events` the table of its timeline.
    static var name: String { get }
    /// The plural path segment of its pages and API operations (“batches”): `/batches/{id}`, `/api/v1/batches/{id}/actions/{action}`.
    static var path: String { get }
    /// What people call it (“抽查批次”), for the duty list.
    static var label: String { get }

    /// The one value that says everything about a step.
    static func step(_ action: Action) -> WorkflowStep<Self>

    static func id(of record: Record) -> Int64
    static func version(of record: Record) -> Int
    static func state(of record: Record) -> State
    static func stateLabel(_ state: State) -> String
    /// The day the record entered its state, from which deadlines of the state count; nil if the kind keeps none.
    static func enteredState(of record: Record) -> Day?
    /// Moves the record to a state on a day (and whatever else entering a state means for the kind).
    static func enter(_ state: State, on day: Day, _ record: inout Record)
    /// Its number or title as people say it (“CJ2026-000123”, “计划“2026年…””), before each summary.
    static func title(of record: Record) -> String
    /// What the record is about (“某某公司 · 儿童玩具”), beside its title in headings and to-do lists.
    static func subject(of record: Record) -> String
    /// Whether the principal is this party for the record; decided from the record, never from a form.
    static func includes(_ party: Party, _ p: Principal, _ record: Record) -> Bool
    /// The parties a role can be on some record, so that the store reads for a duty list only the states in which
    /// this role may owe a step.
    static func parties(of role: Role) -> Set<Party>
    /// What every step does to a record of the kind besides its own changes (a batch keeps the rules version of
    /// its last step). Nothing by default.
    static func stepped(_ record: inout Record, context: Context)
}

extension WorkflowKind {
    public static func stepped(_ record: inout Record, context: Context) {}
}

/// What every step needs besides the record and the input: the day, the rules in force and the working-day
/// calendar. A kind's context may carry more (a report's test items, a drawn recheck agency).
public protocol WorkflowContext: Sendable {
    var today: Day { get }
    var rules: RuleSet { get }
    var calendar: WorkingDayCalendar { get }
}

/// The side effects a step asks the store to record besides the record itself (item results, a case lead…);
/// empty for a kind that has none.
public protocol StepEffects: Sendable {
    init()
}

/// The context of a kind that needs nothing more than the day, the rules and the calendar.
public struct BasicContext: WorkflowContext {
    public var today: Day
    public var rules: RuleSet
    public var calendar: WorkingDayCalendar

    public init(today: Day, rules: RuleSet, calendar: WorkingDayCalendar) {
        self.today = today
        self.rules = rules
        self.calendar = calendar
    }
}

/// The effects of a kind whose steps change only the record.
public struct NoEffects: StepEffects {
    public init() {}
}
