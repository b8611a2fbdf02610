import Foundation

/// The Wilson score interval for a proportion: honest for small counts and for rates near 0, where the normal
/// approximation gives negative lower bounds (PB-1 asks for 95 % intervals on public rates).
public enum WilsonInterval {
    public static func of(_ successes: Int, _ n: Int, z: Double = 1.959964) -> (low: Double, high: Double)? {
        guard n > 0, successes >= 0, successes <= n else { return nil }
        let p = Double(successes) / Double(n)
        let nn = Double(n)
        let denominator = 1 + z * z / nn
        let centre = (p + z * z / (2 * nn)) / denominator
        let half = z * sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / denominator
        return (max(0, centre - half), min(1, centre + half))
    }
}
