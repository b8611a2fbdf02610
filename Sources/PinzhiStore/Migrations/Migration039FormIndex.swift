/// The monthly form counts a district's batches by day, product, stage and verdict (issue 21 item 5): an index that
/// holds every column it reads answers it without reading a batch row. It starts with the district, as the one it
/// replaces did, so that one goes.
enum Migration039FormIndex {
    static let migration = Migration(39, "monthly form index") { _ in
        ["CREATE INDEX batches_form ON batches (enterprise_district, sampled_on, product_id, stage, verdict, enterprise_id)",
         "DROP INDEX batches_district"]
    }
}
