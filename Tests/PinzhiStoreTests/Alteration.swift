import PinzhiStore
import SQLKit
import Testing

/// Changes one stored text value the way a forger would, expects `problem` to name it (its message containing
/// `check`), puts it back and expects no problem: for the tests that a verification catches each alteration.
struct Alteration {
    let db: PinzhiDatabase
    let problem: @Sendable () async throws -> String?

    func expectNamed(_ table: String, _ column: String, _ id: Int64, _ change: (String) -> String, check: String) async throws {
        let original = try await db.session { sql in
            try await sql.select().column(column).from(table).where("id", .equal, id).first()!.decode(column: column, as: String.self)
        }
        let changed = change(original)
        try await db.session { sql in try await sql.update(table).set(column, to: changed).where("id", .equal, id).run() }
        let found = try await problem()
        #expect(found?.contains(check) == true, "\(table).\(column): \(found ?? "nil")")
        try await db.session { sql in try await sql.update(table).set(column, to: original).where("id", .equal, id).run() }
        #expect(try await problem() == nil)
    }
}
