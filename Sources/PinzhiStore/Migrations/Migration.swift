/// One numbered step of the schema. Migrations are append-only: a released one is never edited, a change is a new one.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let statements: @Sendable (Dialect) -> [String]

    public init(_ version: Int, _ name: String, statements: @escaping @Sendable (Dialect) -> [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}
