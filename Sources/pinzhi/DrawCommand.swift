import ArgumentParser
import PinzhiStore

struct DrawCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "draw", abstract: "双随机抽取记录", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "按记录的种子与候选名单重新计算抽取结果；有不一致时以非零状态退出并列出抽取记录编号")

        @OptionGroup var db: DatabaseOptions
        @Argument(help: "抽取记录编号；省略时核验全部") var id: Int64?

        func run() async throws {
            let checks = try await db.withDatabase { try await DrawRepository($0).verify(id) }
            if checks.isEmpty {
                print(id.map { "没有编号为\($0)的抽取记录" } ?? "没有抽取记录")
                throw ExitCode(id == nil ? 0 : 1)
            }
            let failed = checks.filter { !$0.ok }
            for check in failed { print("抽取记录 \(check.drawId) 不一致：\(check.problem ?? "")") }
            if failed.isEmpty {
                print("已核验\(checks.count)条抽取记录，全部可由种子与候选名单重新算出")
            } else {
                print("已核验\(checks.count)条抽取记录，\(failed.count)条不一致")
                throw ExitCode(2)
            }
        }
    }
}
