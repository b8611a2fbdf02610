import Crypto
import Foundation
import Testing
@testable import PinzhiDomain

/// PZ-DRAW-2 (issue 16): the published test vectors, the hash tree, and that an altered leaf, salt, seed or
/// commitment is caught.
@Suite("可公开核验的抽取（PZ-DRAW-2）")
struct CommittedDrawTests {
    /// The draw of the method's §十三: five candidates (one in the national plan, one checked at city level three
    /// months before), two to draw, three inspectors of whom the second declared a conflict with the last candidate.
    enum Vector {
        static let rules = RuleSet(version: 3, effectiveFrom: Day("2026-01-01")!, values: RuleSet.defaults, reason: "测试向量", createdBy: "t")
        static let day = Day("2026-06-01")!
        static let request = DrawRequest(seed: 0, day: day, productId: 7, level: .city, mode: .routine, count: 2, rules: rules)
        static let candidates = [
            DrawCandidate(enterpriseId: 101, uscc: "91310115MA1K00001A", creditClass: "A"),
            DrawCandidate(enterpriseId: 102, uscc: "91310115MA1K00002B", creditClass: "B",
                          history: [PastCheck(day: Day("2025-05-10")!, productId: 9, level: .district("310115"), mode: .routine)]),
            DrawCandidate(enterpriseId: 103, uscc: "91310115MA1K00003C", creditClass: "C", inNationalPlan: true),
            DrawCandidate(enterpriseId: 104, uscc: "91310115MA1K00004D", creditClass: "D",
                          history: [PastCheck(day: Day("2026-03-02")!, productId: 7, level: .city, mode: .routine, failed: true)]),
            DrawCandidate(enterpriseId: 105, uscc: "91310115MA1K00005E", creditClass: "D"),
        ]
        static let inspectors = [
            InspectorCandidate(id: 11, name: "甲"), InspectorCandidate(id: 12, name: "乙", conflicts: ["91310115MA1K00005E"]),
            InspectorCandidate(id: 13, name: "丙"),
        ]
        /// Leaf i's salt: sixteen bytes of value i + 1.
        static let salts = (0..<5).map { [UInt8](repeating: UInt8($0 + 1), count: 16) }
        static let context = CommittedDraw.Context(task: 1, product: "电热毯", stage: .production, committedAt: "2026-06-01T01:00:00Z",
                                                   witnessHash: CommittedDraw.sha256("secret-of-witness"))
        static let reveal = CommittedDraw.Reveal(publicValue: "03 11 17 22 28 31 + 09", publicSource: "中国福利彩票双色球第2026062期开奖号码",
                                                 witnessSecret: "secret-of-witness")

        static func run() -> CommittedDraw.Computed {
            CommittedDraw.run(request, candidates: candidates, inspectors: inspectors, context: context, salts: salts, reveal: reveal)
        }

        static func proofBlock() -> String {
            let proof = CommittedDraw.proof(request, candidates: candidates, salts: salts, enterpriseId: 101)!
            return ["leaf=\(proof.index)", "text=\(proof.leafText)", "salt=\(proof.salt)",
                    "path=" + proof.path.map { "\($0.left ? "L" : "R"):\($0.sibling)" }.joined(separator: ","), "root=\(proof.root)"].joined(separator: "\n")
        }
    }

    static let methodURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/PinzhiApp/Resources/draw-method.txt")

    static let method: String = {
        var text = (try? String(contentsOf: methodURL, encoding: .utf8)) ?? ""
        // Record mode: the vector's blocks are written into the method once, from the code, when the method has
        // placeholders instead (PINZHI_RECORD_VECTORS=1); every later run compares the published text with the code.
        if ProcessInfo.processInfo.environment["PINZHI_RECORD_VECTORS"] == "1" {
            let computed = Vector.run()
            for (key, value) in [("@@VECTOR_COMMITMENT@@", computed.commitment.text), ("@@VECTOR_LEAVES@@", computed.commitment.leavesText),
                                 ("@@VECTOR_RESULT@@", computed.resultText), ("@@VECTOR_PROOF@@", Vector.proofBlock()),
                                 ("@@VECTOR_HASH@@", computed.commitment.hash)] {
                text = text.replacingOccurrences(of: key, with: value)
            }
            try? text.write(to: methodURL, atomically: true, encoding: .utf8)
        }
        return text
    }()

