/// The Chinese working-day calendar (SPEC §10): Monday to Friday work, Saturday and Sunday rest, except the official
/// holidays and the adjusted working weekends of each year. A year without data is an error, never a silent
/// fall-back to weekdays, because a deadline counted on the wrong calendar is a legal defect.
public struct WorkingDayCalendar: Sendable, Equatable {
    public private(set) var years: [Int: CalendarYear]
    private var off: Set<Day>
    private var on: Set<Day>

    public init(_ years: [CalendarYear]) {
        self.years = Dictionary(years.map { ($0.year, $0) }, uniquingKeysWith: { _, b in b })
        off = Set(years.flatMap(\.off))
        on = Set(years.flatMap(\.on))
    }

    public func isWorkingDay(_ day: Day) throws(CalendarError) -> Bool {
        guard years[day.year] != nil else { throw .noData(year: day.year) }
        if on.contains(day) { return true }
        if off.contains(day) { return false }
        return !day.isWeekend
    }

    /// The day `count` working days after `day` (the day itself is not counted): the deadline of "N个工作日内".
    public func adding(workingDays count: Int, to day: Day) throws(CalendarError) -> Day {
        precondition(count >= 0)
        var current = day
        var left = count
        while left > 0 {
            current = current.adding(days: 1)
            if try isWorkingDay(current) { left -= 1 }
        }
        return current
    }

    /// Working days after `start` up to and including `end`; negative when `end` is before `start`.
    public func workingDays(from start: Day, to end: Day) throws(CalendarError) -> Int {
        if end < start { return -(try workingDays(from: end, to: start)) }
        var n = 0
        var current = start
        while current < end {
            current = current.adding(days: 1)
            if try isWorkingDay(current) { n += 1 }
        }
        return n
    }

    /// The official arrangements of SPEC §10 (2024, 2025), and 2026 from the State Council's notice, so that the
/// current year works out of the box; the administrator adds later years and can correct any.
    public static let official: [CalendarYear] = [
        try! CalendarYear.parse(year: 2024, off: "01-01; 02-10…02-17; 04-04…04-06; 05-01…05-05; 06-10; 09-15…09-17; 10-01…10-07",
                                on: "02-04; 02-18; 04-07; 04-28; 05-11; 09-14; 09-29; 10-12", source: "国务院办公厅关于2024年部分节假日安排的通知").get(),
        try! CalendarYear.parse(year: 2025, off: "01-01; 01-28…02-04; 04-04…04-06; 05-01…05-05; 05-31…06-02; 10-01…10-08",
                                on: "01-26; 02-08; 04-27; 09-28; 10-11", source: "国务院办公厅关于2025年部分节假日安排的通知").get(),
        try! CalendarYear.parse(year: 2026, off: "01-01…01-03; 02-15…02-23; 04-04…04-06; 05-01…05-05; 06-19…06-21; 09-25…09-27; 10-01…10-07",
                                on: "01-04; 02-14; 02-28; 05-09; 09-20; 10-10", source: "国务院办公厅关于2026年部分节假日安排的通知").get(),
    ]
}

/// When the calendar needs the administrator (issue 15 §3): this year's arrangement missing at any time, next
/// year's from 1 November (the State Council publishes it in the autumn; deadlines of December run into January).
public enum CalendarReadiness {
    public static let warnFromMonth = 11

    public static func warnings(today: Day, years: Set<Int>) -> [String] {
        var out: [String] = []
        if !years.contains(today.year) {
            out.append("工作日历缺少\(today.year)年的节假日安排，按工作日计算的期限无法得出。请在“工作日历”中录入。")
        }
        if today.month >= warnFromMonth && !years.contains(today.year + 1) {
            out.append("工作日历尚未录入\(today.year + 1)年的节假日安排：跨年的期限将无法计算。请在国务院办公厅通知发布后录入。")
        }
        return out
    }
}
