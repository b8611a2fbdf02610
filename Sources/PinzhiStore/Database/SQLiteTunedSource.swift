import AsyncKit
import Logging
import NIOCore
import SQLiteKit

/// Opens SQLite connections with the settings every connection needs: foreign keys, WAL and a busy timeout,
/// so that concurrent writers wait for each other instead of failing. The page cache is 64 MB instead of SQLite's
/// 2 MB: at a million enterprises the search index's B-tree no longer fits the default, and every insert into it
/// went back to the file (the pool holds at most four connections, so 256 MB at most).
struct SQLiteTunedSource: ConnectionPoolSource {
    let base: SQLiteConnectionSource

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { conn in
            conn.query("PRAGMA busy_timeout = 15000")
                .flatMap { _ in conn.query("PRAGMA journal_mode = WAL") }
                .flatMap { _ in conn.query("PRAGMA synchronous = NORMAL") }
                .flatMap { _ in conn.query("PRAGMA cache_size = -65536") }
                .map { _ in conn }
        }
    }
}