    static func block(_ name: String) -> String? {
        guard let start = method.range(of: "----- BEGIN \(name) -----\n"),
              let end = method.range(of: "\n----- END \(name) -----", range: start.upperBound..<method.endIndex) else { return nil }
        return String(method[start.upperBound..<end.lowerBound])
    }

    @Test func theCodeComputesThePublishedTestVector() {
        let computed = Vector.run()
        #expect(Self.block("commitment.txt") == computed.commitment.text, "commitment.txt:\n\(computed.commitment.text)")
        #expect(Self.block("leaves.txt") == computed.commitment.leavesText, "leaves.txt:\n\(computed.commitment.leavesText)")
        #expect(Self.block("result.txt") == computed.resultText, "result.txt:\n\(computed.resultText)")
        #expect(Self.block("proof") == Vector.proofBlock(), "proof:\n\(Vector.proofBlock())")
        #expect(Self.method.contains("commitment-hash=\(computed.commitment.hash)\n"), "commitment-hash=\(computed.commitment.hash)")
        // What the vector shows: the two excluded leaves draw nothing, two of the three others are drawn, and inspector
        // pool number 1 never goes to leaf 4.
        #expect(computed.commitment.eligible == 3 && computed.outcome.enterprises.selected.count == 2)
        #expect(computed.commitment.leavesText.contains("2|C|national-plan|") && computed.commitment.leavesText.contains("3|D|repeat-window|"))
        let last = computed.outcome.inspectors.first { $0.enterpriseId == 105 }
        #expect(last != nil && last?.inspectors.contains(12) == false && last?.recused == [12], "leaf 4 is drawn and its conflicted inspector recused")
        #expect(!computed.commitment.text.contains("甲") && !computed.commitment.leavesText.contains("9131"), "no names, no codes published")
    }

    @Test func theSeedIsTheFirstEightBytesOfTheHashBigEndian() {
        let hash = CommittedDraw.sha256("x")
        let digest = Array(SHA256.hash(data: Array("PZ-DRAW-2 seed\n\(hash)\nv\ns".utf8)))
        var expected: UInt64 = 0
        for byte in digest.prefix(8) { expected = expected << 8 | UInt64(byte) }
        #expect(CommittedDraw.seed(commitmentHash: hash, reveal: .init(publicValue: "v", publicSource: "src", witnessSecret: "s")) == expected)
    }

