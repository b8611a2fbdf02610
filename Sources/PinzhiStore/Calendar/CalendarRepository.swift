import PinzhiDomain
import SQLKit

/// The working-day calendar kept in the database, so the administrator can add next year's arrangement.
public struct CalendarRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public func years() async throws -> [CalendarYear] {
        // Every deadline needs the calendar, which changes once a year: kept until the next write.
        try await database.reads.value("calendar") { try await read() }
    }

    private func read() async throws -> [CalendarYear] {
        try await database.session { db in
            let years = try await db.select().columns("year", "source").from("calendar_years").orderBy("year").all()
            let days = try await db.select().columns("day", "year", "kind").from("calendar_days").orderBy("day").all()
            var off: [Int: [Day]] = [:], on: [Int: [Day]] = [:]
            for row in days {
                guard let day = Day(try row.decode(column: "day", as: String.self)) else { continue }
                let year = try row.decode(column: "year", as: Int.self)
                if try row.decode(column: "kind", as: String.self) == "on" { on[year, default: []].append(day) } else { off[year, default: []].append(day) }
            }
            return try years.map { row in
                let year = try row.decode(column: "year", as: Int.self)
                return CalendarYear(year: year, off: off[year] ?? [], on: on[year] ?? [], source: try row.decode(column: "source", as: String.self))
            }
        }
    }

    public func calendar() async throws -> WorkingDayCalendar { WorkingDayCalendar(try await years()) }

    /// Replaces one year's arrangement as a whole, with its audit row.
    public func save(_ year: CalendarYear, by principal: Principal) async throws {
        guard AccessPolicy.canAdminister(principal.role) else { throw StoreError.forbidden }
        let before = try await years().first { $0.year == year.year }
        try await database.transaction { db in
            try await db.delete(from: "calendar_days").where("year", .equal, year.year).run()
            try await db.delete(from: "calendar_years").where("year", .equal, year.year).run()
            try await db.insert(into: "calendar_years").columns("year", "source", "updated_at")
                .values(SQLBind(year.year), SQLBind(year.source), SQLBind(Clock.nowText())).run()
            for (kind, days) in [("off", year.off), ("on", year.on)] {
                for day in days {
                    try await db.insert(into: "calendar_days").columns("day", "year", "kind")
                        .values(SQLBind(day.description), SQLBind(year.year), SQLBind(kind)).run()
                }
            }
            try await AuditLog.append(db, actor: AuditActor(principal), action: before == nil ? "create" : "update", entity: "calendar_year",
                                      entityId: Int64(year.year), summary: "\(before == nil ? "录入" : "修改")\(year.year)年工作日历",
                                      before: AuditLog.json(before), after: AuditLog.json(year))
        }
    }
}
