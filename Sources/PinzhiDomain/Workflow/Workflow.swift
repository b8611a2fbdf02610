/// The engine of every case-like kind: which steps a principal may take on a record now, the checks of a step in
/// their order (party, state, precondition, time, form, the step's own rules), its outcome, the record's deadline
/// and the duty list. Pure: the store persists an outcome in one transaction (WorkflowStore).
public enum Workflow<K: WorkflowKind> {
    /// Whether the principal is one of the step's parties for this record.
    public static func isParty(_ p: Principal, _ step: WorkflowStep<K>, _ record: K.Record) -> Bool {
        step.parties.contains { K.includes($0, p, record) }
    }

    /// The steps open to this principal on the record as it is; with `today`, only those whose time it is.
    public static func available(_ p: Principal, _ record: K.Record, today: Day? = nil) -> [K.Action] {
        var open: [K.Action] = []
        for (action, step) in StepTable<K>.shared.leaving[K.state(of: record)] ?? []
        where isParty(p, step, record) && step.precondition(record) == nil && (today.map { step.timing(record, $0) == nil } ?? true) {
            open.append(action)
        }
        return open
    }

    /// The step of an action, built once per process (StepTable).
    public static func step(_ action: K.Action) -> WorkflowStep<K> {
        // The table holds every case of K.Action.allCases.
        StepTable<K>.shared.byAction[action]!
    }

    /// The duties among the available steps: what puts the record on this principal's to-do list.
    public static func duties(_ p: Principal, _ record: K.Record, today: Day) -> [K.Action] {
        available(p, record, today: today).filter { step($0).isDuty }
    }

    /// The states in which a principal of this role may owe a step on some record: a duty list reads only those.
    public static func dutyStates(for role: Role) -> Set<K.State> {
        let parties = K.parties(of: role)
        return Set(StepTable<K>.shared.ordered.map(\.step).filter { $0.isDuty && !$0.parties.isDisjoint(with: parties) }.flatMap(\.from))
    }

    public static func wrongStateMessage(_ state: K.State, _ action: K.Action) -> String {
        "该\(K.label)当前为“\(K.stateLabel(state))”，不能\(step(action).label)"
    }

    /// Takes a step: every check, then the step's own work. Nothing changes unless it all holds.
    public static func apply(_ action: K.Action, to record: K.Record, by p: Principal, input raw: [String: String],
                             context: K.Context) -> Result<StepOutcome<K>, StepRefusal> {
        let step = step(action)
        guard isParty(p, step, record) else { return .failure(.forbidden) }
        let state = K.state(of: record)
        guard step.from.contains(state) else { return .failure(.wrongState(wrongStateMessage(state, action))) }
        if let reason = step.precondition(record) { return .failure(.wrongState(reason)) }
        if let reason = step.timing(record, context.today) { return .failure(.wrongState(reason)) }
        var work = StepWork<K>(action: action, form: StepForm(raw.mapValues(\.trimmed), specs: step.fields(record, context)), record: record,
                               before: record, context: context, principal: p, summary: step.label, target: step.target)
        do {
            try step.perform(&work)
            if let reason = work.conflict { return .failure(.wrongState(reason)) }
            try work.form.finish()
        } catch {
            return .failure(.invalid(error))
        }
        if let next = work.target { K.enter(next, on: context.today, &work.record) }
        K.stepped(&work.record, context: context)
        return .success(StepOutcome(action: action, record: work.record, data: work.form.values, summary: work.summary,
                                    effects: work.effects, from: state, to: K.state(of: work.record)))
    }

    /// The deadline of what the record waits for: the earliest due day of the duty steps open from its state
    /// (whoever owes them). A step whose day needs a calendar year that is missing makes the deadline say so.
    public static func deadline(_ record: K.Record, rules: RuleSet, calendar: WorkingDayCalendar) -> Deadline? {
        let state = K.state(of: record)
        var earliest: Day?
        for (_, step) in StepTable<K>.shared.leaving[state] ?? [] {
            guard step.isDuty, step.precondition(record) == nil, let due = step.due(record) else { continue }
            switch due.resolve(entered: K.enteredState(of: record), rules: rules, calendar: calendar) {
            case .on(let day)?: earliest = earliest.map { min($0, day) } ?? day
            case .calendarMissing(let error)?: return .calendarMissing(error)
            case nil: continue
            }
        }
        return earliest.map(Deadline.on)
    }

    /// A line of the duty list, if the principal owes the record a step today.
    public static func duty(_ p: Principal, _ record: K.Record, today: Day, rules: RuleSet, calendar: WorkingDayCalendar) -> Duty? {
        let owed = duties(p, record, today: today)
        guard !owed.isEmpty else { return nil }
        // Beside what is owed, the other ways out of the state (拒单 beside 接单, 退回 beside 批准) are offered too.
        let alternatives = available(p, record, today: today).filter { !owed.contains($0) && step($0).target != nil }
        return Duty(kind: K.name, path: K.path, kindLabel: K.label, id: K.id(of: record), title: K.title(of: record), subject: K.subject(of: record),
                    state: K.stateLabel(K.state(of: record)), next: owed.map { step($0).label },
                    deadline: deadline(record, rules: rules, calendar: calendar),
                    steps: (owed + alternatives).map { Duty.Step(action: $0.rawValue, label: step($0).label) })
    }
}

/// The outcome of a step, for the store to write in one transaction: the record as it now is, what was entered
/// (kept with the step's event), the summary, and the side effects to record.
public struct StepOutcome<K: WorkflowKind>: Sendable {
    public var action: K.Action
    public var record: K.Record
    public var data: [String: String]
    public var summary: String
    public var effects: K.Effects
    public var from: K.State
    public var to: K.State
}

/// One line of the workbench's to-do list, whatever the kind: what it is, what is owed, by when.
public struct Duty: Sendable, Equatable {
    public var kind: String
    public var path: String
    public var kindLabel: String
    public var id: Int64
    public var title: String
    /// What the record is about (an enterprise and product, a plan's year…).
    public var subject: String
    public var state: String
    public var next: [String]
    public var deadline: Deadline?
    /// The steps the principal can take from the list, each its step page.
    public var steps: [Step]

    public struct Step: Sendable, Equatable {
        public var action: String
        public var label: String
    }

    public init(kind: String, path: String, kindLabel: String, id: Int64, title: String, subject: String, state: String, next: [String],
                deadline: Deadline?, steps: [Step] = []) {
        self.kind = kind
        self.path = path
        self.kindLabel = kindLabel
        self.id = id
        self.title = title
        self.subject = subject
        self.state = state
        self.next = next
        self.deadline = deadline
        self.steps = steps
    }

    /// Soonest deadline first; a missing calendar year first of all (it needs attention), no deadline last.
    public static func byDeadline(_ a: Duty, _ b: Duty) -> Bool {
        func key(_ d: Duty) -> (Int, Int, String, Int64) {
            switch d.deadline {
            case .calendarMissing?: (0, 0, d.kind, d.id)
            case .on(let day)?: (1, day.ordinal, d.kind, d.id)
            case nil: (2, 0, d.kind, d.id)
            }
        }
        return key(a) < key(b)
    }
}
