import PinzhiDomain
import Testing

/// The experts' draw for assistance (SPEC TA-2): an expert with a declared conflict is never drawn, whatever the
/// seed; the draw is the committed list's and recomputes.
@Suite("质量技术帮扶专家抽取（TA-2）")
struct AssistanceExpertDrawTests {
    let experts: [(id: Int64, code: String, conflicted: Bool)] = (1...8).map { (Int64($0), String(format: "E%03d", $0), $0 == 3 || $0 == 6) }

    func list(_ salt: UInt8 = 1) -> ListDraw {
        AssistanceExpertDraw.list(caseNumber: "BF2026-00012", day: Day("2026-06-01")!, experts: experts + [experts[0]],
                                  salts: (0..<AssistanceExpertDraw.distinct(experts)).map { [UInt8](repeating: salt &+ UInt8($0), count: 16) },
                                  committedAt: "2026-06-01T02:00:00.000Z")
    }

    @Test func aConflictedExpertIsNeverDrawn() {
        let l = list()
        #expect(l.candidates.count == 8 && l.count == 6, "each expert once; every eligible one is ordered")
        #expect(l.candidates.filter { $0.status == AssistanceExpertDraw.conflict }.map(\.id) == [3, 6])
        for n in 0..<200 {
            let outcome = l.run(CommittedDraw.Reveal(publicValue: String(n), publicSource: "测试", witnessSecret: ""))
            #expect(!outcome.selectedIds.contains(3) && !outcome.selectedIds.contains(6))
            #expect(Set(outcome.selectedIds) == [1, 2, 4, 5, 7, 8])
        }
    }

    @Test func theDrawRecomputesAndTheSeedMatters() {
        let reveal = CommittedDraw.Reveal(publicValue: "12345", publicSource: "上证指数收盘", witnessSecret: "")
        #expect(list().run(reveal) == list().run(reveal))
        let other = CommittedDraw.Reveal(publicValue: "12346", publicSource: "上证指数收盘", witnessSecret: "")
        #expect(list().run(reveal).selectedIds != list().run(other).selectedIds || list().run(reveal).seed != list().run(other).seed)
    }
}
