import ArgumentParser
import Foundation
import PinzhiStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "从CSV或XLSX导入主数据（默认全部无误才写入）")

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "enterprises | products | agencies | experts") var kind: String
    @Argument(help: "CSV 或 XLSX 文件") var file: String
    @Flag(help: "只写入无误的行，错误行另存为错误文件") var validOnly = false
    @Option(help: "错误明细输出文件（CSV）") var errors: String?

    func run() async throws {
        guard let importKind = ImportKind(rawValue: kind) else {
            throw ValidationError("导入类型应为：\(ImportKind.allCases.map(\.rawValue).joined(separator: "、"))")
        }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("无法读取文件 \(file)") }
        let bar = ProgressBar()
        let report = try await db.withDatabase { database in
            try await Importer(database).run(importKind, data: data, mode: validOnly ? .validRowsOnly : .allOrNothing,
                                             actor: .system("cli"), progress: { phase, done, total in bar.update(phase, done, total) })
        }
        bar.finish()
        for issue in report.issues.prefix(50) { print(issue.text) }
        if report.issues.count > 50 { print("……共\(report.issues.count)处错误") }
        if !report.errorFile.isEmpty {
            let path = errors ?? (file + ".errors.csv")
            try CSVWriter.data(report.errorFile).write(to: URL(fileURLWithPath: path))
            print("错误明细已写入 \(path)")
        }
        print(report.summary)
        if !report.committed || !report.issues.isEmpty { throw ExitCode(1) }
    }
}
