/// The double-random draw 双随机 (SPEC SC-4), algorithm PZ-DRAW-1, deterministic from its seed:
///
/// 1. Candidates are sorted by enterprise id; the canonical list (one line each, see DrawCandidate) is recorded.
/// 2. Exclusions, in this order, each with its reason: (c) the product is in this year's national plan; (a) the
///    enterprise already had the yearly number of checks that count toward the limits (except for 专项/应急 and 跟踪
///    draws); (b) the same product was checked within the repeat period by the same or a higher level.
/// 3. The remaining candidates are drawn without replacement, weighted by credit class (the shares A/B/C/D of the
///    rules): Efraimidis–Spirakis keys u^(1/w), with u = (next() >> 11 + 0.5) / 2^53 from SplitMix64 seeded with
///    the seed, taken one per remaining candidate in id order; the `count` largest keys are selected, larger first.
///
/// Anyone with the seed and the candidate list can recompute the result; `verify` does exactly that.
public enum Draw {
    public static func run(_ request: DrawRequest, candidates: [DrawCandidate]) -> DrawResult {
        let sorted = candidates.sorted { $0.enterpriseId < $1.enterpriseId }
        var excluded: [DrawExclusion] = []
        var eligible: [DrawCandidate] = []
        for candidate in sorted {
            if let reason = exclusion(candidate, request) {
                excluded.append(DrawExclusion(enterpriseId: candidate.enterpriseId, reason: reason))
            } else {
                eligible.append(candidate)
            }
        }
        var generator = SeededGenerator(seed: request.seed)
        var keyed: [(key: Double, id: Int64)] = []
        for candidate in eligible {
            let u = (Double(generator.next() >> 11) + 0.5) / Double(UInt64(1) << 53)
            let weight = max(weight(candidate.creditClass, request), 1e-9)
            keyed.append((key: Foundation.pow(u, 1 / weight), id: candidate.enterpriseId))
        }
        let selected = keyed.sorted { $0.key != $1.key ? $0.key > $1.key : $0.id < $1.id }.prefix(max(request.count, 0)).map(\.id)
        let tracking = sorted.filter { isTrackingCandidate($0, day: request.day) }.map(\.enterpriseId)
        return DrawResult(algorithm: DrawResult.algorithm, seed: request.seed,
                          candidateList: canonicalList(sorted, request), selected: Array(selected), excluded: excluded,
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

    static func exclusion(_ c: DrawCandidate, _ r: DrawRequest) -> String? {
        if c.inNationalPlan { return "该企业本产品已列入本年度国家监督抽查，不再重复抽查" }
        if r.mode.countsTowardYearlyLimits {
            let limit = Int(r.rule("yearlyChecksPerEnterprise"))
            let thisYear = c.history.filter { $0.day.year == r.day.year && $0.mode.countsTowardYearlyLimits }.count
            if thisYear >= limit { return "本年度已被抽查\(thisYear)次，达到每年\(limit)次的上限" }
        }
        let months = Int(r.rule("repeatCheckMonths"))
        let since = monthsBefore(r.day, months)
        if let blocking = c.history.filter({ $0.productId == r.productId && $0.day > since && $0.day <= r.day && r.level.isBlocked(by: $0.level) })
            .max(by: { $0.day < $1.day }) {
            return "\(blocking.day)已由\(blocking.level.label)抽查同一产品，\(months)个月内不重复抽查"
        }
        return nil
    }

    static func weight(_ creditClass: String, _ r: DrawRequest) -> Double {
        r.rule("creditShare" + (["A", "B", "C", "D"].contains(creditClass) ? creditClass : "B"))
    }

    public static func isTrackingCandidate(_ c: DrawCandidate, day: Day) -> Bool {
        let fiveYearsAgo = Day(year: day.year - 5, month: day.month, day: min(day.day, 28)) ?? day
        let recent = c.history.filter { $0.day > fiveYearsAgo && $0.day <= day }
        return recent.filter(\.failed).count >= 2 || recent.contains(where: \.refused)
    }

    static func monthsBefore(_ day: Day, _ months: Int) -> Day {
        let total = day.year * 12 + (day.month - 1) - months
        let y = total / 12, m = total % 12 + 1
        return Day(year: y, month: m, day: min(day.day, Day.length(y, m))) ?? day
    }

    static func canonicalList(_ sorted: [DrawCandidate], _ r: DrawRequest) -> String {
        var list = "\(DrawResult.algorithm);product=\(r.productId);level=\(r.level.label);mode=\(r.mode.rawValue);day=\(r.day);count=\(r.count);rules=\(r.rulesVersion)"
        list.reserveCapacity(sorted.count * 48)
        for candidate in sorted {
            list += "\n"
            candidate.appendCanonicalLine(to: &list)
        }
        return list
    }
}

import Foundation
