import ArgumentParser

@main
struct Pinzhi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pinzhi",
        abstract: "品治：上海市产品质量安全监管平台",
        subcommands: [Serve.self, Migrate.self, TokenCommand.self, AuditCommand.self, USCCCommand.self, ImportCommand.self, AdminCommand.self, WorkdaysCommand.self, DrawCommand.self,
                      BackupCommand.self, RestoreCommand.self, ChecksumCommand.self, GenerateCommand.self, RiskCommand.self]
    )
}
