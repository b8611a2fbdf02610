/// Password rules for accounts (SPEC ORG-3).
public enum PasswordPolicy {
    public static let minimumLength = 10

    public static func check(_ password: String, username: String) -> FieldError? {
        if password.count < minimumLength {
            return FieldError("password", "密码至少\(minimumLength)位")
        }
        let hasLetter = password.contains { $0.isLetter }
        let hasDigit = password.contains { $0.isNumber }
        if !hasLetter || !hasDigit { return FieldError("password", "密码须同时包含字母和数字") }
        if password.lowercased().contains(username.lowercased()) { return FieldError("password", "密码不能包含用户名") }
        return nil
    }
}
