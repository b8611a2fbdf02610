/// One line of a plan: a product, its test items, how many batches, where and when, and how it is checked.
public struct PlanLine: Sendable, Equatable, Codable {
    /// What a form or an API call that names no known stage is told.
    public static let stageError = FieldError("stage", "抽查环节应为\(Choice.of(SamplingStage.self).labelList)之一")

    public var id: Int64
    public var planId: Int64
    public var productId: Int64
    public var productName: String
    public var mode: CheckMode
    public var stage: SamplingStage
    public var batches: Int
    public var itemIds: [Int64]
    public var focusAreas: String?
    public var premises: String?
    public var budget: Double?
    public var seasonStart: Int?
    public var seasonEnd: Int?

    public init(id: Int64 = 0, planId: Int64 = 0, productId: Int64, productName: String = "", mode: CheckMode, stage: SamplingStage,
                batches: Int, itemIds: [Int64], focusAreas: String? = nil, premises: String? = nil, budget: Double? = nil,
                seasonStart: Int? = nil, seasonEnd: Int? = nil) {
        self.id = id
        self.planId = planId
        self.productId = productId
        self.productName = productName
        self.mode = mode
        self.stage = stage
        self.batches = batches
        self.itemIds = itemIds
        self.focusAreas = focusAreas
        self.premises = premises
        self.budget = budget
        self.seasonStart = seasonStart
        self.seasonEnd = seasonEnd
    }
}
