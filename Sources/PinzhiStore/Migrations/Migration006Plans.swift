/// Annual plans and their lines (SPEC SC-1).
enum Migration006Plans {
    static let migration = Migration(6, "plans") { d in
        [
            """
            CREATE TABLE plans (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, year \(d.bigint) NOT NULL, district_code TEXT,
              title TEXT NOT NULL, state TEXT NOT NULL, notes TEXT, rules_version \(d.bigint), created_by TEXT NOT NULL,
              created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX plans_year ON plans (year, district_code)",
            """
            CREATE TABLE plan_lines (id \(d.primaryKey), plan_id \(d.bigint) NOT NULL REFERENCES plans(id),
              product_id \(d.bigint) NOT NULL REFERENCES products(id), mode TEXT NOT NULL, stage TEXT NOT NULL, batches \(d.bigint) NOT NULL,
              item_ids TEXT NOT NULL, focus_areas TEXT, premises TEXT, budget \(d.double), season_start \(d.bigint), season_end \(d.bigint),
              created_at TEXT NOT NULL)
            """,
            "CREATE INDEX plan_lines_plan ON plan_lines (plan_id)",
        ]
    }
}
