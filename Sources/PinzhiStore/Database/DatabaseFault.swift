@preconcurrency import AsyncKit
import NIOCore
import NIOPosix
import PostgresNIO

/// Tells an unreachable database (PostgreSQL restarting, the network gone, the pool unable to connect) from every
/// other error, so that the app answers 503 and the caller may try again, instead of a 500 that suggests a bug.
/// The pool reconnects on the next request by itself; nothing needs restarting.
enum DatabaseFault {
    static func isUnavailable(_ error: any Error) -> Bool {
        if let e = error as? PSQLError {
            if [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed].contains(e.code) { return true }
            // 08…: connection exceptions; 57P01–57P03: the server is shutting down or starting up.
            if e.code == .server, let state = e.serverInfo?[.sqlState] { return state.hasPrefix("08") || state.hasPrefix("57P") }
            return false
        }
        return error is ConnectionPoolTimeoutError || error is IOError || error is ChannelError || error is NIOConnectionError
    }

    /// PostgreSQL text cannot hold U+0000 (SQLSTATE 22021) or a character its encoding lacks (22P05); such input is
    /// the caller's to fix, not a fault of ours, and nothing was written (the transaction rolls back).
    static func isUnstorableText(_ error: any Error) -> Bool {
        guard let e = error as? PSQLError, e.code == .server, let state = e.serverInfo?[.sqlState] else { return false }
        return state == "22021" || state == "22P05"
    }
}
