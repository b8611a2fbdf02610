import Logging
import NIOCore
import PostgresNIO
import SQLKit

/// postgres-nio never answers a query written to a connection that the server has already closed (its fix,
/// vapor/postgres-nio#487, was reverted in #501). A transaction whose connection is cut between two statements (a
/// database restart) would wait forever, holding its request and any graceful shutdown. Here every statement is
/// written from the connection's event loop right after checking that the connection is open, so it either
/// reaches an open channel — whose pending queries postgres-nio fails when it closes — or fails at once.
struct ClosedConnectionGuard: SQLDatabase {
    let base: any SQLDatabase
    let connection: PostgresConnection

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let base = self.base
        let connection = self.connection
        return connection.eventLoop.flatSubmit {
            guard !connection.isClosed else { return connection.eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel) }
            return base.execute(sql: query, onRow)
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await execute(sql: query, onRow).get()
    }
}
