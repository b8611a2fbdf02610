import Foundation

extension LimitExpression {
    /// A plausible measured value that passes or fails this limit; `position` in 0…1 places it within the margin.
    /// Used to simulate results (demo year, tests), never to fill a real report.
    public func sampleValue(passing: Bool, position: Double = 0.5) -> String {
        func f(_ d: Double) -> String { String(format: "%.2f", d) }
        let t = min(max(position, 0), 1)
        switch self {
        case .atMost(let l), .lessThan(let l): return f(passing ? l * (0.3 + 0.6 * t) : l * (1.05 + 0.5 * t) + 0.01)
        case .atLeast(let l), .greaterThan(let l): return f(passing ? l * (1.05 + 0.5 * t) + 0.01 : l * (0.5 + 0.4 * t))
        case .range(let a, let b): return f(passing ? a + (b - a) * (0.2 + 0.6 * t) : b + (b - a) * (0.1 + 0.5 * t) + 0.01)
        case .equals(let l): return f(passing ? l : l + 1)
        case .text(let expected): return passing ? expected : "不符合"
        case .passFail: return passing ? "符合" : "不符合"
        }
    }
}
