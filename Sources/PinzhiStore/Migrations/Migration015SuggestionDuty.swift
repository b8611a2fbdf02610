/// The agency's 质量建议书 becomes a duty for every failed batch (issue 15): the day it was issued is kept on the
/// batch, taken from the timeline for batches that have one, and a failed batch without it is no longer settled.
enum Migration015SuggestionDuty {
    static let migration = Migration(15, "suggestion_duty") { d in
        [
            "ALTER TABLE batches ADD COLUMN suggested_on TEXT",
            """
            UPDATE batches SET suggested_on = (SELECT MAX(e.day) FROM batch_events e WHERE e.batch_id = batches.id AND e.action = 'suggest')
              WHERE verdict = 'fail'
            """,
            "UPDATE batches SET settled = \(d.false) WHERE verdict = 'fail' AND suggested_on IS NULL",
        ]
    }
}
