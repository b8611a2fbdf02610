/// Tasks given to agencies from plan lines (SPEC SC-3).
enum Migration007Tasks {
    static let migration = Migration(7, "tasks") { d in
        [
            """
            CREATE TABLE tasks (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, plan_id \(d.bigint) NOT NULL REFERENCES plans(id),
              plan_line_id \(d.bigint) NOT NULL REFERENCES plan_lines(id), district_code TEXT,
              agency_id \(d.bigint) NOT NULL REFERENCES agencies(id), contract_id \(d.bigint) NOT NULL REFERENCES agency_contracts(id),
              product_id \(d.bigint) NOT NULL REFERENCES products(id), mode TEXT NOT NULL, stage TEXT NOT NULL, batches \(d.bigint) NOT NULL,
              area TEXT, due_date TEXT NOT NULL, state TEXT NOT NULL, decline_reason TEXT, created_by TEXT NOT NULL,
              created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX tasks_agency ON tasks (agency_id, state)",
            "CREATE INDEX tasks_line ON tasks (plan_line_id)",
        ]
    }
}
