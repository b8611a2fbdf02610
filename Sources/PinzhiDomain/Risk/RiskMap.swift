/// One cell of the risk map 风险图谱 (SPEC RK-4, 002): a product in a district — its risk items (open ones, and the
/// highest level among those that count within the grade's window), the product's city-wide grade, and the spot
/// checks' failure rate there with its Wilson interval.
public struct RiskMapCell: Sendable, Equatable, Codable {
    public var productId: Int64
    public var productName: String
    public var districtCode: String
    public var openItems: Int
    public var items: Int
    public var highestLevel: ProductRiskLevel?
    public var productGrade: ProductRiskLevel?
    public var tested: Int
    public var failed: Int

    public init(productId: Int64, productName: String, districtCode: String, openItems: Int = 0, items: Int = 0, highestLevel: ProductRiskLevel? = nil,
                productGrade: ProductRiskLevel? = nil, tested: Int = 0, failed: Int = 0) {
        self.productId = productId
        self.productName = productName
        self.districtCode = districtCode
        self.openItems = openItems
        self.items = items
        self.highestLevel = highestLevel
        self.productGrade = productGrade
        self.tested = tested
        self.failed = failed
    }

    public var rate: Double? { tested == 0 ? nil : Double(failed) / Double(tested) }
    public var interval: (low: Double, high: Double)? { WilsonInterval.of(failed, tested) }

    /// Whether the cell has anything to show.
    public var isEmpty: Bool { items == 0 && tested == 0 }
}

/// The states in which an item still needs work (the map's "open items").
extension RiskItemState {
    public static let open: [RiskItemState] = [.reported, .assessing, .graded, .handling]
}

/// One industrial cluster 产业集聚区 on the risk map (SPEC RK-4, 002 集聚区): its enterprises, their risk items
/// within the grade's window (open ones and the highest level), and the year's spot-check failure rate there.
public struct RiskClusterRow: Sendable, Equatable, Codable {
    public var cluster: String
    public var enterprises: Int
    public var openItems: Int
    public var items: Int
    public var highestLevel: ProductRiskLevel?
    public var tested: Int
    public var failed: Int

    public init(cluster: String, enterprises: Int = 0, openItems: Int = 0, items: Int = 0, highestLevel: ProductRiskLevel? = nil, tested: Int = 0,
                failed: Int = 0) {
        self.cluster = cluster
        self.enterprises = enterprises
        self.openItems = openItems
        self.items = items
        self.highestLevel = highestLevel
        self.tested = tested
        self.failed = failed
    }

    public var rate: Double? { tested == 0 ? nil : Double(failed) / Double(tested) }
    public var interval: (low: Double, high: Double)? { WilsonInterval.of(failed, tested) }
}
