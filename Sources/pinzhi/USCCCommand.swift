import ArgumentParser
import PinzhiDomain

struct USCCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uscc", abstract: "统一社会信用代码", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "校验代码；任一无效则以非零状态退出")

        @Argument(help: "一个或多个代码") var codes: [String]

        func run() throws {
            var invalid = 0
            for code in codes {
                switch USCC.validate(code) {
                case .success(let normalised):
                    let division = USCC.divisionCode(normalised) ?? ""
                    let district = District.isKnown(division) ? "，\(District.named(code: division))" : ""
                    print("\(normalised)\t有效（行政区划\(division)\(district)）")
                case .failure(let violation):
                    invalid += 1
                    print("\(code)\t无效：\(violation.message)")
                }
            }
            if invalid > 0 { throw ExitCode(1) }
        }
    }
}
