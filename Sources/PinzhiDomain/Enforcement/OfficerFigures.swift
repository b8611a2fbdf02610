/// The figures of SPEC EN-4 for a scope and a period: 配备率 (enterprises in scope staffed as OfficerDuty requires ÷
/// enterprises in scope), 考核合格率 (assessments passed ÷ assessments scored in the period), 日管控完成率 (working days
/// with a daily record ÷ the working days each staffed enterprise owed one: from its first appointment, or the
/// period's start, to the period's end or today). docs/rules.md §5b.
public struct OfficerFigures: Sendable, Equatable, Codable {
    public var inScope = 0
    public var staffed = 0
    public var officers = 0
    public var trained = 0
    public var assessed = 0
    public var passed = 0
    public var dailyDone = 0
    public var dailyOwed = 0

    public init() {}

    public var staffingRate: Double? { inScope == 0 ? nil : Double(staffed) / Double(inScope) }
    public var passRate: Double? { assessed == 0 ? nil : Double(passed) / Double(assessed) }
    public var routineCompletion: Double? { dailyOwed == 0 ? nil : Double(dailyDone) / Double(dailyOwed) }

    /// One enterprise in scope: its scale, its active officers (role, appointment day, trained or not), the days of
    /// its daily records, and its assessments scored in the period (passed or not).
    public struct Enterprise: Sendable {
        public var scale: EnterpriseScale
        public var officers: [(role: OfficerRole, appointedOn: Day, trained: Bool)]
        public var dailyDays: Set<Day>
        public var assessments: [Bool]

        public init(scale: EnterpriseScale, officers: [(role: OfficerRole, appointedOn: Day, trained: Bool)], dailyDays: Set<Day>, assessments: [Bool]) {
            self.scale = scale
            self.officers = officers
            self.dailyDays = dailyDays
            self.assessments = assessments
        }
    }

    /// Adds one enterprise: its officers and assessments as given, its daily records owed within `routine`.
    public mutating func add(_ e: Enterprise, routine period: ClosedRange<Day>, today: Day, calendar: WorkingDayCalendar) throws(CalendarError) {
        inScope += 1
        officers += e.officers.count
        trained += e.officers.filter(\.trained).count
        assessed += e.assessments.count
        passed += e.assessments.filter { $0 }.count
        guard OfficerDuty.missing(scale: e.scale, active: e.officers.map(\.role)).isEmpty else { return }
        staffed += 1
        // The daily record is owed from the first appointment on each working day up to today.
        guard let first = e.officers.map(\.appointedOn).min() else { return }
        let start = max(first, period.lowerBound), end = min(today, period.upperBound)
        guard start <= end else { return }
        var day = start
        while day <= end {
            if try calendar.isWorkingDay(day) {
                dailyOwed += 1
                if e.dailyDays.contains(day) { dailyDone += 1 }
            }
            day = day.adding(days: 1)
        }
    }
}
