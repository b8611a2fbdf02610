/// One sampled batch 抽查批次: an enterprise drawn for a task, and everything that happens to its sample until the
/// verdict is final and, for a failure, the district has finished the handling (SPEC SC-4 … SC-9).
public struct Batch: Sendable, Equatable, Codable {
    public var id: Int64 = 0
    public var version: Int = 1
    /// The batch number 抽样单编号, e.g. CJ2026-000123; printed on every document.
    public var number: String = ""
    public var taskId: Int64 = 0
    public var drawId: Int64 = 0
    public var planId: Int64 = 0
    /// The district whose plan this is; nil for the city's plan.
    public var planDistrictCode: String?
    public var agencyId: Int64 = 0
    public var agencyName: String = ""
    public var enterpriseId: Int64 = 0
    public var enterpriseName: String = ""
    public var enterpriseUscc: String = ""
    public var enterpriseDistrict: String = ""
    /// The enterprise's industrial cluster 产业集聚区 as it is now (read with the batch, not kept with it): the risk
    /// map counts the batch's verdict there (ClusterRollup).
    public var enterpriseCluster: String?
    public var productId: Int64 = 0
    public var productName: String = ""
    public var mode: CheckMode = .routine
    public var stage: SamplingStage = .production
    public var fastTrack: Bool = false
    public var dueDate: Day = Day(year: 2000, month: 1, day: 1)!
    public var state: BatchState = .drawn
    /// The day the batch entered its current state; the rule-driven deadlines count from it.
    public var stateSince: Day = Day(year: 2000, month: 1, day: 1)!
    /// The inspectors drawn for the sampling (names, joined).
    public var inspectors: String = ""
    public var enterpriseConfirmed: Bool = false
    public var sampleName: String?
    public var lotNumber: String?
    public var sampledOn: Day?
    public var online: Bool = false
    public var reportNumber: String?
    public var reportVersion: Int = 0
    public var reportedOn: Day?
    public var verdict: ItemVerdict?
    public var serious: Bool = false
    public var failedItems: String?
    public var deliveredOn: Day?
    public var objectionDeadline: Day?
    public var objectionFiledOn: Day?
    public var objectionDecidedOn: Day?
    public var recheckAgencyId: Int64?
    public var recheckAgencyName: String?
    public var recheckOutcome: RecheckOutcome?
    public var costBearer: String?
    public var concludedOn: Day?
    public var rectificationDeadline: Day?
    public var sensitive: Bool = false
    public var sensitiveReason: String?
    public var publishedOn: Day?
    public var closedOn: Day?
    /// The day the agency issued its 质量建议书 for a failed batch (004 §十八: the agency's duty for every failure).
    public var suggestedOn: Day?
    /// The rules version of the last decision taken on the batch.
    public var rulesVersion: Int = 0

    public init() {}

    public var isFailure: Bool { verdict == .fail }

    /// Nobody owes this batch a step any more: it is published, and either closed after post-handling (with the
    /// agency's 质量建议书 issued) or concluded without a failure to hand on. Stored with the row, so a work list
    /// skips the settled history by an index.
    public var isSettled: Bool {
        publishedOn != nil && (state == .closed && suggestedOn != nil || (state == .concluded && !isFailure))
    }

    public var verdictLabel: String {
        guard let verdict else { return "—" }
        return verdict == .fail && serious ? "不合格（严重）" : verdict.label
    }
}
