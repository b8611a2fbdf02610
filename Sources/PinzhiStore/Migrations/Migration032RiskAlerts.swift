/// Risk alerts (SPEC RK-5): 风险提示 and 消费提示 as a workflow kind with its timeline.
enum Migration032RiskAlerts {
    static let migration = Migration(32, "risk_alerts") { d in
        [
            """
            CREATE TABLE risk_alerts (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, alert_type TEXT NOT NULL, audience TEXT NOT NULL,
              title TEXT NOT NULL, content TEXT NOT NULL, advice TEXT NOT NULL, product_id \(d.bigint) REFERENCES products(id),
              risk_item_id \(d.bigint) REFERENCES risk_items(id), national_scope \(d.bool) NOT NULL, district_code TEXT,
              created_on TEXT NOT NULL, created_by TEXT NOT NULL, state TEXT NOT NULL, entered_on TEXT NOT NULL, approver TEXT,
              published_on TEXT, withdrawn_on TEXT, note TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX risk_alerts_state ON risk_alerts (state, alert_type, published_on)",
            "CREATE INDEX risk_alerts_product ON risk_alerts (product_id)",
            """
            CREATE TABLE risk_alert_events (id \(d.primaryKey), risk_alert_id \(d.bigint) NOT NULL REFERENCES risk_alerts(id), action TEXT NOT NULL,
              from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL,
              actor_role TEXT NOT NULL, summary TEXT NOT NULL, data_json TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX risk_alert_events_alert ON risk_alert_events (risk_alert_id)",
        ]
    }
}
