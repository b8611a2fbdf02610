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
    /// `id|uscc|class|national|day/product/level/mode/failed refused,…`, appended piece by piece: a draw over a
    /// million candidates writes a million of these, and their hash is recorded, so the text never changes.
    func appendCanonicalLine(to line: inout String) {
        line += String(enterpriseId)
        line += "|"
        line += uscc
        line += "|"
        line += creditClass
        line += inNationalPlan ? "|1|" : "|0|"
        let checks = history.count < 2 ? history : history.sorted { ($0.day, $0.productId) < ($1.day, $1.productId) }
        for (index, check) in checks.enumerated() {
            if index > 0 { line += "," }
            line += check.day.description
            line += "/"
            line += String(check.productId)
            line += "/"
            line += check.level.label
            line += "/"
            line += check.mode.rawValue
            line += check.failed ? "/1" : "/0"
            line += check.refused ? "1" : "0"
        }
    }
}
