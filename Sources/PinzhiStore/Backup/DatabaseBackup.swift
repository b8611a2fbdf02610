import Foundation
import SQLKit

/// Backup and restore (issue 7): SQLite's `VACUUM INTO` makes a consistent copy while the server keeps running;
/// PostgreSQL's own pg_dump and pg_restore do the same there. A restore never writes into a live SQLite file:
/// it checks the backup, copies it beside the target and moves it into place in one rename.
public struct DatabaseBackup: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case targetExists(String)
        case notADatabase(String)
        case tool(String, Int32, String)
        case toolMissing(String)

        public var description: String {
            switch self {
            case .targetExists(let path): "目标数据库已存在：\(path)（确需覆盖时加 --force）"
            case .notADatabase(let reason): "备份文件无效：\(reason)"
            case .tool(let name, let status, let output): "\(name) 失败（退出码\(status)）：\(output)"
            case .toolMissing(let name): "找不到 \(name)：请安装 PostgreSQL 客户端（Debian：postgresql-client）"
            }
        }
    }

    public init() {}

    public func backup(_ location: DatabaseLocation, to file: String) async throws {
        switch location {
        case .sqlite, .sqliteMemory:
            try? FileManager.default.removeItem(atPath: file)
            let db = try PinzhiDatabase(location)
            do {
                try await db.session { try await $0.raw("VACUUM INTO \(bind: file)").run() }
                await db.shutdown()
            } catch {
                await db.shutdown()
                throw error
            }
        case .postgres(let url):
            try Self.run("pg_dump", ["--format=custom", "--no-owner", "--file=\(file)", "--dbname=\(url)"])
        }
    }

    public func restore(_ location: DatabaseLocation, from file: String, force: Bool) async throws {
        switch location {
        case .sqliteMemory:
            throw Failure.notADatabase("不能恢复到内存数据库")
        case .sqlite(let path):
            if FileManager.default.fileExists(atPath: path), !force { throw Failure.targetExists(path) }
            try await Self.check(file)
            let staging = path + ".restoring"
            try? FileManager.default.removeItem(atPath: staging)
            try FileManager.default.copyItem(atPath: file, toPath: staging)
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            if FileManager.default.fileExists(atPath: path) {
                _ = try FileManager.default.replaceItemAt(URL(fileURLWithPath: path), withItemAt: URL(fileURLWithPath: staging))
            } else {
                try FileManager.default.moveItem(atPath: staging, toPath: path)
            }
        case .postgres(let url):
            try Self.run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--dbname=\(url)", file])
        }
    }

    /// The file opens as SQLite, passes its integrity check and carries our migrations table.
    static func check(_ file: String) async throws {
        guard FileManager.default.fileExists(atPath: file) else { throw Failure.notADatabase("\(file) 不存在") }
        let header = (try? FileHandle(forReadingFrom: URL(fileURLWithPath: file)).readData(ofLength: 16)) ?? Data()
        guard header == Data("SQLite format 3\0".utf8) else { throw Failure.notADatabase("不是SQLite数据库文件") }
        let db = try PinzhiDatabase(.sqlite(path: file))
        do {
            let verdict = try await db.session { sql in
                (try await sql.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self) ?? "",
                 try await sql.raw("SELECT COUNT(*) AS n FROM schema_migrations").first()?.decode(column: "n", as: Int.self) ?? 0)
            }
            await db.shutdown()
            guard verdict.0 == "ok" else { throw Failure.notADatabase("完整性检查未通过：\(verdict.0)") }
            guard verdict.1 > 0 else { throw Failure.notADatabase("不是品治的数据库") }
        } catch let failure as Failure {
            throw failure
        } catch {
            await db.shutdown()
            throw Failure.notADatabase("\(error)")
        }
    }

    /// Runs a PostgreSQL client tool from PATH or Debian's versioned directory.
    static func run(_ tool: String, _ arguments: [String]) throws {
        let candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(tool)" }
            + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).sorted(by: >).map { "/usr/lib/postgresql/\($0)/bin/\(tool)" }
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { throw Failure.toolMissing(tool) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.tool(tool, process.terminationStatus, String(decoding: output.suffix(2000), as: UTF8.self))
        }
    }
}
