import Foundation

/// The level of a product's risk (SPEC RK-2, 003 §二十): the four outcomes of the EU risk-assessment matrix, each with
/// the Chinese grade the bureau uses (docs/rules.md §7).
public enum ProductRiskLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case low
    case medium
    case high
    case serious

    /// 风险等级: serious → 高, high → 较高, medium → 一般, low → 低.
    public var grade: String {
        switch self {
        case .serious: "高"
        case .high: "较高"
        case .medium: "一般"
        case .low: "低"
        }
    }

    public static func < (a: ProductRiskLevel, b: ProductRiskLevel) -> Bool { a.rank < b.rank }

    var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// The probability bands of the matrix, highest first: that an injury happens during the product's foreseeable
/// lifetime (the product of the scenario's step probabilities).
public enum ProbabilityBand: Int, Sendable, Codable, CaseIterable {
    case over50Percent = 0
    case over1In10
    case over1In100
    case over1In1000
    case over1In10000
    case over1In100000
    case over1In1000000
    case atMost1In1000000

    /// The lower bounds of the bands (exclusive); the last band takes everything at or below one in a million.
    static let bounds: [Double] = [0.5, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6]

    /// The band of a probability in (0, 1]: the first whose bound it exceeds.
    public init(probability p: Double) {
        let index = Self.bounds.firstIndex { p > $0 } ?? Self.bounds.count
        self = ProbabilityBand(rawValue: index) ?? .atMost1In1000000
    }

    /// One band more probable (vulnerable users without a scenario of their own); the top band stays.
    public var oneUp: ProbabilityBand { ProbabilityBand(rawValue: max(rawValue - 1, 0)) ?? self }

    public var label: String {
        ["> 50%", "> 1/10", "> 1/100", "> 1/1 000", "> 1/10 000", "> 1/100 000", "> 1/1 000 000", "≤ 1/1 000 000"][rawValue]
    }
}

/// The risk matrix of the EU guidelines for the risk assessment of consumer products (Commission Decision 2010/15/EU,
/// Annex Part IV, kept by Implementing Decision (EU) 2019/417): probability band × severity of injury 1–4 → level.
/// Data plus one function, tested cell by cell (RiskMatrixTests).
public enum RiskMatrix {
    /// Rows by band (highest probability first), columns by severity 1…4.
    static let table: [[ProductRiskLevel]] = [
        [.high, .serious, .serious, .serious],     // > 50 %
        [.medium, .serious, .serious, .serious],   // > 1/10
        [.medium, .serious, .serious, .serious],   // > 1/100
        [.low, .high, .serious, .serious],         // > 1/1 000
        [.low, .medium, .high, .serious],          // > 1/10 000
        [.low, .low, .medium, .high],              // > 1/100 000
        [.low, .low, .low, .medium],               // > 1/1 000 000
        [.low, .low, .low, .low],                  // ≤ 1/1 000 000
    ]

    public static let severities = 1...4

    /// The level of a severity (1–4, clamped) in a band.
    public static func level(severity: Int, band: ProbabilityBand) -> ProductRiskLevel {
        table[band.rawValue][min(max(severity, severities.lowerBound), severities.upperBound) - 1]
    }

    /// The level of one injury scenario; vulnerable users (婴幼儿, 儿童, 老年人, 残障) without a scenario of their own move
    /// the probability one band up (SPEC RK-2).
    public static func level(severity: Int, probability: Double, vulnerable: Bool = false) -> ProductRiskLevel {
        let band = ProbabilityBand(probability: probability)
        return level(severity: severity, band: vulnerable ? band.oneUp : band)
    }

    /// A probability as written by a user: a fraction `1/5000` or a decimal `0.0002`, in (0, 1]; nil otherwise.
    public static func probability(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "")
        let value: Double?
        if let slash = t.firstIndex(of: "/") {
            guard let n = Double(t[..<slash]), let d = Double(t[t.index(after: slash)...]), d > 0 else { return nil }
            value = n / d
        } else {
            value = Double(t)
        }
        guard let value, value.isFinite, value > 0, value <= 1 else { return nil }
        return value
    }
}

/// An injury scenario where none was written for a failed test item: its item's severity decides (SPEC RK-2; the
/// bureau's defaults, docs/rules.md §7): 严重 → severity 3 at > 1/10 000 (较高, with vulnerable users 高); 一般 →
/// severity 2 at > 1/100 000 (低, with vulnerable users 一般).
public struct DefaultScenario: Sendable, Equatable {
    public var severity: Int
    public var band: ProbabilityBand

    public static func of(_ item: Severity) -> DefaultScenario {
        switch item {
        case .serious: DefaultScenario(severity: 3, band: .over1In10000)
        case .general: DefaultScenario(severity: 2, band: .over1In100000)
        }
    }

    public func level(vulnerable: Bool = false) -> ProductRiskLevel {
        RiskMatrix.level(severity: severity, band: vulnerable ? band.oneUp : band)
    }
}
