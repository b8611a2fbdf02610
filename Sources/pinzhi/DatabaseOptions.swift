import ArgumentParser
import Configuration
import Logging
import PinzhiStore

/// `--database`, else PINZHI_DATABASE_URL, else the SQLite file under ./data.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite 文件路径或 postgres:// URL（默认读取 PINZHI_DATABASE_URL，否则 data/pinzhi.sqlite）")
    var database: String?

    var location: DatabaseLocation {
        let config = ConfigReader(provider: EnvironmentVariablesProvider())
        return DatabaseLocation(database ?? config.string(forKey: "pinzhi.database.url"))
    }

    /// Opens the database and brings its schema up to date.
    func open(logLevel: Logger.Level = .warning, sqlite: SQLiteTuning = .server) async throws -> PinzhiDatabase {
        var logger = Logger(label: "pinzhi.db")
        logger.logLevel = logLevel
        let db = try PinzhiDatabase(location, logger: logger, sqlite: sqlite)
        try await Migrator(db).migrate()
        return db
    }

    /// Opens the database, runs `body`, and closes the pool whether `body` succeeds or throws.
    func withDatabase<T>(sqlite: SQLiteTuning = .server, _ body: (PinzhiDatabase) async throws -> T) async throws -> T {
        let database = try await open(sqlite: sqlite)
        do {
            let result = try await body(database)
            await database.shutdown()
            return result
        } catch {
            await database.shutdown()
            throw error
        }
    }
}
