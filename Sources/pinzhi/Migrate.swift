import ArgumentParser
import PinzhiStore

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "执行数据库迁移")

    @OptionGroup var db: DatabaseOptions

    func run() async throws {
        let database = try PinzhiDatabase(db.location)
        let applied = try await Migrator(database).migrate()
        print(applied.isEmpty ? "数据库已是最新版本" : "已执行迁移：\(applied.map(String.init).joined(separator: ", "))")
        await database.shutdown()
    }
}
