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

    /// One line of the canonical candidate list whose hash the draw record keeps:
    /// `id|uscc|class|national|day/product/level/mode/failed refused,…`, written as UTF-8 bytes piece by piece: a draw
    /// over a million candidates writes a million of these, and their hash is recorded, so the text never changes
    /// (DrawCanonicalTextTests holds it to the formula the first draws were hashed with).
    func appendCanonicalLine(to line: inout [UInt8]) {
        Self.appendDecimal(enterpriseId, to: &line)
        line.append(UInt8(ascii: "|"))
        line.append(contentsOf: uscc.utf8)
        line.append(UInt8(ascii: "|"))
        line.append(contentsOf: creditClass.utf8)
        line.append(contentsOf: inNationalPlan ? Self.nationalYes : Self.nationalNo)
        let checks = history.count < 2 ? history : history.sorted { ($0.day, $0.productId) < ($1.day, $1.productId) }
        for (index, check) in checks.enumerated() {
            if index > 0 { line.append(UInt8(ascii: ",")) }
            check.day.appendText(to: &line)
            line.append(UInt8(ascii: "/"))
            Self.appendDecimal(check.productId, to: &line)
            line.append(UInt8(ascii: "/"))
            line.append(contentsOf: check.level.label.utf8)
            line.append(UInt8(ascii: "/"))
            line.append(contentsOf: check.mode.rawValue.utf8)
            line.append(UInt8(ascii: "/"))
            line.append(check.failed ? UInt8(ascii: "1") : UInt8(ascii: "0"))
            line.append(check.refused ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        }
    }

    private static let nationalYes = Array("|1|".utf8), nationalNo = Array("|0|".utf8)

    /// As `String(value)` writes it.
    static func appendDecimal(_ value: Int64, to line: inout [UInt8]) {
        guard value >= 0 else { line.append(contentsOf: String(value).utf8); return }
        appendPadded(Int(value), width: 1, to: &line)
    }

    /// As `String(value).leftPadded(width)` writes a non-negative number (Day.description).
    static func appendPadded(_ value: Int, width: Int, to line: inout [UInt8]) {
        guard value >= 0 else { line.append(contentsOf: String(value).utf8); return }
        var digits = 1, rest = value
        while rest >= 10 { rest /= 10; digits += 1 }
        for _ in digits..<max(width, digits) { line.append(UInt8(ascii: "0")) }
        let start = line.count
        line.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var n = value, position = start + digits - 1
        repeat {
            line[position] = UInt8(ascii: "0") + UInt8(n % 10)
            n /= 10
            position -= 1
        } while n > 0
    }
}
