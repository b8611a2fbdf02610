/// Enterprise search by a Chinese fragment of a name or address through the two-character pieces of those columns
/// (SearchIndex), filled here from the enterprises already stored, as SearchGrams cuts them (issue 6: at a million
/// enterprises a scan of every name takes far longer than a page of results may).
enum Migration013EnterpriseSearchGrams {
    static let migration = Migration(13, "enterprise_search_grams") { d in
        [
            "CREATE TABLE enterprises_grams (gram TEXT NOT NULL, record_id \(d.bigint) NOT NULL, PRIMARY KEY (gram, record_id))"
                + (d == .sqlite ? " WITHOUT ROWID" : ""),
            "CREATE INDEX enterprises_grams_record ON enterprises_grams (record_id)",
            """
            WITH RECURSIVE t(id, s) AS (
                SELECT id, LOWER(name) FROM enterprises UNION ALL SELECT id, LOWER(address) FROM enterprises
                UNION ALL SELECT id, LOWER(cluster) FROM enterprises WHERE cluster IS NOT NULL),
              g(id, s, i) AS (SELECT id, s, 1 FROM t WHERE length(s) >= 2 UNION ALL SELECT id, s, i + 1 FROM g WHERE i + 2 <= length(s))
            INSERT INTO enterprises_grams (gram, record_id) SELECT DISTINCT substr(s, i, 2), id FROM g
            """,
        ]
    }
}
