/// The market estimate's rollup (SPEC RK-7, issue 21 item 1): checked batches counted by plan year, plan level,
/// enterprise district and inclusion probability π, kept with each verdict as `rate_rollup` is. A draw gives one π
/// per credit class, so a year's million batches are a few thousand rows; the dashboard read every batch of the year
/// and decoded every draw's probabilities (3 s of its 5 at city scale). π 0 counts batches whose draw stored none.
/// Filled from the batches already there, each draw's probabilities read by the database's JSON functions.
enum Migration043MarketRollup {
    static let migration = Migration(43, "market_rollup") { d in
        [
            """
            CREATE TABLE market_rollup (year \(d.bigint) NOT NULL, plan_district_code TEXT NOT NULL, enterprise_district TEXT NOT NULL,
              probability \(d.double) NOT NULL, tested \(d.bigint) NOT NULL, failed \(d.bigint) NOT NULL,
              PRIMARY KEY (year, plan_district_code, enterprise_district, probability))
            """,
            "INSERT INTO market_rollup (year, plan_district_code, enterprise_district, probability, tested, failed) " + MarketRollup.countSQL(d),
        ]
    }
}
