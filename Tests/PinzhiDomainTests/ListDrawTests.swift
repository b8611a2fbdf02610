import Foundation
import Testing
@testable import PinzhiDomain

/// PZ-DRAW-2 §十四 (issue 16 item 5): the recheck agency's and the officers' draws by the same mechanism as a task's
/// — the published test vector, a uniform draw that never takes an excluded leaf, proofs, and alterations caught.
@Suite("其他抽取的候选名单承诺（PZ-DRAW-2 第十四节）")
struct ListDrawTests {
    /// The method's §十四 vector: a recheck among four qualified agencies, the first agency (JG02) excluded.
    enum Vector {
        static let list = RecheckAgencyDraw.list(batchNumber: "CJ2026-000123", day: Day("2026-06-10")!,
                                                 qualified: [(4, "JG04"), (1, "JG01"), (2, "JG02"), (3, "JG03"), (1, "JG01")], firstAgency: 2,
                                                 salts: (0..<4).map { [UInt8](repeating: UInt8(0x11 * ($0 + 1)), count: 16) },
                                                 committedAt: "2026-06-10T02:00:00Z")
        static let reveal = CommittedDraw.Reveal(publicValue: "02 05 13 19 27 30 + 04", publicSource: "中国福利彩票双色球第2026066期开奖号码")
    }

    @Test func theCodeComputesThePublishedListVector() throws {
        let commitment = Vector.list.commitment()
        let outcome = Vector.list.run(Vector.reveal)
        let method = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/PinzhiApp/Resources/draw-method.txt"), encoding: .utf8)
        func block(_ name: String) -> String? {
            guard let start = method.range(of: "----- BEGIN list \(name) -----\n"), let end = method.range(of: "\n----- END list \(name) -----") else { return nil }
            return String(method[start.upperBound..<end.lowerBound])
        }
        print("VECTOR-COMMITMENT\n\(commitment.text)\nVECTOR-LEAVES\n\(commitment.leavesText)\nVECTOR-RESULT\n\(outcome.resultText)\nVECTOR-HASH \(commitment.hash)")
        #expect(block("commitment.txt") == commitment.text)
        #expect(block("leaves.txt") == commitment.leavesText)
        #expect(block("result.txt") == outcome.resultText)
        #expect(Vector.list.candidates.map(\.id) == [1, 2, 3, 4], "each agency once, by id")
        #expect(outcome.selectedIds.count == 1 && outcome.selectedIds != [2], "never the first agency")
    }

    @Test func everyEligibleLeafCanBeDrawnAndNoExcludedOne() {
        var seen = Set<Int64>()
        for n in 0..<200 {
            let outcome = Vector.list.run(.init(publicValue: "\(n)", publicSource: "测试"))
            seen.formUnion(outcome.selectedIds)
        }
        #expect(seen == [1, 3, 4], "uniform among the eligible, the first agency never")
        var officers = ListDraw(kind: .officerAssessment, subject: "310114:2026-Q4", day: Day("2026-11-24")!, count: 3,
                                candidates: (1...5).map { ListDraw.Candidate(id: Int64($0), code: "\($0)/9131011400000000\($0)X", group: "officer") },
                                salts: (0..<5).map { [UInt8](repeating: UInt8($0), count: 16) }, committedAt: "2026-11-24T01:00:00Z")
        let drawn = officers.run(.init(publicValue: "1", publicSource: "测试")).selectedIds
        #expect(drawn.count == 3 && Set(drawn).count == 3)
        officers.count = 50
        #expect(officers.run(.init(publicValue: "1", publicSource: "测试")).selectedIds.count == 5, "k = min(count, eligible)")
    }

    @Test func eachLeafProvesItselfToTheRootAndAnAlterationShows() throws {
        let commitment = Vector.list.commitment()
        for index in Vector.list.candidates.indices {
            let proof = try #require(Vector.list.proof(index: index))
            #expect(MerkleTree.verify(leaf: MerkleTree.leafHash(salt: Hex.decode(proof.salt)!, text: proof.leafText), path: proof.path, root: Hex.decode(commitment.root)!))
        }
        #expect(ListDraw.Candidate(id: 1, code: "A|B\nC").code == "A/B/C", "a code cannot break the leaf's fields")
        var altered = Vector.list
        altered.salts[0] = String(repeating: "00", count: 16)
        #expect(altered.commitment().root != commitment.root)
        altered = Vector.list
        altered.candidates[1].status = ListDraw.eligible
        #expect(altered.commitment().hash != commitment.hash)
        #expect(Vector.list.run(.init(publicValue: "x", publicSource: "s")).seed != Vector.list.run(Vector.reveal).seed)
    }
}