    @Test func everyLeafOfTreesOfOneToNineLeavesProvesItselfAndNoOther() {
        for n in 0...9 {
            let leaves = (0..<n).map { MerkleTree.leafHash(salt: [UInt8(n)], text: "leaf \($0)") }
            let root = MerkleTree.root(leaves)
            if n == 0 { #expect(root == Array(SHA256.hash(data: [UInt8]()))) }
            for i in 0..<n {
                let path = MerkleTree.path(leaves, index: i)
                #expect(MerkleTree.verify(leaf: leaves[i], path: path, root: root), "n=\(n) i=\(i)")
                #expect(path.count <= 4, "at most ⌈log₂ 9⌉ steps")
                if n > 1 { #expect(!MerkleTree.verify(leaf: leaves[(i + 1) % n], path: path, root: root), "n=\(n) i=\(i): another leaf fails") }
            }
        }
    }

    @Test(arguments: [0, 1, 2, 3, MerkleTree.chunkLeaves - 1, MerkleTree.chunkLeaves, MerkleTree.chunkLeaves + 1,
                      3 * MerkleTree.chunkLeaves + 5, 4 * MerkleTree.chunkLeaves])
    func theRootHashedInChunksOnEveryCoreIsTheRootLevelByLevel(count: Int) {
        let leaves = (0..<count).map { MerkleTree.leafHash(salt: [UInt8(truncatingIfNeeded: $0)], text: "leaf \($0)") }
        var level = leaves
        while level.count > 1 { level = MerkleTree.up(level) }
        let expected = level.first ?? Array(SHA256.hash(data: [UInt8]()))
        let (root, extras) = MerkleTree.root(count: count) { range, hashes -> Range<Int> in
            for i in range { hashes.append(contentsOf: leaves[i]) }
            return range
        }
        #expect(root == expected)
        #expect(root == MerkleTree.root(leaves))
        #expect(extras.flatMap { Array($0) } == Array(0..<count), "every chunk's extra, in order")
    }

    @Test func anAlteredLeafSaltSeedOrCommitmentIsCaught() {
        let good = Vector.run()
        let proof = CommittedDraw.proof(Vector.request, candidates: Vector.candidates, salts: Vector.salts, enterpriseId: 101)!
        let root = Hex.decode(proof.root)!
        let leaf = { (text: String, salt: String) in MerkleTree.leafHash(salt: Hex.decode(salt)!, text: text) }
        #expect(MerkleTree.verify(leaf: leaf(proof.leafText, proof.salt), path: proof.path, root: root))
        // A leaf claiming class B instead of A, or another salt, no longer leads to the root.
        #expect(!MerkleTree.verify(leaf: leaf(proof.leafText.replacingOccurrences(of: "|A|", with: "|B|"), proof.salt), path: proof.path, root: root))
        #expect(!MerkleTree.verify(leaf: leaf(proof.leafText, String(repeating: "0", count: 32)), path: proof.path, root: root))
        var path = proof.path
        path[0].sibling = String(repeating: "f", count: 64)
        #expect(!MerkleTree.verify(leaf: leaf(proof.leafText, proof.salt), path: path, root: root))
        // A changed candidate (its class) changes the root, the commitment and so the seed.
        var changed = Vector.candidates
        changed[4].creditClass = "A"
        let other = CommittedDraw.run(Vector.request, candidates: changed, inspectors: Vector.inspectors, context: Vector.context, salts: Vector.salts,
                                      reveal: Vector.reveal)
        #expect(other.commitment.root != good.commitment.root && other.commitment.hash != good.commitment.hash && other.seed != good.seed)
        // Another public value gives another seed; a wrong witness secret is refused.
        var reveal = Vector.reveal
        reveal.publicValue = "04 11 17 22 28 31 + 09"
        #expect(CommittedDraw.seed(commitmentHash: good.commitment.hash, reveal: reveal) != good.seed)
        reveal = Vector.reveal
        reveal.witnessSecret = "guess"
        #expect(CommittedDraw.revealProblem(reveal, witnessHash: Vector.context.witnessHash) != nil)
        #expect(CommittedDraw.revealProblem(Vector.reveal, witnessHash: Vector.context.witnessHash) == nil)
        #expect(CommittedDraw.revealProblem(.init(publicValue: "", publicSource: ""), witnessHash: nil) != nil, "some outside value is required")
        #expect(CommittedDraw.revealProblem(.init(publicValue: "1\n2", publicSource: "x"), witnessHash: nil) != nil, "no line breaks")
    }

    @Test func theSelectionDependsOnlyOnThePublishedLeavesAndTheSeed() {
        let computed = Vector.run()
        let leaves = computed.commitment.leavesText.split(separator: "\n").map { line -> (index: Int, creditClass: String, eligible: Bool) in
            let parts = line.split(separator: "|").map(String.init)
            return (Int(parts[0])!, parts[1], parts[2] == "eligible")
        }
        let shares = (a: Vector.rules.values["creditShareA"]!, b: Vector.rules.values["creditShareB"]!, c: Vector.rules.values["creditShareC"]!,
                      d: Vector.rules.values["creditShareD"]!)
        let selected = CommittedDraw.select(leaves, weights: shares, count: 2, seed: computed.seed)
        #expect(selected.map { Vector.candidates[$0].enterpriseId } == computed.outcome.enterprises.selected)
        // The request's order of candidates does not matter: leaves follow the enterprise order.
        let shuffled = CommittedDraw.run(Vector.request, candidates: Vector.candidates.reversed(), inspectors: Vector.inspectors.reversed(),
                                         context: Vector.context, salts: Vector.salts, reveal: Vector.reveal)
        #expect(shuffled == computed)
    }
}
