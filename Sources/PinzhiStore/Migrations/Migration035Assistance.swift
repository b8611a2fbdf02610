/// Quality technical assistance (SPEC TA-2, TA-3; seeds 000, 002): the cases as a workflow kind with their timeline,
/// and the activities (trainings, 质量分析会, 巡回问诊 visits) the 000 table counts. A case's experts and 诊断书 are
/// kept as JSON beside the columns the report and the lists filter on (the days a case was served, diagnosed,
/// closed and revisited); then 提质强企's clusters, target lists and library.
enum Migration035Assistance {
    static let migration = Migration(35, "assistance") { d in
        [
            """
            CREATE TABLE assistance_cases (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1,
              enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id), district_code TEXT, product_id \(d.bigint) REFERENCES products(id),
              mode TEXT NOT NULL, origin TEXT NOT NULL, batch_id \(d.bigint) REFERENCES batches(id), problems TEXT NOT NULL, suggestion TEXT,
              requested_on TEXT NOT NULL, state TEXT NOT NULL, entered_on TEXT NOT NULL, experts_json TEXT NOT NULL, served_on TEXT,
              diagnosis_json TEXT, diagnosed_on TEXT, rectification TEXT, rating \(d.bigint), rating_comment TEXT,
              problems_solved \(d.bigint) NOT NULL DEFAULT 0, output_value \(d.double) NOT NULL DEFAULT 0, output_evidence TEXT, closed_on TEXT,
              revisit_due TEXT, revisited_on TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX assistance_cases_state ON assistance_cases (state, district_code)",
            "CREATE INDEX assistance_cases_enterprise ON assistance_cases (enterprise_id)",
            "CREATE INDEX assistance_cases_batch ON assistance_cases (batch_id)",
            """
            CREATE TABLE assistance_case_experts (assistance_case_id \(d.bigint) NOT NULL REFERENCES assistance_cases(id),
              expert_id \(d.bigint) NOT NULL REFERENCES experts(id), PRIMARY KEY (assistance_case_id, expert_id))
            """,
            "CREATE INDEX assistance_case_experts_expert ON assistance_case_experts (expert_id)",
            """
            CREATE TABLE assistance_case_events (id \(d.primaryKey), assistance_case_id \(d.bigint) NOT NULL REFERENCES assistance_cases(id),
              action TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL,
              actor_role TEXT NOT NULL, summary TEXT NOT NULL, data_json TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX assistance_case_events_case ON assistance_case_events (assistance_case_id)",
            """
            CREATE TABLE assistance_activities (id \(d.primaryKey), kind TEXT NOT NULL, title TEXT NOT NULL, district_code TEXT,
              held_on TEXT NOT NULL, place TEXT NOT NULL, cluster TEXT, product_ids TEXT NOT NULL, organisations TEXT NOT NULL,
              expert_ids TEXT NOT NULL, enterprise_ids TEXT NOT NULL, notes TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX assistance_activities_day ON assistance_activities (held_on, district_code)",
            // 提质强企 (SPEC TA-4): clusters (members are the enterprises whose `cluster` names it), the districts' target
            // lists with their 一企一策 plans, and the library of problems and solutions.
            """
            CREATE TABLE assistance_clusters (id \(d.primaryKey), name TEXT NOT NULL UNIQUE, district_code TEXT, product_ids TEXT NOT NULL,
              leader_id \(d.bigint) REFERENCES enterprises(id), focus TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE assistance_targets (id \(d.primaryKey), year \(d.bigint) NOT NULL, district_code TEXT NOT NULL,
              enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id), reasons TEXT NOT NULL, plan TEXT, confirmed_by TEXT NOT NULL,
              confirmed_on TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (year, enterprise_id))
            """,
            "CREATE INDEX assistance_targets_district ON assistance_targets (year, district_code)",
            """
            CREATE TABLE assistance_library (id \(d.primaryKey), category TEXT NOT NULL, product_id \(d.bigint) REFERENCES products(id), title TEXT NOT NULL,
              problem TEXT NOT NULL, cause TEXT NOT NULL, solution TEXT NOT NULL, case_id \(d.bigint) REFERENCES assistance_cases(id),
              created_by TEXT NOT NULL, created_on TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX assistance_library_category ON assistance_library (category, product_id)",
        ]
    }
}
