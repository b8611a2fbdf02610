import Foundation
import PinzhiDomain
import PinzhiStore

/// A draw over as many candidates as asked, for `pinzhi draw benchmark` (issue 6: a draw over a million candidates
/// with all exclusions computed). Deterministic from its seed and shaped like the city's data: credit classes mostly
/// B, a third of the candidates checked in the last year (some of them for this product within the repeat period,
/// some up to the yearly limit), a few in the national plan, inspectors with conflicts of interest.
public enum SyntheticDraw {
    public static func inputs(candidates count: Int, seed: UInt64, day: Day) -> DrawInputs {
        var rng = SeededGenerator(seed: seed)
        let rules = RuleSet(version: 1, effectiveFrom: Day(year: day.year, month: 1, day: 1)!, values: RuleSet.defaults, reason: "基准测试", createdBy: "bench")
        let request = DrawRequest(seed: rng.next(), day: day, productId: 1, level: .city, mode: .routine, count: min(500, count), rules: rules)
        let classes = ["A", "B", "B", "B", "B", "B", "C", "C", "D", "B"]
        var candidates: [DrawCandidate] = []
        candidates.reserveCapacity(count)
        for index in 0..<count {
            let uscc = USCC.complete("91310115" + String(100_000_000 + index))
            var history: [PastCheck] = []
            let roll = rng.below(100)
            if roll < 33 {
                // Checked within the last year; for this product and recently in one case out of four.
                let product: Int64 = roll < 8 ? 1 : 2 + Int64(rng.below(30))
                history.append(PastCheck(day: day.adding(days: -(1 + rng.below(360))), productId: product, level: roll % 2 == 0 ? .city : .district("310115"),
                                         mode: .routine, failed: rng.below(20) == 0))
                if roll < 3 { history.append(PastCheck(day: day.adding(days: -(1 + rng.below(200))), productId: 3, level: .city, mode: .routine)) }
            }
            candidates.append(DrawCandidate(enterpriseId: Int64(index + 1), uscc: uscc, creditClass: classes[rng.below(classes.count)],
                                            history: history, inNationalPlan: rng.below(100) == 0))
        }
        let inspectors = (1...40).map { i in
            InspectorCandidate(id: Int64(i), name: "执法人员\(i)", conflicts: i % 8 == 0 ? [candidates[(i * 7919) % count].uscc] : [])
        }
        return DrawInputs(request: request, candidates: candidates, inspectors: inspectors)
    }
}
