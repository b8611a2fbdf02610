/// What every workbench opens with, kept cheap as the history grows (issue 6): a batch's `settled` flag (see
/// `Batch.isSettled`, set by every step) so the work list reads only open batches by an index; the signed-in
/// person's recent actions, newest first; the count of credit class D enterprises.
enum Migration011WorkList {
    static let migration = Migration(11, "work_list") { d in
        [
            "ALTER TABLE batches ADD COLUMN settled \(d.bool) NOT NULL DEFAULT \(d.false)",
            """
            UPDATE batches SET settled = \(d.true) WHERE published_on IS NOT NULL
              AND (state = 'closed' OR (state = 'concluded' AND COALESCE(verdict, '') <> 'fail'))
            """,
            "CREATE INDEX batches_open ON batches (settled, state)",
            "CREATE INDEX audit_log_actor ON audit_log (actor_name, seq)",
            "CREATE INDEX enterprises_credit ON enterprises (credit_class)",
        ]
    }
}
