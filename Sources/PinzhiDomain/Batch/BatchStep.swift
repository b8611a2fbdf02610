/// The outcome of a step, for the store to write in one transaction: the batch as it now is, what was entered
/// (kept with the step), the item results of a new report version, and the side effects to record.
public struct BatchStep: Sendable {
    public var action: BatchAction
    public var batch: Batch
    public var data: [String: String]
    public var results: [ItemResult]
    public var summary: String
    /// A case lead for enforcement (refusal, case filing), with its source.
    public var caseLead: String?
    /// A publication snapshot is to be written.
    public var publishes: Bool
}
