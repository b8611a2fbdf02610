/// The risk map's two rollups (issue 21 item 5): the year's checks by the enterprise's industrial cluster
/// (ClusterRollup) and the risk items by month, product, district, cluster, state and level (RiskRollup), each filled
/// from what is there; and the enterprises of a cluster found by an index of the clustered ones (398 thousand of a
/// million at scale L: 0.3 s counted from the table, 20 ms from the index).
enum Migration048RiskMapRollups {
    static let migration = Migration(48, "risk map rollups") { d in
        [
            """
            CREATE TABLE cluster_rollup (year \(d.bigint) NOT NULL, cluster TEXT NOT NULL, enterprise_district TEXT NOT NULL,
              plan_district_code TEXT NOT NULL, tested \(d.bigint) NOT NULL, failed \(d.bigint) NOT NULL,
              PRIMARY KEY (year, cluster, enterprise_district, plan_district_code))
            """,
            "INSERT INTO cluster_rollup (year, cluster, enterprise_district, plan_district_code, tested, failed) " + ClusterRollup.countSQL,
            """
            CREATE TABLE risk_rollup (month TEXT NOT NULL, product_id \(d.bigint) NOT NULL, district_code TEXT NOT NULL, cluster TEXT NOT NULL,
              state TEXT NOT NULL, risk_level TEXT NOT NULL, items \(d.bigint) NOT NULL,
              PRIMARY KEY (month, product_id, district_code, cluster, state, risk_level))
            """,
            "INSERT INTO risk_rollup (month, product_id, district_code, cluster, state, risk_level, items) " + RiskRollup.countSQL,
            "CREATE INDEX enterprises_cluster ON enterprises (cluster) WHERE cluster IS NOT NULL AND cluster <> ''",
        ]
    }
}
