import PinzhiDomain

/// The filters of the batch lists (SPEC SC item 12): state, mode, product, district, agency, year, and a search on
/// the enterprise's name or code or the batch number.
public struct BatchFilter: Sendable, Equatable {
    public var states: [BatchState] = []
    public var mode: CheckMode?
    public var stage: SamplingStage?
    public var verdict: ItemVerdict?
    public var productId: Int64?
    public var district: String?
    public var agencyId: Int64?
    public var year: Int?
    public var enterpriseId: Int64?
    public var taskId: Int64?
    /// Who issued the plan: "city" for the city's plans, or a district code.
    public var planLevel: String?
    /// Leaves out passed batches that are concluded and published: finished, with nothing left to do.
    public var excludeSettled = false
    /// States in which a published batch is left out as well (BatchWorkflow.publicationOnlyStates of the reader).
    public var publishedDoneIn: Set<BatchState> = []
    public var search: String?
    public var limit: Int = 50
    public var offset: Int = 0
    /// Counting stops past this many matches (nil: count them all). A list page says "more than N" instead of
    /// scanning millions of batches at city scale for a number nobody reads to the unit (issue 21).
    public var countLimit: Int?

    public init() {}

    /// Whether the free-text search applies (it reads the enterprise's name and code).
    var hasSearch: Bool { !(search?.trimmingCharacters(in: .whitespaces).isEmpty ?? true) }
}
