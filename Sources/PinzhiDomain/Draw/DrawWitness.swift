import Foundation

/// The witness's part of a draw (纪检监察 or a notary; PZ-DRAW-2 §二、§六, issue 16 item 3): before a candidate list is
/// committed, the witness fixes the SHA-256 of a secret only it knows, for one draw's subject; the commitment takes
/// that hash in; after the commitment is published, the witness reveals the secret and the seed is derived from it. The
/// drawing officer types neither: the hash and the secret come from the witness's own account.
public enum DrawWitness {
    /// What a registration is for: a task's draw, a batch's recheck agency, an assessment of a scope and period.
    public enum Subject: Sendable, Equatable, Hashable {
        case task(Int64)
        case batch(Int64)
        case assessment(scope: String, period: String)

        /// `task:12`, `batch:345`, `officer-assessment:310114:2026-Q4`.
        public var code: String {
            switch self {
            case .task(let id): "task:\(id)"
            case .batch(let id): "batch:\(id)"
            case .assessment(let scope, let period): "officer-assessment:\(scope):\(period)"
            }
        }

        public init?(code: String) {
            let parts = code.split(separator: ":", maxSplits: 2).map(String.init)
            switch (parts.first, parts.count) {
            case ("task", 2): guard let id = Int64(parts[1]), id > 0 else { return nil }; self = .task(id)
            case ("batch", 2): guard let id = Int64(parts[1]), id > 0 else { return nil }; self = .batch(id)
            case ("officer-assessment", 3): self = .assessment(scope: parts[1], period: parts[2])
            default: return nil
            }
        }

        public var label: String {
            switch self {
            case .task(let id): "抽查任务 #\(id) 的双随机抽取"
            case .batch(let id): "批次 #\(id) 的复检机构抽取"
            case .assessment(let scope, let period): "\(scope == "city" ? "全市" : District.named(code: scope)) \(period) 质量安全人员随机考核"
            }
        }
    }

    /// A hash the witness registers: 64 hexadecimal digits (it is stored in lower case).
    public static func hashProblem(_ hash: String) -> String? {
        let h = hash.trimmingCharacters(in: .whitespaces)
        return h.count == 64 && Hex.decode(h.lowercased()) != nil ? nil : "秘密值的SHA-256应为64位十六进制数字"
    }

    /// A secret revealed: one line, 8–200 characters (short secrets could be guessed from their hash), hashing to the
    /// registered hash.
    public static func secretProblem(_ secret: String, registeredHash: String) -> String? {
        if secret.contains(where: \.isNewline) { return "秘密值不能换行" }
        if secret.count < 8 || secret.count > 200 { return "秘密值应为8至200个字符" }
        return CommittedDraw.sha256(secret) == registeredHash ? nil : "秘密值的SHA-256与登记的哈希不符"
    }
}
