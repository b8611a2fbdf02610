import Crypto
import Foundation

/// The draw that the public can check, algorithm PZ-DRAW-2 (the published method, Sources/PinzhiApp/Resources/draw-method.txt, published at /public/draw-method).
/// Two moments:
///
/// 1. Commitment, before any seed exists: the candidates in enterprise order become numbered leaves
///    `index|uscc|class|status|national|history` (no names of people), each hashed with its own random salt; the
///    Merkle root over them, the draw's parameters and the inspectors' pool (by number, with their conflicts as leaf
///    numbers) form the commitment text, whose SHA-256 is published and written to the audit chain. The leaves are
///    published without their text: number, class, status, hash.
/// 2. Draw: the seed is SHA-256 of the commitment hash, a public value announced after the commitment (a lottery
///    number, with its source) and a witness's revealed secret (its hash may be fixed in the commitment); nobody at
///    the bureau chooses it after seeing the list. The eligible leaves are drawn by credit-class weight
///    (Efraimidis–Spirakis keys from SplitMix64, as in PZ-DRAW-1), then two inspectors per selected leaf.
///
/// Anyone can recompute the root from the published leaves, the seed from the published values and the selection
/// from the seed and the leaves; an enterprise given its leaf text, salt and path can prove it was in the list.
public enum CommittedDraw {
    public static let algorithm = "PZ-DRAW-2"
    public static let saltBytes = 16

    /// What the commitment states besides the request: the task, the product's name and stage, when, and the
    /// witness's hash if a witness takes part.
    public struct Context: Sendable, Codable, Equatable {
        public var task: Int64
        public var product: String
        public var stage: SamplingStage
        public var committedAt: String
        public var witnessHash: String?

        public init(task: Int64, product: String, stage: SamplingStage, committedAt: String, witnessHash: String? = nil) {
            self.task = task
            self.product = product
            self.stage = stage
            self.committedAt = committedAt
            self.witnessHash = witnessHash
        }
    }

    /// The published part of a commitment, and each leaf's private text for the proofs.
    public struct Commitment: Sendable, Codable, Equatable {
        /// The exact commitment text; `hash` is its SHA-256.
        public var text: String
        public var hash: String
        public var root: String
        /// One line per leaf, `index|class|status|leafhash`: published.
        public var leavesText: String
        public var candidates: Int
        public var eligible: Int
    }

    /// The values revealed at the draw, after the commitment.
    public struct Reveal: Sendable, Codable, Equatable {
        public var publicValue: String
        public var publicSource: String
        public var witnessSecret: String

        public init(publicValue: String, publicSource: String, witnessSecret: String = "") {
            self.publicValue = publicValue
            self.publicSource = publicSource
            self.witnessSecret = witnessSecret
        }
    }

    // MARK: - Leaves

    /// Each candidate's status: "eligible", or the code of the first rule that leaves it out (with its text).
    static func statuses(_ sorted: [DrawCandidate], _ rules: DrawRules) -> [(code: String, text: String?)] {
        sorted.map { c in
            guard let excluded = rules.excluded(c) else { return ("eligible", nil) }
            return (excluded.reason.rawValue, excluded.text)
        }
    }

