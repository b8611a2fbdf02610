/// What a step needs besides the batch and the input: the day, the rules in force, the working-day calendar, the
/// product's test items (for a report) and the recheck agencies' list (for accepting an objection, and for the recheck
/// agency's draw from its commitment).
public struct BatchContext: WorkflowContext {
    public var today: Day
    public var rules: RuleSet
    public var calendar: WorkingDayCalendar
    public var items: [TestItem]
    /// The recheck agencies' candidate list (PZ-DRAW-2 §十四, ListDraw): the one to commit when accepting an objection,
    /// the committed one when drawing; with the agencies' names by id.
    public var recheckList: ListDraw?
    public var agencyNames: [Int64: String] = [:]
    /// For sampling: the plan line's season window, and the tasks of the enterprise's counting batches already
    /// sampled on each day of the year (one day's batches are one check, 004 §一(三)).
    public var season: (start: Int, end: Int)?
    public var sampledTasks: [Day: Set<Int64>] = [:]
    /// The id of the recheck list's commitment, when drawing from it.
    public var recheckCommitmentId: Int64?
    /// The witness's registration taken into the recheck list (when committing), and its revealed secret (when
    /// drawing): from the witness's account, never typed by the officer (DrawWitness).
    public var recheckWitnessRegistration: Int64?
    public var recheckWitnessSecret: String?

    public init(today: Day, rules: RuleSet, calendar: WorkingDayCalendar, items: [TestItem] = [], recheckList: ListDraw? = nil,
                agencyNames: [Int64: String] = [:]) {
        self.today = today
        self.rules = rules
        self.calendar = calendar
        self.items = items
        self.recheckList = recheckList
        self.agencyNames = agencyNames
    }
}
