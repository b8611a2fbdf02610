/// Merging duplicate enterprises (SPEC MD-1; issue 22 item 3): the merged record points to the one that stays, and
/// each merge or undo is a record of what moved, so that an undo can move exactly those rows back.
enum Migration041EnterpriseMerges {
    static let migration = Migration(41, "enterprise merges") { d in
        [
            "ALTER TABLE enterprises ADD COLUMN merged_into \(d.bigint) REFERENCES enterprises(id)",
            """
            CREATE TABLE enterprise_merges (id \(d.primaryKey), kind TEXT NOT NULL, merged_id \(d.bigint) NOT NULL REFERENCES enterprises(id),
              survivor_id \(d.bigint) NOT NULL REFERENCES enterprises(id), undoes \(d.bigint) REFERENCES enterprise_merges(id),
              reason TEXT NOT NULL, moved_json TEXT NOT NULL, kept_json TEXT NOT NULL, merged_was_active \(d.bool) NOT NULL,
              created_by TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX enterprise_merges_merged ON enterprise_merges (merged_id)",
            "CREATE INDEX enterprise_merges_survivor ON enterprise_merges (survivor_id)",
            "CREATE UNIQUE INDEX enterprise_merges_undoes ON enterprise_merges (undoes)",
        ]
    }
}
