import Testing
@testable import PinzhiDomain

/// SPEC RK-2: the EU risk matrix (2010/15/EU Part IV) cell by cell, its band edges, vulnerable users one band up, the
/// defaults for a failed item without a scenario, and the probabilities a user may write.
@Suite("产品风险分级矩阵（RK-2）")
struct RiskMatrixTests {
    /// All 32 cells: a probability inside each band (its bound × 1.5, or a fixed value for the ends) and severity 1–4.
    static let cells: [(probability: Double, levels: [ProductRiskLevel])] = [
        (0.75, [.high, .serious, .serious, .serious]),
        (0.15, [.medium, .serious, .serious, .serious]),
        (0.015, [.medium, .serious, .serious, .serious]),
        (0.0015, [.low, .high, .serious, .serious]),
        (0.00015, [.low, .medium, .high, .serious]),
        (0.000015, [.low, .low, .medium, .high]),
        (0.0000015, [.low, .low, .low, .medium]),
        (0.0000001, [.low, .low, .low, .low]),
    ]

    @Test("每一格", arguments: Array(cells.enumerated()))
    func everyCell(_ row: (offset: Int, element: (probability: Double, levels: [ProductRiskLevel]))) {
        #expect(ProbabilityBand(probability: row.element.probability).rawValue == row.offset)
        for severity in 1...4 {
            #expect(RiskMatrix.level(severity: severity, probability: row.element.probability) == row.element.levels[severity - 1],
                    "band \(row.offset), severity \(severity)")
        }
    }

    @Test func theBandsAreStrictlyAboveTheirBounds() {
        #expect(ProbabilityBand(probability: 1) == .over50Percent)
        #expect(ProbabilityBand(probability: 0.5) == .over1In10, "exactly 50 % is not above 50 %")
        #expect(ProbabilityBand(probability: 0.1) == .over1In100)
        #expect(ProbabilityBand(probability: 1.0 / 10_000) == .over1In100000)
        #expect(ProbabilityBand(probability: 1.0 / 1_000_000) == .atMost1In1000000)
        #expect(ProbabilityBand(probability: 1.0 / 5_000) == .over1In10000)
    }

    @Test func vulnerableUsersMoveTheProbabilityOneBandUp() {
        #expect(RiskMatrix.level(severity: 3, probability: 1.0 / 5_000) == .high)
        #expect(RiskMatrix.level(severity: 3, probability: 1.0 / 5_000, vulnerable: true) == .serious)
        #expect(RiskMatrix.level(severity: 1, probability: 0.75, vulnerable: true) == .high, "the top band stays")
        #expect(DefaultScenario.of(.serious).level() == .high && DefaultScenario.of(.serious).level(vulnerable: true) == .serious)
        #expect(DefaultScenario.of(.general).level() == .low && DefaultScenario.of(.general).level(vulnerable: true) == .medium)
        #expect([ProductRiskLevel.serious, .high, .medium, .low].map(\.grade) == ["高", "较高", "一般", "低"])
        #expect(ProductRiskLevel.serious > .high && ProductRiskLevel.medium > .low)
    }

    @Test func probabilitiesAreFractionsOrDecimalsInZeroToOne() {
        #expect(RiskMatrix.probability("1/5000") == 0.0002)
        #expect(RiskMatrix.probability(" 1 / 10 000 ") == 0.0001)
        #expect(RiskMatrix.probability("0.0002") == 0.0002)
        #expect(RiskMatrix.probability("1") == 1)
        for bad in ["0", "2", "1/0", "abc", "-0.1", "", "1/", "nan", "inf"] {
            #expect(RiskMatrix.probability(bad) == nil, "\(bad)")
        }
    }
}
