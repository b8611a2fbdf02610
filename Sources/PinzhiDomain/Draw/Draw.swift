import Foundation

/// The double-random draw 双随机 (SPEC SC-4), algorithm PZ-DRAW-1, deterministic from its seed:
///
/// 1. Candidates are sorted by enterprise id; the canonical list (one line each, see DrawCandidate) is recorded.
/// 2. Exclusions, in this order, each with its reason: (c) the product is in this year's national plan; (a) the
///    enterprise already had the yearly number of checks that count toward the limits (except for 专项/应急 and 跟踪
///    draws; the checks of one day are one check); for a 跟踪 draw, an enterprise that is not a tracking candidate;
///    (b) the same product was checked within the repeat period by the same or a higher level.
/// 3. The remaining candidates are drawn without replacement, weighted by credit class (the shares A/B/C/D of the
///    rules): Efraimidis–Spirakis keys u^(1/w), with u = (next() >> 11 + 0.5) / 2^53 from SplitMix64 seeded with
///    the seed, taken one per remaining candidate in id order; the `count` largest keys are selected, larger first.
///
/// Anyone with the seed and the candidate list can recompute the result; `verify` does exactly that.
public enum Draw {
    public static func run(_ request: DrawRequest, candidates: [DrawCandidate]) -> DrawResult {
        // Candidates usually come sorted by id already; checking first spares copying a million of them.
        let sorted = zip(candidates, candidates.dropFirst()).allSatisfy({ $0.enterpriseId <= $1.enterpriseId })
            ? candidates : candidates.sorted { $0.enterpriseId < $1.enterpriseId }
        let rules = DrawRules(request)
        var excluded: [DrawExclusion] = []
        var tracking: [Int64] = []
        var generator = SeededGenerator(seed: request.seed)
        var ranking = DrawRanking(count: request.count)
        for candidate in sorted {
            if rules.isTrackingCandidate(candidate) { tracking.append(candidate.enterpriseId) }
            if let reason = rules.exclusion(candidate) {
                excluded.append(DrawExclusion(enterpriseId: candidate.enterpriseId, reason: reason))
                continue
            }
            // One number per eligible candidate in id order, as the algorithm above states.
            let u = generator.openUnit()
            let weight = max(rules.weight(candidate.creditClass), 1e-9)
            ranking.offer((key: Foundation.pow(u, 1 / weight), id: candidate.enterpriseId))
        }
        return DrawResult(algorithm: DrawResult.algorithm, seed: request.seed,
                          candidateList: canonicalList(sorted, request), selected: ranking.selected, excluded: excluded,
                          trackingCandidates: tracking)
    }

    /// Recomputes a stored draw; true when the stored selection is what the seed and candidates give.
    public static func verify(_ request: DrawRequest, candidates: [DrawCandidate], stored: DrawResult) -> Bool {
        matches(run(request, candidates: candidates), stored)
    }

    /// Whether a recomputed result is the stored one: the same candidate list and selection, by this algorithm.
    public static func matches(_ again: DrawResult, _ stored: DrawResult) -> Bool {
        again.candidateList == stored.candidateList && again.selected == stored.selected && stored.algorithm == DrawResult.algorithm
    }

    public static func isTrackingCandidate(_ c: DrawCandidate, day: Day) -> Bool {
        isTrackingCandidate(c, since: trackingSince(day), day: day)
    }

    /// Two or more failures, or a refusal, among the checks after `since` and up to `day`.
    static func isTrackingCandidate(_ c: DrawCandidate, since: Day, day: Day) -> Bool {
        var failures = 0
        for check in c.history where check.day > since && check.day <= day {
            if check.refused { return true }
            if check.failed { failures += 1 }
        }
        return failures >= 2
    }

    /// Checks after this day count toward a 跟踪 candidate: five years back.
    static func trackingSince(_ day: Day) -> Day {
        Day(year: day.year - 5, month: day.month, day: min(day.day, 28)) ?? day
    }

    static func monthsBefore(_ day: Day, _ months: Int) -> Day { day.adding(months: -months) }

    /// The past checks a draw on the request's day can turn on: every check from the earlier of the year's first day
    /// (the yearly limit) and the repeat window's start, and the failures and refusals from the tracking window's
    /// start (跟踪). An older check that passed decides no exclusion, so the store reads only these into the candidates'
    /// histories (and the committed leaves list only these): at city scale most of a candidate's past checks are old
    /// passes, and reading them was most of a draw's time after a few years.
    public static func historyWindow(_ r: DrawRequest) -> (every: Day, adverse: Day) {
        let rules = DrawRules(r)
        return (min(Day(year: r.day.year, month: 1, day: 1) ?? r.day, rules.repeatSince), rules.trackingSince)
    }

    static func canonicalList(_ sorted: [DrawCandidate], _ r: DrawRequest) -> String {
        let header = "\(DrawResult.algorithm);product=\(r.productId);level=\(r.level.label);mode=\(r.mode.rawValue);day=\(r.day);count=\(r.count);rules=\(r.rulesVersion)"
        var list = Array(header.utf8)
        list.reserveCapacity(sorted.count * 56 + list.count)
        for candidate in sorted {
            list.append(UInt8(ascii: "\n"))
            candidate.appendCanonicalLine(to: &list)
        }
        return String(decoding: list, as: UTF8.self)
    }
}
