import ArgumentParser
import PinzhiStore

/// `pinzhi backup --to FILE`: a consistent copy while the server runs (SQLite VACUUM INTO, or pg_dump).
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup", abstract: "在线备份数据库（SQLite：VACUUM INTO；PostgreSQL：pg_dump）")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "备份文件路径") var to: String

    func run() async throws {
        do {
            try await DatabaseBackup().backup(db.location, to: to)
        } catch let failure as DatabaseBackup.Failure {
            print(failure.description)
            throw ExitCode(1)
        }
        print("已备份 \(db.location) 到 \(to)")
    }
}

/// `pinzhi restore --from FILE`: into a new database (or over one with --force, the server stopped).
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore", abstract: "从备份恢复数据库（恢复前请停止服务）")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "备份文件路径") var from: String
    @Flag(help: "覆盖已存在的SQLite数据库文件") var force = false

    func run() async throws {
        do {
            try await DatabaseBackup().restore(db.location, from: from, force: force)
        } catch let failure as DatabaseBackup.Failure {
            print(failure.description)
            throw ExitCode(1)
        }
        print("已从 \(from) 恢复到 \(db.location)；请运行 pinzhi audit verify 核对审计链")
    }
}

/// `pinzhi checksum`: each table's rows and SHA-256, to compare a restored database with its source.
struct ChecksumCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "checksum", abstract: "逐表计算行数与SHA-256（用于核对备份恢复）")

    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        for table in try await db.withDatabase({ try await TableChecksums($0).all() }) { print(table) }
    }
}
