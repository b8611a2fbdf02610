import SQLKit

/// Enterprise names by id, for pages that show a stored list of ids (a draw's candidates); a few queries of 500.
public enum EnterpriseNames {
    public static func of(_ database: PinzhiDatabase, ids: [Int64]) async throws -> [Int64: String] {
        try await database.session { db in
            var names: [Int64: String] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                for row in try await db.select().columns("id", "name").from("enterprises").where("id", .in, chunk).all() {
                    names[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "name", as: String.self)
                }
            }
            return names
        }
    }
}
