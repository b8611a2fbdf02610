import ArgumentParser
import Foundation
import PinzhiDomain
import PinzhiStore

struct RiskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "risk", abstract: "产品质量安全风险", subcommands: [Grade.self, Credit.self])

    /// Recomputes every enterprise's credit class now (what the server does at start and daily) and lists those whose
    /// class changed: after the migration, the enterprises whose typed class differs from the computed one (SPEC RK-3).
    struct Credit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "按积分模型重算全部企业的信用风险分类，列出分类发生变化的企业（迁移后首次运行即列出与手工录入不同的企业）")

        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let moved = try await db.withDatabase { database in
                try await CreditClassStore(database).recomputeAll(today: Clock.today())
            }
            for m in moved { print("\(m.name)（\(m.uscc)）：\(m.from)类 → \(m.to.label)") }
            print("已重算信用风险分类，\(moved.count)家企业的分类发生变化")
        }
    }

    /// The model's answer for one injury scenario (SPEC RK-2, RiskMatrix).
    struct Grade: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "按风险矩阵（2010/15/EU 第四部分）由伤害严重程度与发生概率给出风险等级")

        @Option(help: "伤害严重程度，1至4") var severity: Int
        @Option(help: "伤害发生概率，分数（如 1/5000）或小数（如 0.0002），大于0且不大于1") var probability: String
        @Flag(help: "使用者含婴幼儿、儿童、老年人或残障人士且没有单独的伤害情形：概率上调一档") var vulnerable = false
        @Flag(help: "输出一个JSON对象 {\"level\": …, \"grade\": …}") var json = false

        func validate() throws {
            guard RiskMatrix.severities.contains(severity) else { throw ValidationError("伤害严重程度应为1至4：\(severity)") }
            guard RiskMatrix.probability(probability) != nil else {
                throw ValidationError("概率应为大于0且不大于1的分数（如 1/5000）或小数（如 0.0002）：\(probability)")
            }
        }

        func run() throws {
            let p = RiskMatrix.probability(probability) ?? 0
            let level = RiskMatrix.level(severity: severity, probability: p, vulnerable: vulnerable)
            if json {
                print("{\"level\": \"\(level.rawValue)\", \"grade\": \"\(level.grade)\"}")
            } else {
                let band = ProbabilityBand(probability: p)
                print("风险等级：\(level.grade)（\(level.rawValue)）——严重程度\(severity)，概率\(band.label)"
                      + (vulnerable ? "，易受伤害人群上调一档至\(band.oneUp.label)" : ""))
            }
        }
    }
}
