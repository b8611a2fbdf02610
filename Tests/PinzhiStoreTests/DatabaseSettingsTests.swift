import PinzhiStore
import PinzhiTestSupport
import SQLKit
import Testing

@Suite("数据库连接设置")
struct DatabaseSettingsTests {
    /// Every PostgreSQL connection starts with Memoize off (PinzhiDatabase says why); SQLite has no such planner node.
    @Test func postgresConnectionsStartWithoutMemoize() async throws {
        try await TestDatabase.with { db in
            guard db.dialect == .postgres else { return }
            let setting = try await db.session { try await $0.raw("SHOW enable_memoize").first()?.decode(column: "enable_memoize", as: String.self) }
            #expect(setting == "off")
        }
    }
}
