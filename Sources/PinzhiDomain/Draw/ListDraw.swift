/// PZ-DRAW-2 for every draw other than a task's enterprises (the published method §十四, Resources/draw-method.txt):
/// the recheck agency 复检机构 (SPEC SC-7, 004 §十六) and the quality-safety officers to assess (SPEC EN-4). The same
/// two moments as a task's draw (CommittedDraw), with the same leaf and node hashes, seed, generator and selection:
///
/// 1. Commitment: the candidates in their stated order become leaves `index|code|group|status`, each hashed with its
///    own salt; the commitment text (`PZ-DRAW-2 list commitment`, the kind, the subject, the day, the count, the
///    root, the witness's hash, the time) is published and audited before any seed exists.
/// 2. Draw: the seed from the commitment hash and the values revealed after it (§六); every eligible leaf weighs the
///    same (§八 with all weights 1.0), so the k largest keys are a uniform draw without replacement — except a list
///    committed with weights by credit class (a campaign's on-site inspections by risk, SPEC CP-3), whose weights are
///    a line of its commitment text.
///
/// Codes are organisations' codes or record numbers, never names of people.
public struct ListDraw: Sendable, Codable, Equatable {
    public static let header = "\(CommittedDraw.algorithm) list commitment"

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case recheckAgency = "recheck-agency"
        case officerAssessment = "officer-assessment"
        case assistanceExperts = "assistance-experts"
        case campaignInspection = "campaign-inspection"

        public var label: String {
            switch self {
            case .recheckAgency: "复检机构抽取"
            case .officerAssessment: "质量安全管理人员考核抽取"
            case .assistanceExperts: "质量技术帮扶专家抽取"
            case .campaignInspection: "专项行动现场检查企业抽取"
            }
        }
    }

    /// One candidate: the record it stands for (not published), its code and group as they appear in the leaf text,
    /// and "eligible" or the code of the rule that leaves it out.
    public struct Candidate: Sendable, Codable, Equatable {
        public var id: Int64
        public var code: String
        public var group: String
        public var status: String

        public init(id: Int64, code: String, group: String = "-", status: String = ListDraw.eligible) {
            self.id = id
            self.code = ListDraw.field(code)
            self.group = ListDraw.field(group)
            self.status = ListDraw.field(status)
        }
    }

    public static let eligible = "eligible"

    public var kind: Kind
    /// What the draw is for, e.g. `batch:2026-0001-0003` or `city:2026-Q4`.
    public var subject: String
    public var day: Day
    public var count: Int
    /// In leaf order.
    public var candidates: [Candidate]
    /// One per candidate, 32 lower-case hex digits.
    public var salts: [String]
    public var witnessHash: String?
    public var committedAt: String
    /// Weights by credit class (a leaf's group is then its class), committed with the list: a draw by risk (§八, as a
    /// task's draw of enterprises). Nil for the uniform lists, whose commitment text has no weights line.
    public var weights: Weights?

    public struct Weights: Sendable, Codable, Equatable {
        public var a: Double, b: Double, c: Double, d: Double

        public init(a: Double, b: Double, c: Double, d: Double) {
            (self.a, self.b, self.c, self.d) = (a, b, c, d)
        }

        var text: String { "A:\(a),B:\(b),C:\(c),D:\(d)" }
    }

    public init(kind: Kind, subject: String, day: Day, count: Int, candidates: [Candidate], salts: [[UInt8]], witnessHash: String? = nil,
                committedAt: String, weights: Weights? = nil) {
        precondition(salts.count == candidates.count, "one salt per candidate")
        self.kind = kind
        self.subject = Self.field(subject)
        self.day = day
        self.count = count
        self.candidates = candidates
        self.salts = salts.map(Hex.encode)
        self.witnessHash = witnessHash
        self.committedAt = committedAt
        self.weights = weights
    }

    /// A leaf's field holds no separator and no line break.
    static func field(_ text: String) -> String {
        String(text.map { $0 == "|" || $0.isNewline ? "/" : $0 })
    }

    public var eligibleCount: Int { candidates.filter { $0.status == Self.eligible }.count }

    func leafText(_ index: Int) -> String {
        let c = candidates[index]
        return "\(index)|\(c.code)|\(c.group)|\(c.status)"
    }

    private var leafHashes: [[UInt8]] {
        candidates.indices.map { MerkleTree.leafHash(salt: Hex.decode(salts[$0]) ?? [], text: leafText($0)) }
    }

    // MARK: - Commitment

    public func commitment() -> CommittedDraw.Commitment {
        let hashes = leafHashes
        let root = Hex.encode(MerkleTree.root(hashes))
        let leaves = candidates.indices.map { "\($0)|\(candidates[$0].group)|\(candidates[$0].status)|\(Hex.encode(hashes[$0]))" }
        let text = ([
            Self.header,
            "kind=\(kind.rawValue)",
            "subject=\(subject)",
            "day=\(day)",
            "count=\(count)",
            "candidates=\(candidates.count)",
            "eligible=\(eligibleCount)",
        ] + (weights.map { ["weights=\($0.text)"] } ?? []) + [
            "root=\(root)",
            "witness=\(witnessHash ?? "-")",
            "committed-at=\(committedAt)",
        ]).joined(separator: "\n")
        return CommittedDraw.Commitment(text: text, hash: CommittedDraw.sha256(text), root: root, leavesText: leaves.joined(separator: "\n"),
                                        candidates: candidates.count, eligible: eligibleCount)
    }

    public func proof(index: Int) -> CommittedDraw.Proof? {
        guard candidates.indices.contains(index) else { return nil }
        let hashes = leafHashes
        return CommittedDraw.Proof(index: index, leafText: leafText(index), salt: salts[index], path: MerkleTree.path(hashes, index: index),
                                   root: Hex.encode(MerkleTree.root(hashes)))
    }

    // MARK: - Draw

    public struct Outcome: Sendable, Equatable {
        public var commitment: CommittedDraw.Commitment
        public var seed: UInt64
        /// Leaf indices, best first.
        public var selected: [Int]
        public var resultText: String
        /// The records drawn, in draw order.
        public var selectedIds: [Int64]
    }

    public func run(_ reveal: CommittedDraw.Reveal) -> Outcome {
        let commitment = commitment()
        let seed = CommittedDraw.seed(commitmentHash: commitment.hash, reveal: reveal)
        let leaves = candidates.enumerated().map {
            (index: $0.offset, creditClass: weights == nil ? "-" : $0.element.group, eligible: $0.element.status == Self.eligible)
        }
        let selected = CommittedDraw.select(leaves, weights: weights.map { ($0.a, $0.b, $0.c, $0.d) } ?? (1, 1, 1, 1), count: count, seed: seed)
        let result = [
            "\(CommittedDraw.algorithm) result",
            "commitment=\(commitment.hash)",
            "public-value=\(reveal.publicValue)",
            "public-source=\(reveal.publicSource)",
            "witness-secret=\(reveal.witnessSecret)",
            "seed=\(seed)",
            "selected=" + selected.map(String.init).joined(separator: ","),
        ].joined(separator: "\n")
        return Outcome(commitment: commitment, seed: seed, selected: selected, resultText: result, selectedIds: selected.map { candidates[$0].id })
    }
}
