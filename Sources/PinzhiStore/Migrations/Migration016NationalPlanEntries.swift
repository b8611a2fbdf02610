/// The national plan's entries as master data (issue 15): entered, imported and listed by the city, read by the
/// draw by enterprise code. They replace `national_checks` of migration 008, which nothing wrote; its rows, if any,
/// are carried over.
enum Migration016NationalPlanEntries {
    static let migration = Migration(16, "national_plan_entries") { d in
        let record = "id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, active \(d.bool) NOT NULL DEFAULT \(d.true), created_at TEXT NOT NULL, updated_at TEXT NOT NULL"
        return [
            """
            CREATE TABLE national_plan_entries (\(record), product_id \(d.bigint) NOT NULL REFERENCES products(id), year \(d.bigint) NOT NULL,
              enterprise_uscc TEXT NOT NULL, enterprise_name TEXT NOT NULL, source TEXT NOT NULL, UNIQUE (year, product_id, enterprise_uscc))
            """,
            """
            INSERT INTO national_plan_entries (product_id, year, enterprise_uscc, enterprise_name, source, created_at, updated_at)
              SELECT n.product_id, n.year, e.uscc, e.name, n.source, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
              FROM national_checks n JOIN enterprises e ON e.id = n.enterprise_id
            """,
            "CREATE INDEX national_plan_entries_uscc ON national_plan_entries (enterprise_uscc)",
        ]
    }
}
