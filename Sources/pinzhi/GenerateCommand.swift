import ArgumentParser
import Foundation
import PinzhiDemo
import PinzhiDomain
import PinzhiStore

/// `pinzhi generate`: a deterministic city-scale data set for benchmarks, into a new, empty database.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "生成城市规模的测试数据（同一种子结果相同；须为空数据库）",
        discussion: "规模参考：S = --enterprises 10000 --batches 50000；M = 100000 / 500000；L = 1000000 / 5000000。")

    @OptionGroup var db: DatabaseOptions
    @Option(help: "企业数") var enterprises: Int = 10_000
    @Option(help: "年数（截至今年）") var years: Int = 5
    @Option(help: "抽查批次数（计划数，实际抽中数受候选企业与年度上限约束）") var batches: Int = 50_000
    @Option(help: "随机种子") var seed: UInt64 = 2026
    @Option(help: "“今天”（YYYY-MM-DD，缺省为实际日期；固定后结果可复现）") var today: String?

    func validate() throws {
        guard enterprises >= 1, years >= 1, years <= 20, batches >= 0 else { throw ValidationError("企业数、年数须为正数，年数不超过20") }
        if let today, Day(today) == nil { throw ValidationError("--today 应为 YYYY-MM-DD") }
    }

    func run() async throws {
        let bar = ProgressBar()
        let started = Date()
        let options = ScaleGenerator.Options(enterprises: enterprises, years: years, batches: batches, seed: seed,
                                             today: today.flatMap(Day.init) ?? Clock.today())
        let summary: ScaleGenerator.Summary
        do {
            summary = try await db.withDatabase(sqlite: .bulkLoad) { database in
                try await ScaleGenerator(database, hasher: .bcrypt(cost: 8)).run(options) { phase, done, total in bar.update(phase, done, total) }
            }
        } catch let failure as ScaleGenerator.Failure {
            bar.finish()
            print(failure.description)
            throw ExitCode(1)
        }
        bar.finish()
        print("已生成：企业\(summary.enterprises)家，任务\(summary.tasks)个，批次\(summary.batches)个（出结论\(summary.withVerdict)个），线索与案件办理步骤\(summary.enforcementSteps)个，用时\(Int(Date().timeIntervalSince(started)))秒")
    }
}
