/// A task: part of a plan line given to one testing agency under its tender contract (SPEC SC-3).
public struct CheckTask: Sendable, Equatable, Codable {
    public var id: Int64
    public var version: Int
    public var planId: Int64
    public var planLineId: Int64
    /// The district whose plan this is; nil for the city's plan. Decides who sees the task.
    public var districtCode: String?
    public var agencyId: Int64
    public var agencyName: String
    public var contractId: Int64
    public var productId: Int64
    public var productName: String
    public var mode: CheckMode
    public var stage: SamplingStage
    public var batches: Int
    public var area: String?
    public var dueDate: Day
    public var state: TaskState
    public var declineReason: String?
    /// The year of the task's plan.
    public var planYear: Int = 0

    public init(id: Int64 = 0, version: Int = 1, planId: Int64, planLineId: Int64, districtCode: String?, agencyId: Int64,
                agencyName: String = "", contractId: Int64, productId: Int64, productName: String = "", mode: CheckMode, stage: SamplingStage,
                batches: Int, area: String?, dueDate: Day, state: TaskState = .assigned, declineReason: String? = nil) {
        self.id = id
        self.version = version
        self.planId = planId
        self.planLineId = planLineId
        self.districtCode = districtCode
        self.agencyId = agencyId
        self.agencyName = agencyName
        self.contractId = contractId
        self.productId = productId
        self.productName = productName
        self.mode = mode
        self.stage = stage
        self.batches = batches
        self.area = area
        self.dueDate = dueDate
        self.state = state
        self.declineReason = declineReason
    }
}
