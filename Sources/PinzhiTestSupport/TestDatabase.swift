import Foundation
import PinzhiDomain
import PinzhiStore
import SQLKit

/// Shared by the test targets (a library, since test targets cannot import each other).
/// A fresh, migrated database for one test: a temporary SQLite file, or, when PINZHI_TEST_POSTGRES_URL is set,
/// a schema of its own in that PostgreSQL. `scripts/test` runs the suite once each way.
public enum TestDatabase {
    public static var postgresURL: String? { ProcessInfo.processInfo.environment["PINZHI_TEST_POSTGRES_URL"] }

    public static func with<T>(_ body: (PinzhiDatabase) async throws -> T) async throws -> T {
        try await withServers(reads: [ReadCache()]) { try await body($0[0]) }
    }

    /// One fresh, migrated database opened once per entry of `reads`: the pools of as many app servers sharing it,
    /// each with its own connections and read cache, as in production behind a load balancer.
    public static func withServers<T>(reads: [ReadCache], _ body: ([PinzhiDatabase]) async throws -> T) async throws -> T {
        let open: (ReadCache) throws -> PinzhiDatabase
        var cleanup: () async -> Void
        if let url = postgresURL {
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            // Tests run in parallel: hold as few connections as possible, and none for longer than needed.
            try await onAdminConnection(url, "CREATE SCHEMA \(schema)")
            open = { try PinzhiDatabase(.postgres(url: url), postgresSearchPath: [String(schema)], maxConnectionsPerLoop: 2, reads: $0) }
            cleanup = { try? await onAdminConnection(url, "DROP SCHEMA \(schema) CASCADE") }
        } else {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("pinzhi-test-\(UUID().uuidString).sqlite").path
            // Each server its own threads, as two processes would have (PinzhiDatabase `ownThreads`).
            open = { try PinzhiDatabase(.sqlite(path: path), reads: $0, ownThreads: true) }
            cleanup = {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }
        var databases: [PinzhiDatabase] = []
        do {
            for cache in reads { databases.append(try open(cache)) }
            // Each server migrates at its start, as in production (the first applies, the others find them applied
            // and then track the data version, as every server does).
            for db in databases { try await Migrator(db).migrate() }
            let result = try await body(databases)
            for db in databases { await db.shutdown() }
            await cleanup()
            return result
        } catch {
            for db in databases { await db.shutdown() }
            await cleanup()
            throw error
        }
    }

    static func onAdminConnection(_ url: String, _ statement: String) async throws {
        let admin = try PinzhiDatabase(.postgres(url: url), maxConnectionsPerLoop: 1)
        do {
            try await admin.session { try await $0.raw(SQLQueryString(statement)).run() }
            await admin.shutdown()
        } catch {
            await admin.shutdown()
            throw error
        }
    }

    public static let hasher = PasswordHasher.bcrypt(cost: 4)

    public static let admin = Principal(accountId: 1, username: "admin", displayName: "管理员", role: .cityAdmin, organisationId: 1, organisationName: "市局")

    public static func district(_ code: String) -> Principal {
        Principal(accountId: 2, username: "d\(code)", displayName: "区局", role: .districtSupervisor, organisationId: 2, districtCode: code)
    }

    public static func enterprise(name: String, district: String, index: Int) -> Enterprise {
        var e = Enterprise()
        e.uscc = USCC.complete("91\(district)" + String(format: "%09d", 100_000 + index))
        e.name = name
        e.address = "上海市测试路\(index)号"
        e.enterpriseType = .producer
        e.scale = .small
        e.creditClass = "B"
        e.normalize()
        return e
    }
}
