/// The witness's registrations (issue 16 item 3, DrawWitness): the hash of a secret fixed by a witness's account for
/// one draw's subject before its commitment, the commitment that took it in, and the secret once revealed.
enum Migration029DrawWitnesses {
    static let migration = Migration(29, "draw_witnesses") { d in
        [
            """
            CREATE TABLE draw_witnesses (id \(d.primaryKey), subject TEXT NOT NULL, hash TEXT NOT NULL, registered_by TEXT NOT NULL,
              registered_at TEXT NOT NULL, commitment_hash TEXT, committed_at TEXT, secret TEXT, revealed_at TEXT)
            """,
            "CREATE INDEX draw_witnesses_subject ON draw_witnesses (subject)",
            "CREATE INDEX draw_witnesses_commitment ON draw_witnesses (commitment_hash)",
            "CREATE INDEX draw_witnesses_account ON draw_witnesses (registered_by)",
        ]
    }
}
