import Foundation

/// A test item's limit (MD-2), as written in an implementation rule: "≤0.5", "≥10", "<5", ">5", "0.5~1.0", "=3",
/// "文本:无异味" (the result must read exactly so) or "符合" (a pass/fail item).
public enum LimitExpression: Sendable, Equatable {
    case atMost(Double)
    case atLeast(Double)
    case lessThan(Double)
    case greaterThan(Double)
    case range(Double, Double)
    case equals(Double)
    case text(String)
    case passFail

    public static func parse(_ raw: String) -> Result<LimitExpression, LimitExpressionError> {
        LimitExpressionParser.parse(raw)
    }

    /// The verdict for a measured value; a value that cannot be read is a problem to report, not a failure.
    public func evaluate(_ raw: String) -> Result<ItemVerdict, LimitExpressionError> {
        let value = raw.trimmingCharacters(in: .whitespaces)
        switch self {
        case .text(let expected):
            return .success(value == expected ? .pass : .fail)
        case .passFail:
            switch value {
            case "符合", "合格", "pass", "PASS", "通过": return .success(.pass)
            case "不符合", "不合格", "fail", "FAIL", "不通过": return .success(.fail)
            default: return .failure(.unreadableValue(value, expected: "“符合”或“不符合”"))
            }
        default:
            guard let number = LimitExpressionParser.number(value) else {
                return .failure(.unreadableValue(value, expected: "数值"))
            }
            return .success(accepts(number) ? .pass : .fail)
        }
    }

    func accepts(_ x: Double) -> Bool {
        switch self {
        case .atMost(let l): x <= l
        case .atLeast(let l): x >= l
        case .lessThan(let l): x < l
        case .greaterThan(let l): x > l
        case .range(let a, let b): x >= a && x <= b
        case .equals(let l): abs(x - l) < 1e-9
        case .text, .passFail: false
        }
    }

    /// The canonical written form.
    public var text: String {
        func f(_ d: Double) -> String {
            d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        }
        switch self {
        case .atMost(let l): return "≤\(f(l))"
        case .atLeast(let l): return "≥\(f(l))"
        case .lessThan(let l): return "<\(f(l))"
        case .greaterThan(let l): return ">\(f(l))"
        case .range(let a, let b): return "\(f(a))~\(f(b))"
        case .equals(let l): return "=\(f(l))"
        case .text(let t): return "文本:\(t)"
        case .passFail: return "符合"
        }
    }
}
