/// The dashboard's second rollup (issue 21 item 1): checked batches counted by plan year, plan level, enterprise
/// district, inclusion probability π and month of sampling, kept with each verdict as `rate_rollup` is. The market
/// estimate (SPEC RK-7) sums it by π and the monthly line chart by month: they read every batch of the year and
/// decoded every draw's probabilities (3.7 s of the dashboard's 5.7 at city scale). A draw gives one π per credit
/// class, so a year's million batches are some ten thousand rows. π 0 counts batches whose draw stored none.
/// Filled from the batches already there, each draw's probabilities read by the database's JSON functions.
enum Migration043VerdictRollup {
    static let migration = Migration(43, "verdict_rollup") { d in
        [
            """
            CREATE TABLE verdict_rollup (year \(d.bigint) NOT NULL, plan_district_code TEXT NOT NULL, enterprise_district TEXT NOT NULL,
              probability \(d.double) NOT NULL, month TEXT NOT NULL, tested \(d.bigint) NOT NULL, failed \(d.bigint) NOT NULL,
              PRIMARY KEY (year, plan_district_code, enterprise_district, probability, month))
            """,
            "INSERT INTO verdict_rollup (year, plan_district_code, enterprise_district, probability, month, tested, failed) " + VerdictRollup.countSQL(d),
        ]
    }
}
