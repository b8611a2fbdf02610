/// The non-conformance rollup (SPEC SC-10, issue 6): batches with a verdict counted by every dimension the
/// statistics break down by, kept in the transaction of each step that sets or changes a verdict, so the dashboard
/// reads a few thousand rows instead of grouping every batch. Filled from the batches already there.
enum Migration010RateRollup {
    static let migration = Migration(10, "rate_rollup") { d in
        [
            """
            CREATE TABLE rate_rollup (year \(d.bigint) NOT NULL, product_id \(d.bigint) NOT NULL, enterprise_district TEXT NOT NULL,
              plan_district_code TEXT NOT NULL, stage TEXT NOT NULL, mode TEXT NOT NULL, agency_id \(d.bigint) NOT NULL,
              tested \(d.bigint) NOT NULL, failed \(d.bigint) NOT NULL,
              PRIMARY KEY (year, product_id, enterprise_district, plan_district_code, stage, mode, agency_id))
            """,
            RateRollup.rebuildSQL,
        ]
    }
}
