/// Batches of the spot checks from the draw to the end of post-handling (SPEC SC-4 … SC-9): which enterprises make
/// or sell which product, national-plan entries, stored draws, batches with their steps and item results,
/// publication snapshots, attachments and case leads; inspectors' declared conflicts for the recusal.
enum Migration008Batches {
    static let migration = Migration(8, "batches") { d in
        [
            "ALTER TABLE inspectors ADD COLUMN conflict_usccs TEXT",
            """
            CREATE TABLE enterprise_products (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, active \(d.bool) NOT NULL DEFAULT \(d.true),
              updated_at TEXT NOT NULL, enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id),
              product_id \(d.bigint) NOT NULL REFERENCES products(id), stage TEXT NOT NULL, created_at TEXT NOT NULL,
              UNIQUE (enterprise_id, product_id, stage))
            """,
            "CREATE INDEX enterprise_products_product ON enterprise_products (product_id, stage)",
            """
            CREATE TABLE national_checks (id \(d.primaryKey), year \(d.bigint) NOT NULL, enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id),
              product_id \(d.bigint) NOT NULL REFERENCES products(id), source TEXT NOT NULL, UNIQUE (year, enterprise_id, product_id))
            """,
            """
            CREATE TABLE draws (id \(d.primaryKey), task_id \(d.bigint) NOT NULL REFERENCES tasks(id), purpose TEXT NOT NULL,
              batch_id \(d.bigint), seed TEXT NOT NULL, algorithm TEXT NOT NULL, request_json TEXT NOT NULL, candidates_json TEXT NOT NULL,
              candidate_hash TEXT NOT NULL, result_json TEXT NOT NULL, reason TEXT, superseded_by \(d.bigint),
              created_by TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX draws_task ON draws (task_id)",
            """
            CREATE TABLE batches (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, number TEXT NOT NULL UNIQUE,
              task_id \(d.bigint) NOT NULL REFERENCES tasks(id), draw_id \(d.bigint) NOT NULL REFERENCES draws(id),
              plan_id \(d.bigint) NOT NULL REFERENCES plans(id), plan_district_code TEXT, agency_id \(d.bigint) NOT NULL REFERENCES agencies(id),
              enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id), enterprise_district TEXT NOT NULL,
              product_id \(d.bigint) NOT NULL REFERENCES products(id), mode TEXT NOT NULL, stage TEXT NOT NULL, fast_track \(d.bool) NOT NULL,
              due_date TEXT NOT NULL, state TEXT NOT NULL, state_since TEXT NOT NULL, inspectors TEXT NOT NULL,
              enterprise_confirmed \(d.bool) NOT NULL, sample_name TEXT, lot_number TEXT, sampled_on TEXT, online \(d.bool) NOT NULL,
              report_number TEXT, report_version \(d.bigint) NOT NULL, reported_on TEXT, verdict TEXT, serious \(d.bool) NOT NULL,
              failed_items TEXT, delivered_on TEXT, objection_deadline TEXT, objection_filed_on TEXT, objection_decided_on TEXT,
              recheck_agency_id \(d.bigint) REFERENCES agencies(id), recheck_outcome TEXT, cost_bearer TEXT, concluded_on TEXT,
              rectification_deadline TEXT, sensitive \(d.bool) NOT NULL, sensitive_reason TEXT, published_on TEXT, closed_on TEXT,
              rules_version \(d.bigint) NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX batches_task ON batches (task_id)",
            "CREATE INDEX batches_enterprise ON batches (enterprise_id)",
            "CREATE INDEX batches_agency ON batches (agency_id, state)",
            "CREATE INDEX batches_state ON batches (state)",
            "CREATE INDEX batches_district ON batches (enterprise_district)",
            """
            CREATE TABLE batch_events (id \(d.primaryKey), batch_id \(d.bigint) NOT NULL REFERENCES batches(id), action TEXT NOT NULL,
              from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL,
              actor_role TEXT NOT NULL, summary TEXT NOT NULL, data_json TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX batch_events_batch ON batch_events (batch_id)",
            """
            CREATE TABLE batch_results (id \(d.primaryKey), batch_id \(d.bigint) NOT NULL REFERENCES batches(id), report_version \(d.bigint) NOT NULL,
              test_item_id \(d.bigint) NOT NULL REFERENCES test_items(id), name TEXT NOT NULL, unit TEXT, limit_expression TEXT NOT NULL,
              value TEXT NOT NULL, verdict TEXT NOT NULL, severity TEXT NOT NULL)
            """,
            "CREATE INDEX batch_results_batch ON batch_results (batch_id, report_version)",
            """
            CREATE TABLE publications (id \(d.primaryKey), batch_id \(d.bigint) NOT NULL UNIQUE REFERENCES batches(id),
              published_on TEXT NOT NULL, snapshot_json TEXT NOT NULL, snapshot_hash TEXT NOT NULL,
              product_id \(d.bigint) NOT NULL, district TEXT NOT NULL, failed \(d.bool) NOT NULL, search_text TEXT NOT NULL,
              created_by TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX publications_published ON publications (published_on)",
            "CREATE INDEX publications_product ON publications (product_id, district)",
            """
            CREATE TABLE attachments (id \(d.primaryKey), batch_id \(d.bigint) NOT NULL REFERENCES batches(id), filename TEXT NOT NULL,
              content_type TEXT NOT NULL, size \(d.bigint) NOT NULL, sha256 TEXT NOT NULL, stored_name TEXT NOT NULL,
              created_by TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX attachments_batch ON attachments (batch_id)",
            """
            CREATE TABLE case_leads (id \(d.primaryKey), batch_id \(d.bigint) NOT NULL REFERENCES batches(id),
              enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id), summary TEXT NOT NULL, state TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
        ]
    }
}
