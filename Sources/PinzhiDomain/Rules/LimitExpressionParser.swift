import Foundation

enum LimitExpressionParser {
    static func parse(_ raw: String) -> Result<LimitExpression, LimitExpressionError> {
        let s = normalise(raw)
        guard !s.isEmpty else { return .failure(.empty) }
        if ["符合", "pass/fail", "合格/不合格", "符合/不符合"].contains(s) { return .success(.passFail) }
        if s.hasPrefix("文本:") {
            let expected = String(s.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            return expected.isEmpty ? .failure(.unreadable(raw)) : .success(.text(expected))
        }
        let prefixes: [(String, (Double) -> LimitExpression)] = [
            ("<=", LimitExpression.atMost), (">=", LimitExpression.atLeast), ("≤", LimitExpression.atMost),
            ("≥", LimitExpression.atLeast), ("==", LimitExpression.equals), ("<", LimitExpression.lessThan),
            (">", LimitExpression.greaterThan), ("=", LimitExpression.equals),
        ]
        for (prefix, make) in prefixes where s.hasPrefix(prefix) {
            guard let n = number(String(s.dropFirst(prefix.count))) else { return .failure(.unreadable(raw)) }
            return .success(make(n))
        }
        for separator in ["~", "～", "至"] where s.contains(separator) {
            let parts = s.components(separatedBy: separator)
            guard parts.count == 2, let a = number(parts[0]), let b = number(parts[1]) else {
                return .failure(.unreadable(raw))
            }
            return a <= b ? .success(.range(a, b)) : .failure(.emptyRange(raw))
        }
        return .failure(.unreadable(raw))
    }

    /// Full-width digits and signs are common in Chinese documents; read them as their ASCII forms.
    static func normalise(_ raw: String) -> String {
        // One pass, without Foundation: every measured value of every report goes through here.
        var out = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x3000: continue
            case 0xFF01...0xFF5E: out.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    static func number(_ raw: String) -> Double? {
        let s = normalise(raw)
        guard !s.isEmpty, let d = Double(s), d.isFinite else { return nil }
        return d
    }
}
