import Foundation

/// Where the data lives: a SQLite file (the embedded default) or a PostgreSQL URL.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case sqliteMemory
    case postgres(url: String)

    public static let defaultPath = "data/pinzhi.sqlite"

    /// Reads `--database` / `PINZHI_DATABASE_URL`: a postgres:// URL, `:memory:`, or a file path.
    public init(_ value: String?) {
        let v = (value ?? "").trimmingCharacters(in: .whitespaces)
        if v.isEmpty {
            self = .sqlite(path: Self.defaultPath)
        } else if v.hasPrefix("postgres://") || v.hasPrefix("postgresql://") {
            self = .postgres(url: v)
        } else if v == ":memory:" {
            self = .sqliteMemory
        } else if v.hasPrefix("sqlite://") {
            self = .sqlite(path: String(v.dropFirst("sqlite://".count)))
        } else {
            self = .sqlite(path: v)
        }
    }

    public var dialect: Dialect {
        if case .postgres = self { return .postgres }
        return .sqlite
    }

    /// Printable without the password.
    public var description: String {
        switch self {
        case .sqlite(let path): return "SQLite \(path)"
        case .sqliteMemory: return "SQLite (内存)"
        case .postgres(let url):
            guard var c = URLComponents(string: url) else { return "PostgreSQL" }
            if c.password != nil { c.password = "***" }
            return "PostgreSQL \(c.string ?? "")"
        }
    }
}
