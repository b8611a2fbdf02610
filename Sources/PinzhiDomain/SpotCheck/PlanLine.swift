/// One line of a plan: a product, its test items, how many batches, where and when, and how it is checked.
public struct PlanLine: Sendable, Equatable, Codable {
    public static let stages = ["生产", "流通", "网络"]

    public var id: Int64
    public var planId: Int64
    public var productId: Int64
    public var productName: String
    public var mode: CheckMode
    public var stage: String
    public var batches: Int
    public var itemIds: [Int64]
    public var focusAreas: String?
    public var premises: String?
    public var budget: Double?
    public var seasonStart: Int?
    public var seasonEnd: Int?

    public init(id: Int64 = 0, planId: Int64 = 0, productId: Int64, productName: String = "", mode: CheckMode, stage: String,
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
