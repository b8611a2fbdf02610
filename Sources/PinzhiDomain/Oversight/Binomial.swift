import Foundation

/// The exact binomial distribution, summed in log space so that large n and small p stay accurate.
public enum Binomial {
    /// P(X ≤ k) for X ~ Binomial(n, p).
    public static func lowerTail(_ k: Int, _ n: Int, _ p: Double) -> Double {
        guard n > 0, k >= 0 else { return k < 0 ? 0 : 1 }
        if k >= n { return 1 }
        if p <= 0 { return 1 }
        if p >= 1 { return 0 }
        let logP = log(p), logQ = log1p(-p)
        var total = 0.0
        for i in 0...k {
            let logTerm = lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) + Double(i) * logP + Double(n - i) * logQ
            total += exp(logTerm)
        }
        return min(total, 1)
    }
}