    /// `index|uscc|class|status|national|history`; history entries `YYYY-MM-DD/S|O/level/mode/failed/refused`
    /// (S: the draw's product, O: another), sorted as text and joined by commas.
    public static func leafText(index: Int, candidate c: DrawCandidate, status: String, productId: Int64) -> String {
        var bytes: [UInt8] = []
        appendLeafText(index: index, candidate: c, status: status, productId: productId, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `leafText` written as UTF-8 bytes piece by piece: a city draw hashes a million of them (the published test
    /// vector and CommittedDrawTests hold it to the text).
    static func appendLeafText(index: Int, candidate c: DrawCandidate, status: String, productId: Int64, to out: inout [UInt8]) {
        DrawCandidate.appendDecimal(Int64(index), to: &out)
        out.append(bar)
        out.append(contentsOf: c.uscc.utf8)
        out.append(bar)
        out.append(contentsOf: c.creditClass.utf8)
        out.append(bar)
        out.append(contentsOf: status.utf8)
        out.append(bar)
        out.append(c.inNationalPlan ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        out.append(bar)
        switch c.history.count {
        case 0: break
        case 1: appendHistoryEntry(c.history[0], productId: productId, to: &out)
        default:
            let entries = c.history.map { h in
                var entry: [UInt8] = []
                appendHistoryEntry(h, productId: productId, to: &entry)
                return entry
            }.sorted { $0.lexicographicallyPrecedes($1) }
            for (i, entry) in entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: entry)
            }
        }
    }

    static func appendHistoryEntry(_ h: PastCheck, productId: Int64, to out: inout [UInt8]) {
        h.day.appendText(to: &out)
        out.append(slash)
        out.append(h.productId == productId ? UInt8(ascii: "S") : UInt8(ascii: "O"))
        out.append(slash)
        h.level.appendCode(to: &out)
        out.append(slash)
        out.append(contentsOf: h.mode.rawValue.utf8)
        out.append(slash)
        out.append(h.failed ? UInt8(ascii: "1") : UInt8(ascii: "0"))
        out.append(slash)
        out.append(h.refused ? UInt8(ascii: "1") : UInt8(ascii: "0"))
    }

    private static let bar = UInt8(ascii: "|"), slash = UInt8(ascii: "/")

    public static func levelCode(_ level: CheckLevel) -> String {
        var bytes: [UInt8] = []
        level.appendCode(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func sortedById(_ candidates: [DrawCandidate]) -> [DrawCandidate] {
        zip(candidates, candidates.dropFirst()).allSatisfy({ $0.enterpriseId <= $1.enterpriseId })
            ? candidates : candidates.sorted { $0.enterpriseId < $1.enterpriseId }
    }

    /// For each inspector of the pool (by id), the leaves of the candidates it declared a conflict with.
    static func conflicts(_ pool: [InspectorCandidate], _ sorted: [DrawCandidate]) -> [[Int]] {
        let wanted = Set(pool.flatMap(\.conflicts))
        var leavesOf: [String: [Int]] = [:]
        if !wanted.isEmpty {
            for (index, c) in sorted.enumerated() where wanted.contains(c.uscc) { leavesOf[c.uscc, default: []].append(index) }
        }
        return pool.map { inspector in inspector.conflicts.flatMap { leavesOf[$0] ?? [] }.sorted() }
    }

    // MARK: - Commitment

    /// The commitment of a candidate list. `salts` holds one `saltBytes`-byte salt per candidate in enterprise order.
    public static func commit(_ request: DrawRequest, candidates: [DrawCandidate], inspectors: [InspectorCandidate], context: Context,
                              salts: [[UInt8]]) -> Commitment {
        let sorted = sortedById(candidates)
        let pool = inspectors.sorted { $0.id < $1.id }
        return commit(request, sorted: sorted, statuses: statuses(sorted, DrawRules(request)), pool: pool, conflicts: conflicts(pool, sorted),
                      context: context, salts: salts)
    }

    /// The commitment of candidates already in enterprise order with their statuses (`run` computes them once for
    /// both). Leaf texts, hashes and the published lines are written as bytes: a city draw has a million leaves.
    /// `leaves`: with the published lines (`leavesText`), which a draw or its verification through the root does not need.
    static func commit(_ request: DrawRequest, sorted: [DrawCandidate], statuses: [(code: String, text: String?)], pool: [InspectorCandidate],
                       conflicts: [[Int]], context: Context, salts: [[UInt8]], leaves: Bool = true) -> Commitment {
        precondition(salts.count == sorted.count, "one salt per candidate")
        let rules = DrawRules(request)
        // Leaves hashed on every core, a chunk at a time; each chunk also writes its published lines.
        let (rootBytes, lines) = MerkleTree.root(count: sorted.count) { range, hashes -> [UInt8] in
            var published: [UInt8] = []
            if leaves { published.reserveCapacity(range.count * 90) }
            // The hashed bytes, 0x00 ‖ salt ‖ leaf text, in one buffer hashed at once.
            var text: [UInt8] = []
            text.reserveCapacity(256)
            for index in range {
                let c = sorted[index]
                MerkleTree.startLeaf(salt: salts[index], in: &text)
                appendLeafText(index: index, candidate: c, status: statuses[index].code, productId: request.productId, to: &text)
                let hash = text.withUnsafeBytes { SHA256.hash(data: $0) }
                hash.withUnsafeBytes { hashes.append(contentsOf: $0) }
                guard leaves else { continue }
                if index > 0 { published.append(UInt8(ascii: "\n")) }
                DrawCandidate.appendDecimal(Int64(index), to: &published)
                published.append(bar)
                published.append(contentsOf: c.creditClass.utf8)
                published.append(bar)
                published.append(contentsOf: statuses[index].code.utf8)
                published.append(bar)
                hash.withUnsafeBytes { Hex.append($0, to: &published) }
            }
            return published
        }
        let root = Hex.encode(rootBytes)
        var published: [UInt8] = []
        if leaves {
            published.reserveCapacity(lines.reduce(0) { $0 + $1.count })
            for chunk in lines { published.append(contentsOf: chunk) }
        }
        let eligible = statuses.filter { $0.code == "eligible" }.count
        let conflictText = conflicts.enumerated().filter { !$0.element.isEmpty }
            .map { "\($0.offset):" + $0.element.map(String.init).joined(separator: ",") }.joined(separator: ";")
        let header = [
            "\(algorithm) commitment",
            "task=\(context.task)",
            "product=\(oneLine(context.product))",
            "stage=\(context.stage.rawValue)",
            "level=\(levelCode(request.level))",
            "mode=\(request.mode.rawValue)",
            "day=\(request.day)",
            "count=\(request.count)",
            "rules=\(request.rulesVersion)",
            "weights=" + ["A", "B", "C", "D"].map { "\($0):\(rules.weight($0))" }.joined(separator: ","),
            "candidates=\(sorted.count)",
            "eligible=\(eligible)",
            "root=\(root)",
            "inspectors=\(pool.count)",
            "conflicts=\(conflictText.isEmpty ? "-" : conflictText)",
            "witness=\(context.witnessHash ?? "-")",
            "committed-at=\(context.committedAt)",
        ]
        let commitmentText = header.joined(separator: "\n")
        return Commitment(text: commitmentText, hash: sha256(commitmentText), root: root, leavesText: String(decoding: published, as: UTF8.self),
                          candidates: sorted.count, eligible: eligible)
    }

    /// A proof for the candidate at `index`: its leaf text, salt and path to the root.
    public struct Proof: Sendable, Codable, Equatable {
        public var index: Int
        public var leafText: String
        public var salt: String
        public var path: [MerkleTree.Step]
        public var root: String
    }

    /// The proof of the enterprise `enterpriseId`, or nil when it was not a candidate.
    public static func proof(_ request: DrawRequest, candidates: [DrawCandidate], salts: [[UInt8]], enterpriseId: Int64) -> Proof? {
        let sorted = sortedById(candidates)
        guard let index = sorted.firstIndex(where: { $0.enterpriseId == enterpriseId }), salts.count == sorted.count else { return nil }
        let statuses = statuses(sorted, DrawRules(request))
        let texts = sorted.enumerated().map { leafText(index: $0.offset, candidate: $0.element, status: statuses[$0.offset].code, productId: request.productId) }
        let hashes = texts.enumerated().map { MerkleTree.leafHash(salt: salts[$0.offset], text: $0.element) }
        return Proof(index: index, leafText: texts[index], salt: Hex.encode(salts[index]), path: MerkleTree.path(hashes, index: index),
                     root: Hex.encode(MerkleTree.root(hashes)))
    }

    // MARK: - Seed and selection

    /// The first 8 bytes, big-endian, of SHA-256("PZ-DRAW-2 seed\n" + commitment hash + "\n" + public value + "\n" +
    /// witness secret).
    public static func seed(commitmentHash: String, reveal: Reveal) -> UInt64 {
        let digest = Array(SHA256.hash(data: Array("\(algorithm) seed\n\(commitmentHash)\n\(reveal.publicValue)\n\(reveal.witnessSecret)".utf8)))
        return digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// Why the revealed values cannot seed the draw of this commitment, or nil.
    public static func revealProblem(_ reveal: Reveal, witnessHash: String?) -> String? {
        for value in [reveal.publicValue, reveal.publicSource, reveal.witnessSecret] where value.contains(where: \.isNewline) {
            return "公开随机值、来源和见证人秘密值不能换行"
        }
        if let witnessHash {
            guard !reveal.witnessSecret.isEmpty else { return "承诺中已登记见证人秘密值的哈希，请填写见证人公开的秘密值" }
            if sha256(reveal.witnessSecret) != witnessHash { return "见证人秘密值的SHA-256与承诺中登记的哈希不符" }
        }
        if reveal.publicValue.trimmingCharacters(in: .whitespaces).isEmpty && reveal.witnessSecret.isEmpty {
            return "须填写承诺之后公布的公开随机值（如彩票开奖号码），或见证人公开的秘密值"
        }
        if !reveal.publicValue.isEmpty && reveal.publicSource.trimmingCharacters(in: .whitespaces).isEmpty {
            return "请注明公开随机值的来源（如“中国福利彩票双色球第2026138期开奖号码”）"
        }
        return nil
    }

    /// The leaves drawn, best first: one SplitMix64 number per eligible leaf in index order, key u^(1/w) with
    /// u = ((x >> 11) + 0.5) / 2^53 and w the class's weight (B's for a class other than A–D, at least 1e-9); the
    /// min(count, eligible) largest keys, the smaller index first on equal keys.
    public static func select(_ leaves: [(index: Int, creditClass: String, eligible: Bool)], weights: (a: Double, b: Double, c: Double, d: Double),
                              count: Int, seed: UInt64) -> [Int] {
        var generator = SeededGenerator(seed: seed)
        var ranking = DrawRanking(count: count)
        for leaf in leaves where leaf.eligible {
            ranking.offer((key: pow(generator.openUnit(), 1 / weight(of: leaf.creditClass, weights)), id: Int64(leaf.index)))
        }
        return ranking.selected.map { Int($0) }
    }

    /// A class's weight in the selection: its share (B's for a class other than A–D), at least 1e-9.
    public static func weight(of creditClass: String, _ weights: (a: Double, b: Double, c: Double, d: Double)) -> Double {
        max(share(of: creditClass, weights), 1e-9)
    }

    /// A class's share as the rules give it: B's for a class other than A–D (the commitment's text states these).
    static func share(of creditClass: String, _ weights: (a: Double, b: Double, c: Double, d: Double)) -> Double {
        switch creditClass {
        case "A": weights.a
        case "C": weights.c
        case "D": weights.d
        default: weights.b
        }
    }

    /// For each selected leaf in selection order, two pool numbers: a second SplitMix64 seeded with seed + 1 (mod
    /// 2^64) gives one number per inspector without a conflict with that leaf, in pool order; the two smallest, the
    /// smaller pool number first on equal numbers.
    public static func inspectors(selected: [Int], pool: Int, conflicts: [[Int]], seed: UInt64) -> [[Int]] {
        var generator = SeededGenerator(seed: seed &+ 1)
        return selected.map { leaf in
            let keyed = (0..<pool).filter { !(conflicts.indices.contains($0) && conflicts[$0].contains(leaf)) }.map { (key: generator.next(), p: $0) }
            return keyed.sorted { $0.key != $1.key ? $0.key < $1.key : $0.p < $1.p }.prefix(TaskDraw.inspectorsPerBatch).map(\.p)
        }
    }

    /// The published result: what was revealed, the seed and the leaves and pool numbers drawn.
    public static func resultText(commitmentHash: String, reveal: Reveal, seed: UInt64, selected: [Int], inspectors: [[Int]]) -> String {
        [
            "\(algorithm) result",
            "commitment=\(commitmentHash)",
            "public-value=\(reveal.publicValue)",
            "public-source=\(reveal.publicSource)",
            "witness-secret=\(reveal.witnessSecret)",
            "seed=\(seed)",
            "selected=" + selected.map(String.init).joined(separator: ","),
            "inspectors=" + zip(selected, inspectors).map { "\($0):" + $1.map(String.init).joined(separator: ",") }.joined(separator: ";"),
        ].joined(separator: "\n")
    }

    // MARK: - The whole draw

    /// A draw computed from its private inputs: the commitment, the result text and the outcome by enterprise and
    /// inspector id (what the batches are made from).
    public struct Computed: Sendable, Equatable {
        public var commitment: Commitment
        public var seed: UInt64
        public var resultText: String
        public var outcome: TaskDraw.Outcome
    }

    /// `leaves: false` leaves the commitment's published lines out (`leavesText` empty): the root, hash and text are
    /// the same, and a draw or a check against the stored root needs no more.
    public static func run(_ request: DrawRequest, candidates: [DrawCandidate], inspectors: [InspectorCandidate], context: Context,
                           salts: [[UInt8]], reveal: Reveal, leaves: Bool = true) -> Computed {
        let sorted = sortedById(candidates)
        let rules = DrawRules(request)
        let statuses = statuses(sorted, rules)
        let pool = inspectors.sorted { $0.id < $1.id }
        let conflicts = conflicts(pool, sorted)
        let commitment = commit(request, sorted: sorted, statuses: statuses, pool: pool, conflicts: conflicts, context: context, salts: salts, leaves: leaves)
        let seed = seed(commitmentHash: commitment.hash, reveal: reveal)
        let ranked = sorted.enumerated().map { (index: $0.offset, creditClass: $0.element.creditClass, eligible: statuses[$0.offset].code == "eligible") }
        let selected = select(ranked, weights: rules.shares, count: request.count, seed: seed)
        let drawn = Self.inspectors(selected: selected, pool: pool.count, conflicts: conflicts, seed: seed)
        var request = request
        request.seed = seed
        let enterprises = DrawResult(
            algorithm: algorithm, seed: seed, candidateList: commitment.text, selected: selected.map { sorted[$0].enterpriseId },
            excluded: sorted.indices.compactMap { i in statuses[i].text.map { DrawExclusion(enterpriseId: sorted[i].enterpriseId, reason: $0) } },
            trackingCandidates: sorted.filter(rules.isTrackingCandidate).map(\.enterpriseId))
        let assignments = zip(selected, drawn).map { leaf, chosen in
            InspectorAssignment(enterpriseId: sorted[leaf].enterpriseId, inspectors: chosen.map { pool[$0].id },
                                recused: pool.indices.filter { conflicts[$0].contains(leaf) }.map { pool[$0].id })
        }
        return Computed(commitment: commitment, seed: seed,
                        resultText: resultText(commitmentHash: commitment.hash, reveal: reveal, seed: seed, selected: selected, inspectors: drawn),
                        outcome: TaskDraw.Outcome(enterprises: enterprises, inspectors: assignments))
    }

    public static func sha256(_ text: String) -> String { Hex.encode(SHA256.hash(data: Array(text.utf8))) }

    static func oneLine(_ text: String) -> String { text.split(whereSeparator: \.isNewline).joined(separator: " ") }
}
