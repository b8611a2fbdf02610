import ArgumentParser
import PinzhiStore

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "API令牌", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "为账号创建API令牌（只显示一次）")

        @OptionGroup var db: DatabaseOptions
        @Option(help: "用户名") var user: String
        @Option(help: "令牌名称") var name: String = "命令行创建"

        func run() async throws {
            let token = try await db.withDatabase { database in
                let accounts = AccountRepository(database, hasher: .bcrypt())
                guard let account = try await accounts.find(username: user), account.active else {
                    throw ValidationError("账号“\(user)”不存在或已停用")
                }
                return try await APITokenStore(database, accounts: accounts)
                    .create(accountId: account.id, name: name, actor: .system("cli"))
            }
            print(token)
        }
    }
}
