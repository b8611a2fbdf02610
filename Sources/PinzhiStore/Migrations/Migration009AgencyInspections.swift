/// On-site inspections of testing agencies flagged by oversight (SPEC SC-11): findings and tender score deductions.
enum Migration009AgencyInspections {
    static let migration = Migration(9, "agency_inspections") { d in
        [
            """
            CREATE TABLE agency_inspections (id \(d.primaryKey), agency_id \(d.bigint) NOT NULL REFERENCES agencies(id),
              inspected_on TEXT NOT NULL, findings TEXT NOT NULL, deduction \(d.double) NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX agency_inspections_agency ON agency_inspections (agency_id)",
        ]
    }
}
