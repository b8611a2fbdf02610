import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing

@testable import PinzhiStore

@Suite("迁移")
struct MigrationTests {
    @Test func migrationsApplyOnceAndCreateTheOrganisations() async throws {
        try await TestDatabase.with { db in
            #expect(try await Migrator(db).appliedVersions() == MigrationList.all.map(\.version))
            #expect(try await Migrator(db).migrate().isEmpty, "a second run applies nothing")
            let orgs = try await OrganisationRepository(db).all()
            #expect(orgs.count == PinzhiDomain.OrganisationSeed.all.count)
            #expect(orgs.filter { $0.kind == "district_bureau" }.count == 16)
            #expect(orgs.first { $0.code == "SH-310114" }?.districtCode == "310114")
        }
    }

    @Test func foreignKeysAreEnforced() async throws {
        try await TestDatabase.with { db in
            await #expect(throws: (any Error).self) {
                try await db.session { conn in
                    try await conn.raw("""
                        INSERT INTO test_items (product_id, name, limit_expression, safety, key_safety, severity, created_at, updated_at)
                        VALUES (999, 'x', '≤1', \(bind: false), \(bind: false), '一般', 'now', 'now')
                        """).run()
                }
            }
        }
    }
}
