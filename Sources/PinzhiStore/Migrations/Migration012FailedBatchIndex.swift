/// The dashboard's post-handling funnel and district assessment read a year's failed batches: a few per cent of
/// all batches, found by this index instead of a scan of the whole history (issue 6).
enum Migration012FailedBatchIndex {
    static let migration = Migration(12, "failed_batch_index") { _ in
        ["CREATE INDEX batches_verdict ON batches (verdict)"]
    }
}
