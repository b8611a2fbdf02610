import Crypto
import Foundation

enum AuditHasher {
    static let genesis = String(repeating: "0", count: 64)

    static func hash(_ entry: AuditEntry) -> String {
        Hashing.sha256(entry.canonical)
    }
}
