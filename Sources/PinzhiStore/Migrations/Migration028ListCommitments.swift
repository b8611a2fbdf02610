/// Every draw the public can check by one mechanism (issue 16 item 5): the recheck agency's draw and the officers'
/// assessment draw commit their candidate list (PZ-DRAW-2 §十四, ListDraw) before the seed, like a task's draw. One
/// row per commitment, with the draw made from it once the values are revealed; never edited after the draw. The
/// private part (the candidates with their salts) stays in `private_json` for recomputation and proofs.
enum Migration028ListCommitments {
    static let migration = Migration(28, "list_commitments") { d in
        [
            """
            CREATE TABLE list_commitments (id \(d.primaryKey), kind TEXT NOT NULL, subject TEXT NOT NULL, record_id \(d.bigint),
              commitment_text TEXT NOT NULL, commitment_hash TEXT NOT NULL UNIQUE, root TEXT NOT NULL, witness_hash TEXT,
              leaves_text TEXT NOT NULL, private_json TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL,
              seed TEXT, public_value TEXT, public_source TEXT, witness_secret TEXT, result_text TEXT, selected_ids TEXT,
              drawn_by TEXT, drawn_at TEXT)
            """,
            "CREATE INDEX list_commitments_record ON list_commitments (kind, record_id)",
            "CREATE INDEX list_commitments_subject ON list_commitments (kind, subject)",
            "ALTER TABLE draws ADD COLUMN list_commitment_id \(d.bigint) REFERENCES list_commitments(id)",
            "ALTER TABLE officer_assessments ADD COLUMN list_commitment_id \(d.bigint) REFERENCES list_commitments(id)",
        ]
    }
}
