/// The timelines of plans and tasks, shaped like batch_events: every workflow kind keeps its steps in
/// `<kind>_events` (WorkflowEvents), written in the step's transaction.
enum Migration014WorkflowEvents {
    static let migration = Migration(14, "workflow_events") { d in
        ["plan", "task"].flatMap { kind in
            [
                """
                CREATE TABLE \(kind)_events (id \(d.primaryKey), \(kind)_id \(d.bigint) NOT NULL REFERENCES \(kind)s(id), action TEXT NOT NULL,
                  from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL,
                  actor_role TEXT NOT NULL, summary TEXT NOT NULL, data_json TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
                """,
                "CREATE INDEX \(kind)_events_\(kind) ON \(kind)_events (\(kind)_id)",
            ]
        }
    }
}
