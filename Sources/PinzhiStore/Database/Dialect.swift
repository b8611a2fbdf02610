import SQLKit

/// The one place where SQLite and PostgreSQL differ in the SQL we write.
public enum Dialect: String, Sendable {
    case sqlite
    case postgres

    /// The dialect of a connection, for code that has only the connection.
    public static func of(_ db: any SQLDatabase) -> Dialect { db.dialect.name == "sqlite" ? .sqlite : .postgres }

    /// An auto-numbered primary key.
    public var primaryKey: String { self == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY" }
    public var bigint: String { self == .sqlite ? "INTEGER" : "BIGINT" }
    public var bool: String { self == .sqlite ? "INTEGER" : "BOOLEAN" }
    public var double: String { self == .sqlite ? "REAL" : "DOUBLE PRECISION" }
    public var text: String { "TEXT" }
    public var `true`: String { self == .sqlite ? "1" : "TRUE" }
    public var `false`: String { self == .sqlite ? "0" : "FALSE" }
    /// SQLite takes the write lock at BEGIN, so two writers never deadlock upgrading a read lock.
    public var begin: String { self == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN" }

    /// A search term folded as the database's LOWER() folds a column: SQLite folds ASCII letters only, PostgreSQL
    /// every cased letter (full-width Ａ too), so a term must be folded the same way to match.
    public func lowercased(_ term: String) -> String {
        guard self == .sqlite else { return term.lowercased() }
        return String(String.UnicodeScalarView(term.unicodeScalars.map { scalar in
            ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar
        }))
    }
}
