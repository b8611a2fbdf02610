/// When a step is due: a number of working days or calendar days (a rule parameter) after the record entered its
/// state, some hours after a day (fast-track products), or a day kept on the record. docs/rules.md lists each
/// step's rule.
public enum Due: Sendable, Equatable {
    case workingDays(String)
    /// Working days of two parameters added: a period and its one extension (a case lead's decision, SPEC EN-1).
    case workingDaysPlus(String, String)
    case days(String)
    case hours(String, after: Day?)
    case on(Day?)

    /// The day, or why it cannot be known: the calendar lacks a year's holidays (never a guess, never dropped).
    public func resolve(entered: Day?, rules: RuleSet, calendar: WorkingDayCalendar) -> Deadline? {
        switch self {
        case .workingDays(let key):
            guard let entered else { return nil }
            do { return .on(try calendar.adding(workingDays: rules.int(key), to: entered)) }
            catch { return .calendarMissing(error) }
        case .workingDaysPlus(let key, let extra):
            guard let entered else { return nil }
            do { return .on(try calendar.adding(workingDays: rules.int(key) + rules.int(extra), to: entered)) }
            catch { return .calendarMissing(error) }
        case .days(let key):
            return entered.map { .on($0.adding(days: rules.int(key))) }
        case .hours(let key, let day):
            // A deadline in hours is shown as the day it ends on: the hours rounded up to whole days.
            return day.map { .on($0.adding(days: Int((rules.value(key) / 24).rounded(.up)))) }
        case .on(let day):
            return day.map(Deadline.on)
        }
    }
}

/// A record's deadline: the day, or the calendar year that is missing to count it.
public enum Deadline: Sendable, Equatable {
    case on(Day)
    case calendarMissing(CalendarError)

    public var day: Day? {
        if case .on(let d) = self { return d }
        return nil
    }

    /// “缺少2027年工作日历”, for the place where the day would stand.
    public var missingText: String? {
        if case .calendarMissing(.noData(let year)) = self { return "缺少\(year)年工作日历，无法计算期限" }
        return nil
    }
}
