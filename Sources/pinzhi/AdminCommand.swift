import ArgumentParser
import Foundation
import PinzhiDomain
import PinzhiStore

/// The first administrator of a new installation; later accounts are made in the web UI by an administrator.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "admin", abstract: "管理员账号", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "创建市局管理员账号（密码取自环境变量 PINZHI_ADMIN_PASSWORD 或标准输入）")

        @OptionGroup var db: DatabaseOptions
        @Option(help: "用户名") var user: String
        @Option(help: "姓名") var name: String = "系统管理员"

        func run() async throws {
            let password = ProcessInfo.processInfo.environment["PINZHI_ADMIN_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            try await db.withDatabase { database in
                guard let city = try await OrganisationRepository(database).find(code: "SH-CITY") else { throw ValidationError("缺少市局单位") }
                do {
                    let account = try await AccountRepository(database, hasher: .bcrypt()).create(
                        Account(username: user, displayName: name, role: .cityAdmin, organisationId: city.id),
                        password: password, actor: .system("cli"), by: nil)
                    print("已创建管理员 \(account.username)")
                } catch let error as StoreError {
                    throw ValidationError(error.message)
                }
            }
        }
    }
}
