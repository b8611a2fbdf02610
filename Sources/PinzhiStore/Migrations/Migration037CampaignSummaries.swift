import PinzhiDomain

/// The districts' written summaries of a campaign (SPEC CP-1, 001 §六(五)): the interim and the annual summary as
/// records that move (CampaignSummaryKind), one per district and kind, written with the campaign (and here for the
/// campaigns created before), with their timeline.
enum Migration037CampaignSummaries {
    static let migration = Migration(37, "campaign summaries") { d in
        [
            """
            CREATE TABLE campaign_summaries (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1,
              campaign_id \(d.bigint) NOT NULL REFERENCES campaigns(id), district_code TEXT NOT NULL, kind TEXT NOT NULL, due TEXT NOT NULL,
              state TEXT NOT NULL, entered_on TEXT NOT NULL, text TEXT, submitted_on TEXT, return_reason TEXT, created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL, UNIQUE (campaign_id, district_code, kind))
            """,
            """
            CREATE TABLE campaign_summary_events (id \(d.primaryKey), campaign_summary_id \(d.bigint) NOT NULL REFERENCES campaign_summaries(id),
              action TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL,
              actor_role TEXT NOT NULL, summary TEXT NOT NULL, data_json TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX campaign_summary_events_summary ON campaign_summary_events (campaign_summary_id)",
        ] + [("interim_summary", "07-15"), ("annual_summary", "10-14")].map { kind, day in
            // Campaigns created before: each district's summaries, as CampaignSummaryRepository.insertAll writes them.
            let districts = District.all.map { "SELECT '\($0.code)' AS code" }.joined(separator: " UNION ALL ")
            return """
                INSERT INTO campaign_summaries (campaign_id, district_code, kind, due, state, entered_on, created_at, updated_at) \
                SELECT c.id, d.code, '\(kind)', CAST(c.year AS TEXT) || '-\(day)', 'open', c.starts_on, c.created_at, c.created_at \
                FROM campaigns c CROSS JOIN (\(districts)) d
                """
        }
    }
}
