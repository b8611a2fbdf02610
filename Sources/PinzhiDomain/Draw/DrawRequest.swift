/// What a draw is asked: which product, level, mode and day, how many enterprises, under which rules, from which seed.
public struct DrawRequest: Sendable, Equatable, Codable {
    public var seed: UInt64
    public var day: Day
    public var productId: Int64
    public var level: CheckLevel
    public var mode: CheckMode
    public var count: Int
    public var rulesVersion: Int
    public var rules: [String: Double]

    public init(seed: UInt64, day: Day, productId: Int64, level: CheckLevel, mode: CheckMode, count: Int, rules: RuleSet) {
        self.seed = seed
        self.day = day
        self.productId = productId
        self.level = level
        self.mode = mode
        self.count = count
        self.rulesVersion = rules.version
        self.rules = rules.values
    }

    func rule(_ key: String) -> Double { rules[key] ?? RuleSet.defaults[key] ?? 0 }
}
