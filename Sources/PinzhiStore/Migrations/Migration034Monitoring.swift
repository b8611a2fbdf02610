/// Risk monitoring (SPEC RK-6): the city's plans and the agency's monitoring batches as a workflow kind with its
/// timeline; a reported finding links its risk item.
enum Migration034Monitoring {
    static let migration = Migration(34, "monitoring") { d in
        [
            """
            CREATE TABLE monitoring_plans (id \(d.primaryKey), year \(d.bigint) NOT NULL, title TEXT NOT NULL,
              product_id \(d.bigint) NOT NULL REFERENCES products(id), agency_id \(d.bigint) NOT NULL REFERENCES agencies(id), items TEXT NOT NULL,
              focus TEXT NOT NULL, planned_batches \(d.bigint) NOT NULL, created_by TEXT NOT NULL, created_on TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX monitoring_plans_year ON monitoring_plans (year, agency_id)",
            """
            CREATE TABLE monitoring_batches (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1,
              plan_id \(d.bigint) NOT NULL REFERENCES monitoring_plans(id), agency_id \(d.bigint) NOT NULL REFERENCES agencies(id),
              channel TEXT NOT NULL, source TEXT NOT NULL, sample_name TEXT NOT NULL, enterprise_id \(d.bigint) REFERENCES enterprises(id),
              district_code TEXT, sampled_on TEXT NOT NULL, state TEXT NOT NULL, entered_on TEXT NOT NULL, results TEXT, finding \(d.bool),
              finding_text TEXT, risk_item_id \(d.bigint) REFERENCES risk_items(id), created_by TEXT NOT NULL, created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX monitoring_batches_plan ON monitoring_batches (plan_id)",
            "CREATE INDEX monitoring_batches_state ON monitoring_batches (state, agency_id)",
            """
            CREATE TABLE monitoring_batch_events (id \(d.primaryKey), monitoring_batch_id \(d.bigint) NOT NULL REFERENCES monitoring_batches(id),
              action TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL,
              actor_role TEXT NOT NULL, summary TEXT NOT NULL, data_json TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX monitoring_batch_events_batch ON monitoring_batch_events (monitoring_batch_id)",
        ]
    }
}
