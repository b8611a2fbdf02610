@preconcurrency import AsyncKit
import Foundation
import PinzhiDomain
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLiteKit
import SQLKit
import Synchronization

/// The connection pool of either database, with the two ways to use it: a plain session and a transaction.
public final class PinzhiDatabase: Sendable {
    // The pools lock internally; AsyncKit predates Sendable annotations.
    enum Pool: @unchecked Sendable {
        case sqlite(EventLoopGroupConnectionPool<SQLiteTunedSource>)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>)
    }

    public let dialect: Dialect
    public let location: DatabaseLocation
    let pool: Pool
    let logger: Logger
    let writeGate = WriteGate()
    /// Reads kept until the next commit (see ReadCache): this server's own, so another server's writes show within
    /// its `maxAge`.
    public let reads: ReadCache
    /// The threads of this database alone, if it was given its own (`ownThreads`); stopped by `shutdown`.
    private let ownThreads: NIOThreadPool?
    /// Whether the schema has the data version (Migration045): from then on each transaction moves it on.
    private let versioned = Mutex(false)

    /// - Parameters:
    ///   - postgresSearchPath: the schemas to use on PostgreSQL (tests give each run its own).
    ///   - maxConnectionsPerLoop: the pool size per event loop on PostgreSQL.
    ///   - reads: the read cache (tests give one a clock of their own).
    ///   - ownThreads: SQLite's blocking calls on threads of this database's own rather than the process's shared
    ///     pool. A test running two servers in one process gives each its own, as two processes would have: SQLite's
    ///     busy handler sleeps in its thread while the other server holds the write lock, and on one shared pool of
    ///     two threads (a 2-core machine) two such waits left none for the holder to commit with.
    ///   - sqlite: each SQLite connection's page cache and temporary storage (SQLiteTunedSource).
    public init(_ location: DatabaseLocation, logger: Logger = Logger(label: "pinzhi.db"),
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                postgresSearchPath: [String]? = nil, maxConnectionsPerLoop: Int = 8, reads: ReadCache = ReadCache(),
                ownThreads: Bool = false, sqlite: SQLiteTuning = .server) throws {
        self.location = location
        self.reads = reads
        self.dialect = location.dialect
        self.logger = logger
        let threads = ownThreads ? NIOThreadPool(numberOfThreads: 2) : NIOThreadPool.singleton
        if ownThreads { threads.start() }
        self.ownThreads = ownThreads ? threads : nil
        switch location {
        case .sqlite(let path):
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            let source = SQLiteTunedSource(base: SQLiteConnectionSource(configuration: .init(storage: .file(path: path)), threadPool: threads),
                                           tuning: sqlite)
            pool = .sqlite(EventLoopGroupConnectionPool(source: source, maxConnectionsPerEventLoop: 2, logger: logger, on: eventLoopGroup))
        case .sqliteMemory:
            // A shared in-memory database lives as long as one connection holds it; one connection per loop suffices.
            let source = SQLiteTunedSource(base: SQLiteConnectionSource(configuration: .init(storage: .memory), threadPool: threads))
            pool = .sqlite(EventLoopGroupConnectionPool(source: source, maxConnectionsPerEventLoop: 1, logger: logger, on: eventLoopGroup))
        case .postgres(let url):
            var config = try SQLPostgresConfiguration(url: url.contains("sslmode=") ? url : url + (url.contains("?") ? "&" : "?") + "sslmode=disable")
            config.searchPath = postgresSearchPath
            // PostgreSQL's Memoize sizes its cache for the rows the join is estimated to see without the LIMIT: a
            // list's page of 20 leads with their enterprises spent 13 of its 14 ms setting up a cache for 336
            // thousand (PostgreSQL 15, L). Our joins look up by primary key, which Memoize cannot beat.
            config.coreConfiguration.options.additionalStartupParameters = [("enable_memoize", "off")]
            pool = .postgres(EventLoopGroupConnectionPool(source: PostgresConnectionSource(sqlConfiguration: config),
                                                          maxConnectionsPerEventLoop: maxConnectionsPerLoop, logger: logger, on: eventLoopGroup))
        }
    }

    /// Runs `body` on one leased connection, without a transaction: for reads. An unreachable database surfaces
    /// as StoreError.unavailable, whatever the driver called it.
    public func session<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do {
            return try await leased(body)
        } catch let error where DatabaseFault.isUnavailable(error) {
            logger.warning("database unavailable: \(String(reflecting: error))")
            throw StoreError.unavailable
        } catch let error where DatabaseFault.isUnstorableText(error) {
            throw StoreError.invalid(ValidationFailure([FieldError("", "输入中含有无法保存的字符（如U+0000空字符），请删除后重试")]))
        }
    }

    private func leased<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        switch pool {
        case .sqlite(let pool):
            let conn = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(conn, logger: logger) }
            return try await body(conn.sql(queryLogLevel: .trace))
        case .postgres(let pool):
            let conn = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(conn, logger: logger) }
            return try await body(ClosedConnectionGuard(base: conn.sql(queryLogLevel: .trace), connection: conn))
        }
    }

    /// Runs `body` in one transaction: every row it writes lands, or none does.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let dialect = self.dialect
        if dialect == .sqlite { await writeGate.enter() }
        do {
            let result = try await transactionOnSession(body)
            if dialect == .sqlite { await writeGate.leave() }
            return result
        } catch {
            if dialect == .sqlite { await writeGate.leave() }
            throw error
        }
    }

    private func transactionOnSession<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let dialect = self.dialect
        let reads = self.reads
        let versioned = self.versioned.withLock { $0 }
        return try await session { db in
            try await db.raw(SQLQueryString(dialect.begin)).run()
            do {
                let changes = try await Self.changes(db, dialect)
                let result = try await body(db)
                // A transaction that wrote nothing leaves the data version and the read cache alone: at a million
                // enterprises each server's daily credit recomputation is some 2,500 transactions that mostly change
                // nothing, and moving the version for each emptied every server's cache 30 times a second for minutes
                // (issue 21 item 1).
                let wrote = try await Self.changes(db, dialect) != changes
                // Last, so that the row is held only until the commit: writers of other processes then know that
                // something changed (ReadCache).
                if versioned && wrote { try await db.raw("UPDATE data_version SET n = n + 1 WHERE id = 1").run() }
                try await db.raw("COMMIT").run()
                if wrote { reads.invalidate() }
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// What the transaction has written so far, as the database counts it: on SQLite the rows this connection has
    /// inserted, updated or deleted since it opened; on PostgreSQL whether the transaction has an id, which it is
    /// given at its first write (or row lock, which counts as one). Compared before and after the transaction's body.
    private static func changes(_ db: any SQLDatabase, _ dialect: Dialect) async throws -> Int64 {
        let sql = dialect == .sqlite ? "SELECT total_changes() AS n" : "SELECT CASE WHEN txid_current_if_assigned() IS NULL THEN 0 ELSE 1 END AS n"
        return try await db.raw(SQLQueryString(sql)).first()?.decode(column: "n", as: Int64.self) ?? 0
    }

    /// Called once the schema has the data version (Migrator): each transaction from then on moves it on, and the
    /// read cache asks it before reading a page again.
    func trackVersions() {
        versioned.withLock { $0 = true }
        reads.trackVersions { [weak self] in
            guard let self else { return nil }
            return try await self.session { db in
                try await db.raw("SELECT n FROM data_version WHERE id = 1").first()?.decode(column: "n", as: Int64.self)
            }
        }
    }

    public func shutdown() async {
        switch pool {
        case .sqlite(let pool): try? await pool.shutdownAsync()
        case .postgres(let pool): try? await pool.shutdownAsync()
        }
        try? await ownThreads?.shutdownGracefully()
    }
}
