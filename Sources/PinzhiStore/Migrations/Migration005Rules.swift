/// The versioned rule parameters, with version 1 holding SPEC's defaults.
enum Migration005Rules {
    static let migration = Migration(5, "rules") { d in
        // The defaults as they stood when this migration was written; later changes are new versions, not edits here.
        let defaults = #"{"batchesPerTask":3,"creditShareA":1,"creditShareB":2,"creditShareC":10,"creditShareD":30,"fastTrackDeliveryHours":24,"fastTrackReportHours":72,"lowBidShare":70,"objectionAcceptanceWorkingDays":3,"objectionDays":15,"publicationDelayDays":5,"recheckWorkingDays":10,"repeatCheckMonths":6,"smallCellCount":5,"tasksPerCheck":3,"yearlyChecksPerEnterprise":3}"#
        return [
            """
            CREATE TABLE rule_versions (version \(d.bigint) PRIMARY KEY, effective_from TEXT NOT NULL UNIQUE, values_json TEXT NOT NULL,
              reason TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "INSERT INTO rule_versions VALUES (1, '2000-01-01', '\(defaults)', 'SPEC 默认值', 'system', '2026-11-24T00:00:00Z')",
        ]
    }
}
