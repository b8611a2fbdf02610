import Testing
@testable import PinzhiDomain

@Suite("双随机抽取（SC-4）")
struct DrawTests {
    let rules = RuleSet(version: 1, effectiveFrom: Day("2000-01-01")!, values: RuleSet.defaults, reason: "默认", createdBy: "t")
    let day = Day("2026-11-24")!

    func request(seed: UInt64 = 42, level: CheckLevel = .city, mode: CheckMode = .routine, count: Int = 5) -> DrawRequest {
        DrawRequest(seed: seed, day: day, productId: 7, level: level, mode: mode, count: count, rules: rules)
    }

    func candidates(_ n: Int) -> [DrawCandidate] {
        (1...n).map { DrawCandidate(enterpriseId: Int64($0), uscc: "U\($0)", creditClass: ["A", "B", "C", "D"][$0 % 4]) }
    }

    func check(_ date: String, product: Int64 = 7, level: CheckLevel = .city, mode: CheckMode = .routine, failed: Bool = false, refused: Bool = false) -> PastCheck {
        PastCheck(day: Day(date)!, productId: product, level: level, mode: mode, failed: failed, refused: refused)
    }

    @Test func sameSeedSameResultWhateverTheInputOrder() {
        let list = candidates(200)
        let a = Draw.run(request(), candidates: list)
        let b = Draw.run(request(), candidates: list.reversed())
        #expect(a == b)
        #expect(a.selected.count == 5 && Set(a.selected).count == 5)
        #expect(Draw.run(request(seed: 43), candidates: list).selected != a.selected)
    }

    @Test func verifyRecomputesAndCatchesTampering() {
        let list = candidates(50)
        var stored = Draw.run(request(), candidates: list)
        #expect(Draw.verify(request(), candidates: list, stored: stored))
        stored.selected[0] = 9999
        #expect(!Draw.verify(request(), candidates: list, stored: stored))
        var changed = list
        changed[3].creditClass = "D"
        #expect(!Draw.verify(request(), candidates: changed, stored: Draw.run(request(), candidates: list)), "a changed candidate list is noticed")
    }

