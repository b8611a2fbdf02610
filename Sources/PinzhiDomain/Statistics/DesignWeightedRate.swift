import Foundation

/// Honest rates under the weighted draw (SPEC RK-7). The draw favours high-risk classes, so the raw failure rate of
/// the checked batches overstates the market's. Each candidate's inclusion probability π (the chance the draw picks
/// it) undoes that: the Hájek estimate weights each checked batch by 1/π. docs/rules.md §6d.
public enum InclusionProbability {
    /// The class draws a computation of π makes at most, `repetitions` permitting at least 10 replays.
    public static let selections = 1_000_000

    /// π by class for the PZ-DRAW-2 selection (the `count` largest keys u^(1/w), CommittedDraw.select) from a list with
    /// `counts` candidates per class: the selection replayed at most `repetitions` times and about `selections` class
    /// draws in all, hits per class divided by replays × candidates. Candidates of one class share one π (same weight,
    /// exchangeable), so the estimate pools all of them; deterministic, so anyone recomputes the same figures.
    ///
    /// A replay is made class by class, not candidate by candidate: the largest keys u^(1/w) are a weighted draw
    /// without replacement, one at a time with chance proportional to weight (Efraimidis & Spirakis 2006), so the
    /// selection's class counts come out of `count` steps each picking a class with chance ∝ its candidates left × its
    /// weight — the same distribution at O(count × classes) a replay instead of O(candidates × log count). Replaying
    /// every key made a draw of 20,000 candidates take seconds and a million-candidate draw minutes. docs/rules.md §6d.
    public static func byClass(counts: [String: Int], weights: (a: Double, b: Double, c: Double, d: Double), count: Int,
                               repetitions: Int = 1000) -> [String: Double] {
        let classes = counts.keys.sorted()
        let sizes = classes.map { max(counts[$0] ?? 0, 0) }
        let total = sizes.reduce(0, +)
        guard total > 0, count > 0 else { return [:] }
        if count >= total { return Dictionary(uniqueKeysWithValues: classes.map { ($0, 1.0) }) }
        let w = classes.map { CommittedDraw.weight(of: $0, weights) }
        // At most `repetitions` replays and about a million class draws in all: a task of 7,000 batches is replayed
        // 142 times, which still counts a million selections per estimate (its noise ∝ 1/√(replays × count)).
        let replays = max(min(repetitions, Self.selections / count), min(repetitions, 10), 1)
        var hits = [Int](repeating: 0, count: classes.count)
        var left = sizes
        func massLeft() -> Double { zip(left, w).reduce(0.0) { $0 + Double($1.0) * $1.1 } }
        // One stream for all the replays: SplitMix64 seeded with r × its own increment, as the key replays were, makes
        // replay r + 1 replay r's numbers shifted by one, and replays that close together hid a bias of several percent.
        var generator = SeededGenerator(seed: 0x9E37_79B9_7F4A_7C15)
        for _ in 1...replays {
            for c in left.indices { left[c] = sizes[c] }
            var mass = massLeft()
            for _ in 0..<count {
                var x = generator.openUnit() * mass
                var pick = left.lastIndex { $0 > 0 } ?? 0
                for c in left.indices where left[c] > 0 {
                    let m = Double(left[c]) * w[c]
                    if x < m { pick = c; break }
                    x -= m
                }
                left[pick] -= 1
                hits[pick] += 1
                mass -= w[pick]
                // Rounding drift over thousands of subtractions: recount now and then.
                if left[pick] & 1023 == 0 { mass = massLeft() }
            }
        }
        return Dictionary(uniqueKeysWithValues: classes.indices.map { c in
            (classes[c], Double(hits[c]) / Double(replays * max(sizes[c], 1)))
        })
    }
}

/// What a task draw stores about its design (SPEC RK-7): π by class over its eligible candidates — every candidate's
/// π, since candidates of one class share it — and π of each enterprise it selected, so that the statistics weight
/// every checked batch without re-running the draw. Recomputed from the draw's inputs by `InclusionProbability.of`.
public struct DrawInclusion: Sendable, Codable, Equatable {
    public var byClass: [String: Double]
    /// Enterprise id (as text: a JSON object's key) → π.
    public var selected: [String: Double]

    public init(byClass: [String: Double], selected: [String: Double]) {
        self.byClass = byClass
        self.selected = selected
    }

    public func probability(of enterpriseId: Int64) -> Double? { selected[String(enterpriseId)] }
}

extension InclusionProbability {
    /// The inclusion probabilities of a task draw: its eligible candidates counted by class (the PZ-DRAW-2 exclusions
    /// applied as the draw applies them) and its class shares.
    public static func of(_ request: DrawRequest, candidates: [DrawCandidate], selected: [Int64]) -> DrawInclusion {
        let rules = DrawRules(request)
        let sorted = CommittedDraw.sortedById(candidates)
        let statuses = CommittedDraw.statuses(sorted, rules)
        var counts: [String: Int] = [:]
        for (i, c) in sorted.enumerated() where statuses[i].code == "eligible" { counts[c.creditClass, default: 0] += 1 }
        let byClass = byClass(counts: counts, weights: rules.shares, count: request.count)
        let classOf = Dictionary(sorted.map { ($0.enterpriseId, $0.creditClass) }, uniquingKeysWith: { a, _ in a })
        var chosen: [String: Double] = [:]
        for id in selected { if let c = classOf[id], let pi = byClass[c] { chosen[String(id)] = pi } }
        return DrawInclusion(byClass: byClass, selected: chosen)
    }
}

