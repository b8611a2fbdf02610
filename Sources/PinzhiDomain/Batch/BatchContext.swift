/// What a step needs besides the batch and the input: the day, the rules in force, the working-day calendar, the
/// product's test items (for a report) and the recheck agency already drawn (for accepting an objection).
public struct BatchContext: WorkflowContext {
    public var today: Day
    public var rules: RuleSet
    public var calendar: WorkingDayCalendar
    public var items: [TestItem]
    public var recheckAgency: (id: Int64, name: String)?
    /// For sampling: the plan line's season window, and the tasks of the enterprise's counting batches already
    /// sampled on each day of the year (one day's batches are one check, 004 §一(三)).
    public var season: (start: Int, end: Int)?
    public var sampledTasks: [Day: Set<Int64>] = [:]
    /// The recheck draw's seed and pool, kept with the draw's record.
    public var recheckSeed: UInt64?
    public var recheckPool: [Int64] = []

    public init(today: Day, rules: RuleSet, calendar: WorkingDayCalendar, items: [TestItem] = [],
                recheckAgency: (id: Int64, name: String)? = nil) {
        self.today = today
        self.rules = rules
        self.calendar = calendar
        self.items = items
        self.recheckAgency = recheckAgency
    }
}
