/// Quality-safety officers and the enterprise's routine (SPEC EN-4, issue 17): officers on the workflow engine with
/// their timeline `officer_events`; the daily, weekly and monthly records, one per enterprise, kind and period; the
/// 风险管控清单; the random assessments with the candidate list's canonical text and hash, one per scope and period,
/// and the officers each drew with their scores.
enum Migration027SafetyOfficers {
    static let migration = Migration(27, "safety officers") { d in
        [
            """
            CREATE TABLE safety_officers (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1,
              enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id), district_code TEXT, role TEXT NOT NULL, name TEXT NOT NULL, phone TEXT,
              appointed_on TEXT NOT NULL, appointment_document TEXT NOT NULL, state TEXT NOT NULL, entered_on TEXT NOT NULL, trained_on TEXT,
              training_hours \(d.bigint) NOT NULL DEFAULT 0, dismissed_on TEXT, last_score \(d.bigint), last_passed \(d.bool),
              created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX safety_officers_enterprise ON safety_officers (enterprise_id, state)",
            "CREATE INDEX safety_officers_district ON safety_officers (district_code, state)",
            """
            CREATE TABLE officer_events (id \(d.primaryKey), officer_id \(d.bigint) NOT NULL REFERENCES safety_officers(id), action TEXT NOT NULL,
              from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL,
              actor_role TEXT NOT NULL, summary TEXT NOT NULL, data_json TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX officer_events_officer ON officer_events (officer_id)",
            """
            CREATE TABLE routine_records (id \(d.primaryKey), enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id), kind TEXT NOT NULL,
              period TEXT NOT NULL, officer_id \(d.bigint) REFERENCES safety_officers(id), summary TEXT NOT NULL,
              problems_found \(d.bigint) NOT NULL DEFAULT 0, problems_fixed \(d.bigint) NOT NULL DEFAULT 0, filed_by TEXT NOT NULL, filed_at TEXT NOT NULL,
              UNIQUE (enterprise_id, kind, period))
            """,
            "CREATE INDEX routine_records_period ON routine_records (kind, period)",
            """
            CREATE TABLE risk_controls (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id),
              hazard TEXT NOT NULL, measure TEXT NOT NULL, level TEXT NOT NULL, officer_id \(d.bigint) REFERENCES safety_officers(id),
              active \(d.bool) NOT NULL DEFAULT \(d.true), created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX risk_controls_enterprise ON risk_controls (enterprise_id)",
            """
            CREATE TABLE officer_assessments (id \(d.primaryKey), scope TEXT NOT NULL, period TEXT NOT NULL, drawn_on TEXT NOT NULL,
              requested \(d.bigint) NOT NULL, algorithm TEXT NOT NULL, seed TEXT NOT NULL, list_hash TEXT NOT NULL, candidates_text TEXT NOT NULL,
              candidates \(d.bigint) NOT NULL, drawn_by TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (scope, period))
            """,
            """
            CREATE TABLE officer_assessment_items (id \(d.primaryKey), assessment_id \(d.bigint) NOT NULL REFERENCES officer_assessments(id),
              officer_id \(d.bigint) NOT NULL REFERENCES safety_officers(id), enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id),
              draw_order \(d.bigint) NOT NULL, score \(d.bigint), passed \(d.bool), assessed_on TEXT, note TEXT, UNIQUE (assessment_id, officer_id))
            """,
            "CREATE INDEX officer_assessment_items_officer ON officer_assessment_items (officer_id, score)",
        ]
    }
}
