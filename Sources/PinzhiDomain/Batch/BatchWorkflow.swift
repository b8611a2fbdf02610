/// The batch state machine (SPEC SC-5 … SC-9) through the workflow engine: the names the rest of the code and the
/// tests call. The steps themselves are in BatchSteps.swift.
public enum BatchWorkflow {
    public typealias Engine = Workflow<BatchKind>

    public static func available(_ p: Principal, _ b: Batch, today: Day? = nil) -> [BatchAction] {
        Engine.available(p, b, today: today)
    }

    public static func isDuty(_ action: BatchAction) -> Bool { action.step.isDuty }

    public static func dutyStates(for role: Role) -> Set<BatchState> { Engine.dutyStates(for: role) }

    /// The duty states in which this role's only duty is to publish the result: a batch there owes the role a step only
    /// while it is unpublished. The city's work list then skips the published history of closed post-handling (at
    /// city scale a hundred thousand batches wait there for the agency's 质量建议书, not for the city; issue 21).
    public static func publicationOnlyStates(for role: Role) -> Set<BatchState> {
        let parties = BatchKind.parties(of: role)
        return dutyStates(for: role).filter { state in
            BatchAction.allCases.filter { action in
                let step = action.step
                return step.isDuty && step.from.contains(state) && !step.parties.isDisjoint(with: parties)
            } == [.publish]
        }
    }

    public static func apply(_ action: BatchAction, to batch: Batch, by p: Principal, input: [String: String],
                             context: BatchContext) -> Result<BatchStep, StepRefusal> {
        Engine.apply(action, to: batch, by: p, input: input, context: context)
    }

    /// The day of the step the batch waits for, or nil when nothing is pending or the calendar lacks the year
    /// (`deadlineState` tells which).
    public static func deadline(_ b: Batch, rules: RuleSet, calendar: WorkingDayCalendar) -> Day? {
        Engine.deadline(b, rules: rules, calendar: calendar)?.day
    }

    public static func deadlineState(_ b: Batch, rules: RuleSet, calendar: WorkingDayCalendar) -> Deadline? {
        Engine.deadline(b, rules: rules, calendar: calendar)
    }
}
