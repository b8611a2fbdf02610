import SQLKit
import Synchronization

/// SQLKit's `.convertToSnakeCase`, remembered per key: it converts every key of every encoded row again, which was
/// a tenth of a million-row import. A key seen for the first time is converted by SQLKit itself (by encoding a
/// one-key value), so the column names stay exactly SQLKit's, `isSME` → `is_sme` included.
enum SnakeCaseKeys {
    static let strategy: SQLQueryEncoder.KeyEncodingStrategy = .custom { path in
        SomeCodingKey(stringValue: column(path.last?.stringValue ?? ""))
    }

    private static let known = Mutex<[String: String]>([:])

    static func column(_ key: String) -> String {
        if let found = known.withLock({ $0[key] }) { return found }
        let converted = (try? SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase).encode(OneKey(name: key)).first?.0) ?? key
        known.withLock { $0[key] = converted }
        return converted
    }

    private struct OneKey: Encodable {
        let name: String
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: SomeCodingKey.self)
            try container.encode(0, forKey: SomeCodingKey(stringValue: name))
        }
    }
}
