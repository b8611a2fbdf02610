import PinzhiDomain

/// The working-day calendar as data (SPEC §10): one row per year with its source, one per special day.
enum Migration004Calendar {
    static let migration = Migration(4, "calendar") { d in
        var statements = [
            "CREATE TABLE calendar_years (year \(d.bigint) PRIMARY KEY, source TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "CREATE TABLE calendar_days (day TEXT PRIMARY KEY, year \(d.bigint) NOT NULL REFERENCES calendar_years(year), kind TEXT NOT NULL)",
        ]
        // The years known when this migration was written; later years are added by the administrator.
        for year in WorkingDayCalendar.official {
            statements.append("INSERT INTO calendar_years (year, source, updated_at) VALUES (\(year.year), '\(year.source)', '2026-11-24T00:00:00Z')")
            for day in year.off { statements.append("INSERT INTO calendar_days (day, year, kind) VALUES ('\(day)', \(year.year), 'off')") }
            for day in year.on { statements.append("INSERT INTO calendar_days (day, year, kind) VALUES ('\(day)', \(year.year), 'on')") }
        }
        return statements
    }
}
