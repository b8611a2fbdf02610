import Crypto
import Foundation

enum AuditHasher {
    static let genesis = String(repeating: "0", count: 64)

    static func hash(_ entry: AuditEntry) -> String {
        SHA256.hash(data: Data(entry.canonical.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
