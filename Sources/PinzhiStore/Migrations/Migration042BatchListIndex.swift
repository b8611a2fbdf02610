/// The batch list filtered by district is read newest first (issue 21 item 1: "/batches with any filter"). Migration039
/// folded the district's own index into the monthly form's, which is ordered by day, so the list sorted every batch
/// of the district (a city district holds hundreds of thousands) to show fifty. This index is the district's batches
/// in id order; BatchListIndexTests checks that the list's filters are read in order.
enum Migration042BatchListIndex {
    static let migration = Migration(42, "batch list district index") { _ in
        ["CREATE INDEX batches_district_list ON batches (enterprise_district, id)"]
    }
}
