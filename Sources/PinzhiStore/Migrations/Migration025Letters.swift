/// "三书一函" (SPEC EN-3, issue 17): letters to an enterprise or a district bureau, with their timeline `letter_events`.
/// `district_code` is the district that follows the letter (the one addressed, or the addressed enterprise's);
/// `issuer_district` is null for the city bureau.
enum Migration025Letters {
    static let migration = Migration(25, "letters") { d in
        [
            """
            CREATE TABLE letters (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, letter_type TEXT NOT NULL, target TEXT NOT NULL,
              enterprise_id \(d.bigint) REFERENCES enterprises(id), district_code TEXT, issuer_district TEXT, reason TEXT NOT NULL,
              required_actions TEXT NOT NULL, deadline TEXT NOT NULL, linked_records TEXT, state TEXT NOT NULL, created_on TEXT NOT NULL,
              entered_on TEXT NOT NULL, signer TEXT, issued_on TEXT, served_on TEXT, reply TEXT, replied_on TEXT, interview_record TEXT,
              verification_note TEXT, verified_on TEXT, closed_on TEXT, escalated_from \(d.bigint) REFERENCES letters(id), escalated_to \(d.bigint),
              created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX letters_enterprise ON letters (enterprise_id)",
            "CREATE INDEX letters_district ON letters (district_code, state)",
            "CREATE INDEX letters_created ON letters (created_on)",
            """
            CREATE TABLE letter_events (id \(d.primaryKey), letter_id \(d.bigint) NOT NULL REFERENCES letters(id), action TEXT NOT NULL,
              from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL,
              actor_role TEXT NOT NULL, summary TEXT NOT NULL, data_json TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX letter_events_letter ON letter_events (letter_id)",
        ]
    }
}
