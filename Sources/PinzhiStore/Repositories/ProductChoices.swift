import SQLKit

/// The catalogue as choices: every product (all roles may read the catalogue) as id and "code name", by code.
public enum ProductChoices {
    public static func all(_ database: PinzhiDatabase) async throws -> [(id: Int64, label: String)] {
        try await database.session { db in
            try await db.select().columns("id", "code", "name").from("products").orderBy("code").all().map {
                (try $0.decode(column: "id", as: Int64.self), "\(try $0.decode(column: "code", as: String.self)) \(try $0.decode(column: "name", as: String.self))")
            }
        }
    }
}
