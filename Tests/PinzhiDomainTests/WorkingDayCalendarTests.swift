import Testing
@testable import PinzhiDomain

@Suite("工作日历（SPEC §10）")
struct WorkingDayCalendarTests {
    let calendar = WorkingDayCalendar(WorkingDayCalendar.official)

    func day(_ s: String) -> Day { Day(s)! }

    @Test("which days are worked", arguments: [
        ("2024-02-09", true), ("2024-02-10", false), ("2024-02-17", false), ("2024-02-04", true), ("2024-02-18", true),
        ("2024-06-10", false), ("2024-09-14", true), ("2024-10-12", true), ("2024-10-13", false),
        ("2025-01-26", true), ("2025-01-28", false), ("2025-10-08", false), ("2025-10-11", true), ("2025-05-31", false),
        ("2025-11-24", true), ("2025-11-23", false), ("2026-01-04", true), ("2026-02-23", false), ("2026-10-10", true),
    ])
    func workingDays(_ date: String, _ worked: Bool) throws {
        #expect(try calendar.isWorkingDay(day(date)) == worked)
    }

    @Test("N working days after a date", arguments: [
        ("2024-02-08", 3, "2024-02-19"), ("2024-02-08", 1, "2024-02-09"), ("2024-02-08", 2, "2024-02-18"),
        ("2025-09-30", 1, "2025-10-09"), ("2025-09-26", 2, "2025-09-29"), ("2024-12-31", 1, "2025-01-02"),
        ("2025-12-31", 1, "2026-01-04"), ("2024-04-03", 3, "2024-04-09"), ("2025-05-30", 1, "2025-06-03"),
        ("2024-03-01", 0, "2024-03-01"), ("2024-05-10", 1, "2024-05-11"),
    ])
    func adding(_ start: String, _ n: Int, _ expected: String) throws {
        #expect(try calendar.adding(workingDays: n, to: day(start)) == day(expected))
    }

    @Test func countsBetweenDates() throws {
        #expect(try calendar.workingDays(from: day("2024-02-08"), to: day("2024-02-19")) == 3)
        #expect(try calendar.workingDays(from: day("2024-02-19"), to: day("2024-02-08")) == -3)
        #expect(try calendar.workingDays(from: day("2025-01-01"), to: day("2025-12-31")) == 248)
    }

    @Test func aYearWithoutDataIsAnErrorNotAGuess() {
        #expect(throws: CalendarError.noData(year: 2023)) { try calendar.isWorkingDay(day("2023-06-01")) }
        #expect(throws: CalendarError.noData(year: 2027)) { try calendar.adding(workingDays: 5, to: day("2026-12-28")) }
        #expect(CalendarError.noData(year: 2027).message.contains("2027年"))
    }

    @Test func dayArithmetic() {
        #expect(Day("1970-01-01")!.ordinal == 0)
        #expect(Day("1970-01-01")!.weekday == 4)
        #expect(Day("2026-11-24")!.weekday == 2)
        #expect(Day("2024-02-29") != nil && Day("2023-02-29") == nil && Day("2024-13-01") == nil)
        #expect(Day(" 2026-1-5 ") == Day(year: 2026, month: 1, day: 5) && Day("2026-01-05") == Day(year: 2026, month: 1, day: 5))
        for bad in ["", "2026", "2026-01", "2026-01-05-01", "26-01-05", "2026-001-05", "2026-01-2 4", "2026-01-05x", "２０２６-01-05",
                    "99999999999999999999-01-01", "2026--05", "-2026-01-05", "2026-01-"] {
            #expect(Day(bad) == nil, "\(bad)")
        }
        for o in stride(from: -1000, to: 80000, by: 97) { #expect(Day(ordinal: o).ordinal == o) }
        #expect(Day("2024-12-31")!.adding(days: 1) == Day("2025-01-01"))
    }

    @Test func notationParsesAndPrintsBack() throws {
        let y = try CalendarYear.parse(year: 2024, off: "01-01；02-10…02-17, 04-04~04-06", on: "02-04", source: "x").get()
        #expect(y.off.count == 12)
        #expect(CalendarYear.notation(y.off) == "01-01; 02-10…02-17; 04-04…04-06")
        guard case .failure(let e) = CalendarYear.parse(year: 2024, off: "02-30", on: "", source: "") else { Issue.record("02-30"); return }
        #expect(e.field == "off")
        guard case .failure(let e2) = CalendarYear.parse(year: 2024, off: "", on: "03-05", source: "") else { Issue.record("weekday on"); return }
        #expect(e2.message.contains("无需列为调休上班日"))
    }
}
