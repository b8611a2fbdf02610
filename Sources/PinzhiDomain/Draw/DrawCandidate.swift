/// An enterprise in scope of a draw, with what the exclusions and weights need.
public struct DrawCandidate: Sendable, Equatable, Codable {
    public var enterpriseId: Int64
    public var uscc: String
    public var creditClass: String
    public var history: [PastCheck]
    /// The product of this enterprise is in this year's national plan (Product Quality Law Art. 15).
    public var inNationalPlan: Bool

    public init(enterpriseId: Int64, uscc: String, creditClass: String, history: [PastCheck] = [], inNationalPlan: Bool = false) {
        self.enterpriseId = enterpriseId
        self.uscc = uscc
        self.creditClass = creditClass
        self.history = history
        self.inNationalPlan = inNationalPlan
    }

    /// One line of the canonical candidate list whose hash the draw record keeps.
    var canonicalLine: String {
        let checks = history.sorted { ($0.day, $0.productId) < ($1.day, $1.productId) }
            .map { "\($0.day)/\($0.productId)/\($0.level.label)/\($0.mode.rawValue)/\($0.failed ? 1 : 0)\($0.refused ? 1 : 0)" }
        return "\(enterpriseId)|\(uscc)|\(creditClass)|\(inNationalPlan ? 1 : 0)|\(checks.joined(separator: ","))"
    }
}
