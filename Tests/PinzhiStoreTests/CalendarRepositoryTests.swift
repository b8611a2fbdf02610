import PinzhiDomain
import PinzhiTestSupport
import Testing
@testable import PinzhiStore

@Suite("工作日历的存储")
struct CalendarRepositoryTests {
    @Test func theMigrationHoldsTheOfficialYears() async throws {
        try await TestDatabase.with { db in
            let years = try await CalendarRepository(db).years()
            #expect(years == WorkingDayCalendar.official)
        }
    }

    @Test func theAdministratorAddsAYearAndOnlyThey() async throws {
        try await TestDatabase.with { db in
            let repo = CalendarRepository(db)
            let y2027 = try CalendarYear.parse(year: 2027, off: "01-01; 02-06…02-12", on: "02-13", source: "测试").get()
            await #expect(throws: StoreError.forbidden) { try await repo.save(y2027, by: TestDatabase.district("310114")) }
            try await repo.save(y2027, by: TestDatabase.admin)
            let calendar = try await repo.calendar()
            let next: Day = try calendar.adding(workingDays: 1, to: Day("2027-02-05")!)
            #expect(next == Day("2027-02-13"))
            var corrected = y2027
            corrected.on = []
            try await repo.save(corrected, by: TestDatabase.admin)
            let saved = try await repo.years().first { $0.year == 2027 }
            #expect(saved?.on == [])
            let actions = try await AuditQueries(db).history(entity: "calendar_year", id: 2027).map(\.action)
            #expect(actions == ["update", "create"])
        }
    }
}
