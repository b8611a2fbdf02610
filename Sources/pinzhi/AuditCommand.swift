import ArgumentParser
import PinzhiStore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "审计日志", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重算审计哈希链；链断裂时以非零状态退出并指出第一处断点")

        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let outcome = try await db.withDatabase { try await AuditVerifier($0).verify() }
            switch outcome {
            case .intact(let rows):
                print("审计链完整：共\(rows)行")
            case .broken(let seq, let reason):
                print("审计链断裂：第\(seq)行。\(reason)")
                throw ExitCode(2)
            }
        }
    }
}
