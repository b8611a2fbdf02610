import AsyncKit
import Logging
import NIOCore
import SQLiteKit

/// Opens SQLite connections with the settings every connection needs: foreign keys, WAL and a busy timeout,
/// so that concurrent writers wait for each other instead of failing. The page cache is 64 MB instead of SQLite's
/// 2 MB: at a million enterprises the search index's B-tree no longer fits the default, and every insert into it
/// went back to the file (the pool holds at most four connections, so 256 MB at most). `pinzhi generate` asks for
/// more (SQLiteTuning.bulkLoad).
struct SQLiteTunedSource: ConnectionPoolSource {
    let base: SQLiteConnectionSource
    var tuning = SQLiteTuning.server

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { conn in
            conn.query("PRAGMA busy_timeout = 15000")
                .flatMap { _ in conn.query("PRAGMA journal_mode = WAL") }
                .flatMap { _ in conn.query("PRAGMA synchronous = NORMAL") }
                .flatMap { _ in conn.query("PRAGMA cache_size = -\(tuning.cacheMegabytes * 1024)") }
                .flatMap { _ in conn.query("PRAGMA temp_store = \(tuning.tempInMemory ? "MEMORY" : "DEFAULT")") }
                .map { _ in conn }
        }
    }
}

/// A connection's page cache and where its temporary files go.
public struct SQLiteTuning: Sendable {
    public var cacheMegabytes: Int
    /// Statement journals and sorts in memory: a multi-row INSERT into a table with a unique key keeps the old image of
    /// every page it changes in a statement journal, which spilled to a temporary file and was written there again.
    public var tempInMemory: Bool

    public static let server = SQLiteTuning(cacheMegabytes: 64, tempInMemory: false)
    /// `pinzhi generate`: one process with nothing else running writes a city's years into multi-GB tables, all over
    /// their indexes; with the server's 64 MB every page went back to the OS (at most four connections: 4 GB).
    public static let bulkLoad = SQLiteTuning(cacheMegabytes: 1024, tempInMemory: true)
}
