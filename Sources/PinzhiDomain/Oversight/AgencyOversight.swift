import Foundation

/// Agency oversight (SPEC SC-11, seed 004 §八): first-time agencies, bids below a share of the median bid for the
/// same product (rule parameter `lowBidShare`), and failure rates abnormally low against other agencies testing the
/// same products. The last is a test, not a threshold: the agency's failures are compared with those expected at the
/// other agencies' rate product by product, X ~ Binomial(n, E/n) with E the expected failures, and flagged when the
/// one-sided P(X ≤ observed) is below `alpha`, with the p-value shown.
public enum AgencyOversight {
    public static let alpha = 0.01

    public static func assess(_ facts: AgencyFacts, lowBidShare: Double) -> AgencyAssessment {
        var reasons: [String] = []
        if facts.firstTime { reasons.append("首次承检机构") }
        let low = facts.bids.filter { $0.median > 0 && $0.price < $0.median * lowBidShare / 100 }
        if !low.isEmpty {
            reasons.append("中标价低于同类中标价中位数的\(format(lowBidShare))%："
                + low.map { "\($0.product)（\(format($0.price))元/中位数\(format($0.median))元）" }.joined(separator: "、"))
        }
        let comparable = facts.results.filter { $0.othersTested > 0 && $0.tested > 0 }
        let tested = facts.results.reduce(0) { $0 + $1.tested }
        let failed = facts.results.reduce(0) { $0 + $1.failed }
        let n = comparable.reduce(0) { $0 + $1.tested }
        let observed = comparable.reduce(0) { $0 + $1.failed }
        let expected = comparable.reduce(0.0) { $0 + Double($1.tested) * Double($1.othersFailed) / Double($1.othersTested) }
        var pValue: Double?
        if n > 0 && expected > 0 {
            let p = Binomial.lowerTail(observed, n, expected / Double(n))
            pValue = p
            if p < alpha {
                reasons.append("不合格率异常偏低：检验\(n)批次、不合格\(observed)批次，按其他机构同类产品的不合格率预期约\(format(expected))批次（单侧二项检验 p=\(String(format: "%.2g", p))，低于\(alpha)）")
            }
        }
        return AgencyAssessment(agencyId: facts.agencyId, name: facts.name, tested: tested, failed: failed, expectedFailures: expected,
                                pValue: pValue, reasons: reasons)
    }

    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let mid = sorted.count / 2
        return sorted.count % 2 == 0 ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid]
    }

    static func format(_ d: Double) -> String {
        abs(d - d.rounded()) < 0.005 ? String(Int(d.rounded())) : String(format: "%.1f", d)
    }
}
