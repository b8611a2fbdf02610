import ArgumentParser
import PinzhiDomain
import PinzhiStore

struct WorkdaysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "workdays", abstract: "打印某日之后第N个工作日（按数据库中的工作日历）")

    @OptionGroup var db: DatabaseOptions
    @Argument(help: "起算日期，YYYY-MM-DD") var date: String
    @Argument(help: "工作日数") var count: Int

    func run() async throws {
        guard let start = Day(date) else { throw ValidationError("日期应为YYYY-MM-DD格式：\(date)") }
        guard count >= 0 else { throw ValidationError("工作日数不能为负") }
        let calendar = try await db.withDatabase { try await CalendarRepository($0).calendar() }
        do {
            print(try calendar.adding(workingDays: count, to: start))
        } catch {
            print(error.message)
            throw ExitCode(1)
        }
    }
}
