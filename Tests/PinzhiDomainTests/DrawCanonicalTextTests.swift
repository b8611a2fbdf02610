import Testing
@testable import PinzhiDomain

/// The canonical candidate list is hashed and the hash stored with each draw, so its text must never change; this
/// checks the piece-by-piece writer against the formula the first stored draws were hashed with.
@Suite("抽取候选名单的规范文本不变")
struct DrawCanonicalTextTests {
    static func formula(_ c: DrawCandidate) -> String {
        let checks = c.history.sorted { ($0.day, $0.productId) < ($1.day, $1.productId) }
            .map { "\($0.day)/\($0.productId)/\($0.level.label)/\($0.mode.rawValue)/\($0.failed ? 1 : 0)\($0.refused ? 1 : 0)" }
        return "\(c.enterpriseId)|\(c.uscc)|\(c.creditClass)|\(c.inNationalPlan ? 1 : 0)|\(checks.joined(separator: ","))"
    }

    @Test func sameTextAsTheStoredFormula() {
        var rng = SeededGenerator(seed: 11)
        let levels: [CheckLevel] = [.city, .national, .district("310114")]
        var candidates: [DrawCandidate] = []
        for i in 1...300 {
            var history: [PastCheck] = []
            for _ in 0..<rng.below(4) {
                let day = Day(year: 2025, month: 1 + rng.below(12), day: 1 + rng.below(28))!
                let mode = CheckMode.allCases[rng.below(CheckMode.allCases.count)]
                history.append(PastCheck(day: day, productId: Int64(rng.below(5)), level: levels[rng.below(3)], mode: mode,
                                         failed: rng.below(2) == 0, refused: rng.below(3) == 0))
            }
            let uscc = USCC.complete("91310114" + String(100_000_000 + i))
            candidates.append(DrawCandidate(enterpriseId: Int64(i * 7), uscc: uscc, creditClass: ["A", "B", "C", "D"][i % 4],
                                            history: history, inNationalPlan: i % 9 == 0))
        }
        let rules = RuleSet(version: 3, effectiveFrom: Day(year: 2026, month: 1, day: 1)!, values: RuleSet.defaults, reason: "测试", createdBy: "t")
        let request = DrawRequest(seed: 5, day: Day(year: 2026, month: 6, day: 1)!, productId: 2, level: .city, mode: .routine, count: 10, rules: rules)
        let header = "\(DrawResult.algorithm);product=2;level=\(CheckLevel.city.label);mode=routine;day=2026-06-01;count=10;rules=3"
        #expect(Draw.canonicalList(candidates, request) == ([header] + candidates.map(Self.formula)).joined(separator: "\n"))
    }
}
