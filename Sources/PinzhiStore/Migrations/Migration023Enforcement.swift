/// Enforcement (SPEC EN-1, issue 17): case leads become a workflow kind — any source, a batch only for those a spot
/// check produced — so `case_leads` (batch required, no states) is copied into `leads` and dropped; cases with their
/// amounts and clocks; the timelines `lead_events` and `case_events`. Old leads keep their id, text and day; their
/// source is read from their text (a refusal, else the 立案 measure, the only two that wrote leads).
enum Migration023Enforcement {
    static let migration = Migration(23, "enforcement") { d in
        [
            """
            CREATE TABLE leads (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, source TEXT NOT NULL,
              batch_id \(d.bigint) REFERENCES batches(id), enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id), district_code TEXT,
              summary TEXT NOT NULL, state TEXT NOT NULL, received_on TEXT NOT NULL, extended \(d.bool) NOT NULL DEFAULT \(d.false),
              decided_on TEXT, decision_note TEXT, case_id \(d.bigint), created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            """
            INSERT INTO leads (id, source, batch_id, enterprise_id, district_code, summary, state, received_on, created_by, created_at, updated_at)
            SELECT l.id, CASE WHEN l.summary LIKE '企业拒绝%' THEN 'refusal' ELSE 'measure' END, l.batch_id, l.enterprise_id,
              (SELECT e.district_code FROM enterprises e WHERE e.id = l.enterprise_id), l.summary, 'open', substr(l.created_at, 1, 10),
              'system', l.created_at, l.created_at
            FROM case_leads l
            """,
            "DROP TABLE case_leads",
            "CREATE INDEX leads_batch ON leads (batch_id)",
            "CREATE INDEX leads_enterprise ON leads (enterprise_id)",
            "CREATE INDEX leads_state ON leads (state, received_on)",
            """
            CREATE TABLE cases (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, lead_id \(d.bigint) NOT NULL UNIQUE REFERENCES leads(id),
              lead_source TEXT NOT NULL, batch_id \(d.bigint) REFERENCES batches(id), enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id),
              district_code TEXT, handler TEXT NOT NULL, article TEXT, summary TEXT NOT NULL, state TEXT NOT NULL, filed_on TEXT NOT NULL,
              entered_on TEXT NOT NULL, decision_due TEXT NOT NULL, extended \(d.bool) NOT NULL DEFAULT \(d.false),
              goods_value \(d.double), fine \(d.double), confiscation \(d.double), case_value \(d.double),
              decided_on TEXT, closed_on TEXT, referral_decided_on TEXT, referred_on TEXT, discipline_sent_on TEXT, discipline_feedback TEXT,
              created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX cases_filed ON cases (filed_on)",
            "CREATE INDEX cases_enterprise ON cases (enterprise_id)",
        ] + ["lead", "case"].flatMap { kind in
            [
                """
                CREATE TABLE \(kind)_events (id \(d.primaryKey), \(kind)_id \(d.bigint) NOT NULL REFERENCES \(kind)s(id), action TEXT NOT NULL,
                  from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL,
                  actor_role TEXT NOT NULL, summary TEXT NOT NULL, data_json TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
                """,
                "CREATE INDEX \(kind)_events_\(kind) ON \(kind)_events (\(kind)_id)",
            ]
        } + (d == .postgres ? ["SELECT setval(pg_get_serial_sequence('leads', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM leads), 1))"] : [])
    }
}
