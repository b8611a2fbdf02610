/// Draws the public can check (issue 16, PZ-DRAW-2): a task's candidate list is committed — Merkle root over
/// salted leaves, published and audited — before the seed exists; the draw then records the values revealed after it
/// (a public value with its source, a witness's secret) and its published result text. The private part (the
/// candidates, their salts, the inspectors) stays with the commitment for recomputation and the enterprises' proofs.
enum Migration022DrawCommitments {
    static let migration = Migration(22, "draw_commitments") { d in
        [
            """
            CREATE TABLE draw_commitments (id \(d.primaryKey), task_id \(d.bigint) NOT NULL REFERENCES tasks(id), algorithm TEXT NOT NULL,
              commitment_text TEXT NOT NULL, commitment_hash TEXT NOT NULL UNIQUE, root TEXT NOT NULL, witness_hash TEXT,
              leaves_text TEXT NOT NULL, private_json TEXT NOT NULL, draw_id \(d.bigint) REFERENCES draws(id),
              created_by TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX draw_commitments_task ON draw_commitments (task_id)",
            "ALTER TABLE draws ADD COLUMN commitment_id \(d.bigint) REFERENCES draw_commitments(id)",
            "ALTER TABLE draws ADD COLUMN public_value TEXT",
            "ALTER TABLE draws ADD COLUMN public_source TEXT",
            "ALTER TABLE draws ADD COLUMN witness_secret TEXT",
            "ALTER TABLE draws ADD COLUMN result_text TEXT",
        ]
    }
}
