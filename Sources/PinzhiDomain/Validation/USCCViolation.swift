/// Why a 统一社会信用代码 is wrong, said so that the person can fix it.
public enum USCCViolation: Error, Sendable, Equatable {
    case length(Int)
    case illegalCharacter(Character, position: Int)
    case checkCharacter(found: Character, expected: Character)

    public var message: String {
        switch self {
        case .length(let count):
            "统一社会信用代码应为18位，实际为\(count)位"
        case .illegalCharacter(let char, let position):
            "统一社会信用代码第\(position)位“\(char)”不是合法字符（不得使用I、O、Z、S、V及小写以外的字符）"
        case .checkCharacter(let found, let expected):
            "统一社会信用代码校验位错误：第18位为“\(found)”，按前17位计算应为“\(expected)”"
        }
    }
}