    @Test("exclusions with their reasons", arguments: [
        // (history, national, mode, level, excluded?, reason fragment)
        ([String](), true, CheckMode.routine, CheckLevel.city, true, "国家监督抽查"),
        (["2026-02-01", "2026-05-01", "2026-08-01"], false, .routine, .city, true, "达到每年3次的上限"),
        (["2026-02-01", "2026-05-01", "2026-08-01"], false, .special, .city, false, ""),
        (["2026-02-01", "2026-05-01", "2026-08-01"], false, .tracking, .city, false, ""),
        (["2025-02-01", "2025-05-01", "2025-08-01"], false, .routine, .city, false, ""),
    ])
    func yearlyLimitAndNationalPlan(_ dates: [String], _ national: Bool, _ mode: CheckMode, _ level: CheckLevel, _ excluded: Bool, _ fragment: String) {
        // A 跟踪 draw takes tracking candidates only: there the three checks are failures.
        let history = dates.map { check($0, product: 99, failed: mode == .tracking) }
        let c = DrawCandidate(enterpriseId: 1, uscc: "U1", creditClass: "B", history: history, inNationalPlan: national)
        let result = Draw.run(request(level: level, mode: mode, count: 1), candidates: [c])
        #expect((result.excluded.first != nil) == excluded)
        if excluded { #expect(result.excluded[0].reason.contains(fragment)) }
        #expect(result.selected == (excluded ? [] : [1]))
    }

    @Test func checksOutsideTheLimitsDoNotCountTowardThem() {
        let history = [check("2026-02-01", product: 1), check("2026-03-01", product: 2), check("2026-04-01", product: 3, mode: .tracking)]
        let c = DrawCandidate(enterpriseId: 1, uscc: "U1", creditClass: "B", history: history)
        #expect(Draw.run(request(count: 1), candidates: [c]).selected == [1])
    }

    @Test("the six-month rule by level", arguments: [
        ("2026-07-01", CheckLevel.city, CheckLevel.district("310114"), true),
        ("2026-07-01", .district("310114"), .city, false),
        ("2026-07-01", .city, .city, true),
        ("2026-05-20", .city, .city, false),
        ("2026-07-01", .district("310115"), .district("310114"), false),
        ("2026-07-01", .district("310114"), .district("310114"), true),
        ("2026-07-01", .national, .city, true),
        ("2026-05-25", .city, .city, true),
    ])
    func repeatRule(_ date: String, _ past: CheckLevel, _ now: CheckLevel, _ blocked: Bool) {
        let c = DrawCandidate(enterpriseId: 1, uscc: "U1", creditClass: "B", history: [check(date, level: past)])
        let result = Draw.run(request(level: now, count: 1), candidates: [c])
        #expect((result.excluded.count == 1) == blocked, "\(past) on \(date) vs \(now)")
        if blocked { #expect(result.excluded[0].reason.contains("6个月内不重复抽查")) }
    }

    @Test func anotherProductDoesNotBlock() {
        let c = DrawCandidate(enterpriseId: 1, uscc: "U1", creditClass: "B", history: [check("2026-10-01", product: 8)])
        #expect(Draw.run(request(count: 1), candidates: [c]).selected == [1])
    }

    @Test func creditClassWeightsTheDraw() {
        let a = DrawCandidate(enterpriseId: 1, uscc: "A", creditClass: "A")
        let d = DrawCandidate(enterpriseId: 2, uscc: "D", creditClass: "D")
        var dWins = 0
        for seed in 0..<3000 { if Draw.run(request(seed: UInt64(seed), count: 1), candidates: [a, d]).selected == [2] { dWins += 1 } }
        // With weights 1 and 30 the D enterprise is drawn with probability 30/31 ≈ 0.968.
        #expect(dWins > 2820 && dWins < 2990, "\(dWins)")
    }

    @Test func trackingCandidates() {
        let twoFailures = DrawCandidate(enterpriseId: 1, uscc: "1", creditClass: "C",
                                        history: [check("2023-03-01", failed: true), check("2025-03-01", failed: true)])
        let oneFailure = DrawCandidate(enterpriseId: 2, uscc: "2", creditClass: "C", history: [check("2025-03-01", failed: true)])
        let refuser = DrawCandidate(enterpriseId: 3, uscc: "3", creditClass: "C", history: [check("2026-03-01", refused: true)])
        let old = DrawCandidate(enterpriseId: 4, uscc: "4", creditClass: "C",
                                history: [check("2020-03-01", failed: true), check("2021-03-01", failed: true)])
        #expect(Draw.run(request(), candidates: [twoFailures, oneFailure, refuser, old]).trackingCandidates == [1, 3])
    }

    @Test func drawOverManyCandidates() {
        let list = (1...100_000).map { DrawCandidate(enterpriseId: Int64($0), uscc: "U\($0)", creditClass: ["A", "B", "C", "D"][$0 % 4]) }
        let result = Draw.run(request(count: 30), candidates: list)
        #expect(result.selected.count == 30)
    }

    @Test func theRankingKeepsWhatSortingEveryKeyWouldSelect() {
        var rng = SeededGenerator(seed: 9)
        for count in [0, 1, 5, 64, 700] {
            // Few distinct keys, so that equal keys (ranked by id) happen often.
            var entries: [DrawRanking.Entry] = []
            for _ in 0..<600 { entries.append((key: Double(rng.below(40)) / 40, id: Int64(rng.below(100_000)))) }
            var ranking = DrawRanking(count: count)
            for entry in entries { ranking.offer(entry) }
            let sorted: [Int64] = entries.sorted(by: DrawRanking.ranksAhead).prefix(count).map { $0.id }
            #expect(ranking.selected == sorted, "count \(count)")
        }
    }

    /// The store reads only the checks in Draw.historyWindow; every exclusion must come out as from the whole history,
    /// for every mode and level, over random histories reaching seven years back.
    @Test func theHistoryWindowKeepsEveryCheckAnExclusionTurnsOn() {
        var rng = SeededGenerator(seed: 21)
        let levels: [CheckLevel] = [.city, .district("310115"), .district("310104"), .national]
        for mode in CheckMode.allCases {
            for level in [CheckLevel.city, .district("310115")] {
                let r = request(level: level, mode: mode)
                let window = Draw.historyWindow(r)
                let rules = DrawRules(r)
                for n in 0..<400 {
                    let history = (0..<rng.below(8)).map { _ in
                        PastCheck(day: day.adding(days: -rng.below(7 * 366)), productId: 6 + Int64(rng.below(3)), level: levels[rng.below(levels.count)],
                                  mode: CheckMode.allCases[rng.below(CheckMode.allCases.count)], failed: rng.below(4) == 0, refused: rng.below(12) == 0)
                    }
                    let kept = history.filter { $0.day >= window.every || (($0.failed || $0.refused) && $0.day >= window.adverse) }
                    let whole = DrawCandidate(enterpriseId: Int64(n), uscc: "U\(n)", creditClass: "B", history: history)
                    var read = whole
                    read.history = kept
                    #expect(rules.excluded(whole)?.reason == rules.excluded(read)?.reason, "\(mode) \(level) \(history)")
                    #expect(rules.exclusion(whole) == rules.exclusion(read))
                }
            }
        }
        #expect(Draw.historyWindow(request()).every == Day("2026-01-01")!)
    }
}
