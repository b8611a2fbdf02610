/// Notices to the issuers of licences and CCC certificates (SPEC EN-2, issue 17): one per certificate, written by the
/// case step that establishes a serious violation, with the issuing body's answer; the timeline `issuer_notice_events`.
enum Migration026IssuerNotices {
    static let migration = Migration(26, "issuer notices") { d in
        [
            """
            CREATE TABLE issuer_notices (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, case_id \(d.bigint) NOT NULL REFERENCES cases(id),
              licence_id \(d.bigint) NOT NULL REFERENCES licences(id), licence_kind TEXT NOT NULL, licence_number TEXT NOT NULL, issuer TEXT NOT NULL,
              enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id), district_code TEXT, handler TEXT NOT NULL, reason TEXT NOT NULL,
              state TEXT NOT NULL, sent_on TEXT NOT NULL, entered_on TEXT NOT NULL, measure TEXT, answer TEXT, answered_on TEXT,
              created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (case_id, licence_id))
            """,
            "CREATE INDEX issuer_notices_state ON issuer_notices (state, sent_on)",
            "CREATE INDEX issuer_notices_licence ON issuer_notices (licence_id)",
            """
            CREATE TABLE issuer_notice_events (id \(d.primaryKey), issuer_notice_id \(d.bigint) NOT NULL REFERENCES issuer_notices(id), action TEXT NOT NULL,
              from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL,
              actor_role TEXT NOT NULL, summary TEXT NOT NULL, data_json TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX issuer_notice_events_notice ON issuer_notice_events (issuer_notice_id)",
        ]
    }
}
