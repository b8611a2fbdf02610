/// Risk information (SPEC RK-1) as a workflow kind with its timeline, and the history of each product's grade
/// (RK-2): every change of the model's grade or an expert's override, with its inputs.
enum Migration030RiskItems {
    static let migration = Migration(30, "risk_items") { d in
        [
            """
            CREATE TABLE risk_items (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, source TEXT NOT NULL,
              product_id \(d.bigint) NOT NULL REFERENCES products(id), enterprise_id \(d.bigint) REFERENCES enterprises(id), district_code TEXT,
              hazard TEXT NOT NULL, user_group TEXT NOT NULL, severity \(d.bigint) NOT NULL, probability \(d.double) NOT NULL, risk_level TEXT NOT NULL,
              evidence TEXT NOT NULL, reporter TEXT NOT NULL, reported_on TEXT NOT NULL, batch_id \(d.bigint) REFERENCES batches(id),
              state TEXT NOT NULL, entered_on TEXT NOT NULL, urgency TEXT, graded_on TEXT, measures TEXT, result TEXT, decision_note TEXT,
              created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX risk_items_product ON risk_items (product_id, reported_on)",
            "CREATE INDEX risk_items_enterprise ON risk_items (enterprise_id)",
            "CREATE INDEX risk_items_batch ON risk_items (batch_id)",
            "CREATE INDEX risk_items_state ON risk_items (state, reported_on)",
            """
            CREATE TABLE risk_item_events (id \(d.primaryKey), risk_item_id \(d.bigint) NOT NULL REFERENCES risk_items(id), action TEXT NOT NULL,
              from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL,
              actor_role TEXT NOT NULL, summary TEXT NOT NULL, data_json TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX risk_item_events_item ON risk_item_events (risk_item_id)",
            """
            CREATE TABLE product_grades (id \(d.primaryKey), product_id \(d.bigint) NOT NULL REFERENCES products(id), kind TEXT NOT NULL,
              level TEXT, inputs TEXT NOT NULL, reason TEXT, day TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL)
            """,
            "CREATE INDEX product_grades_product ON product_grades (product_id, id)",
        ]
    }
}
