import AsyncKit
import Logging
import NIOCore
import SQLiteKit

/// Opens SQLite connections with the settings every connection needs: foreign keys, WAL and a busy timeout,
/// so that concurrent writers wait for each other instead of failing.
struct SQLiteTunedSource: ConnectionPoolSource {
    let base: SQLiteConnectionSource

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { conn in
            conn.query("PRAGMA busy_timeout = 15000")
                .flatMap { _ in conn.query("PRAGMA journal_mode = WAL") }
                .flatMap { _ in conn.query("PRAGMA synchronous = NORMAL") }
                .map { _ in conn }
        }
    }
}