/// A design-weighted estimate of a population's failure rate with its 95 % interval.
public struct DesignEstimate: Sendable, Equatable, Codable {
    public var estimate: Double
    public var low: Double
    public var high: Double
    public var sampleSize: Int

    /// The Hájek estimate p̂ = Σ yᵢ/πᵢ ÷ Σ 1/πᵢ over the checked batches, with the linearised variance
    /// v = n/(n−1) · Σ ((yᵢ − p̂)/πᵢ)² ÷ (Σ 1/πᵢ)² (the with-replacement approximation, slightly conservative for a
    /// draw without replacement) and a 95 % interval within [0, 1]. Nil without a sample or with a π ≤ 0.
    public static func hajek(_ sample: [(failed: Bool, probability: Double)], z: Double = 1.959964) -> DesignEstimate? {
        var groups: [Double: Group] = [:]
        for s in sample {
            groups[s.probability, default: Group(probability: s.probability, tested: 0, failed: 0)].tested += 1
            if s.failed { groups[s.probability]!.failed += 1 }
        }
        return hajek(groups: Array(groups.values), z: z)
    }

    /// Checked batches that share an inclusion probability, counted: a draw gives one π per credit class, so a year's
    /// million batches are a few thousand groups, which the statistics keep counted with each verdict (VerdictRollup).
    public struct Group: Sendable, Equatable {
        public var probability: Double
        public var tested: Int
        public var failed: Int

        public init(probability: Double, tested: Int, failed: Int) {
            self.probability = probability
            self.tested = tested
            self.failed = failed
        }
    }

    /// The same estimate from counted groups: each sum over the batches is a sum over the groups of the group's count
    /// times its term (yᵢ is 0 or 1), summed in the order of π so that the figures do not depend on the reading order.
    public static func hajek(groups unordered: [Group], z: Double = 1.959964) -> DesignEstimate? {
        let groups = unordered.filter { $0.tested > 0 }.sorted { $0.probability < $1.probability }
        let n = groups.reduce(0) { $0 + $1.tested }
        guard n > 0, groups.allSatisfy({ $0.probability > 0 }) else { return nil }
        let weight = groups.reduce(0) { $0 + Double($1.tested) / $1.probability }
        let p = groups.reduce(0) { $0 + Double($1.failed) / $1.probability } / weight
        guard n > 1 else { return DesignEstimate(estimate: p, low: 0, high: 1, sampleSize: n) }
        let residuals = groups.reduce(0) { sum, g in
            let failing = (1 - p) / g.probability, passing = p / g.probability
            return sum + Double(g.failed) * failing * failing + Double(g.tested - g.failed) * passing * passing
        }
        let v = Double(n) / Double(n - 1) * residuals / (weight * weight)
        // The interval is Clopper–Pearson's at the design's effective sample size n* = p̂(1−p̂)/v (Korn & Graubard 1998):
        // a normal or Wilson interval around a small rate undercovers when the weights are as uneven as the draw's
        // (an A enterprise is drawn 30 times less often than a D one). Without a failure or without variance, n* is n.
        let effective = max(v > 0 && p > 0 && p < 1 ? p * (1 - p) / v : Double(n), 1)
        let x = p * effective
        let low = x <= 0 ? 0 : Beta.quantile(0.025, a: x, b: effective - x + 1)
        let high = x >= effective ? 1 : Beta.quantile(0.975, a: x + 1, b: effective - x)
        return DesignEstimate(estimate: p, low: low, high: high, sampleSize: n)
    }
}

/// The regularised incomplete beta function and its inverse, for Clopper–Pearson intervals at a non-integer count.
enum Beta {
    /// I_x(a, b) by the continued fraction (modified Lentz), using the symmetry for x beyond its mean.
    static func regularized(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x < (a + 1) / (a + b + 2) { return front * fraction(x, a, b) / a }
        return 1 - front * fraction(1 - x, b, a) / b
    }

    static func fraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...300 {
            let m = Double(m)
            var aa = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d; h *= d * c
            aa = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + aa * d; if abs(d) < tiny { d = tiny }
            c = 1 + aa / c; if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            h *= step
            if abs(step - 1) < 1e-12 { break }
        }
        return h
    }

    /// The x with I_x(a, b) = q, by bisection (60 halvings: far below any figure shown).
    static func quantile(_ q: Double, a: Double, b: Double) -> Double {
        var lo = 0.0, hi = 1.0
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if regularized(mid, a: a, b: b) < q { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
