/// What an API token's name must be: something its owner recognises in the list, 1 to 60 characters.
public enum APITokenRules {
    public static let maxNameLength = 60

    public static func nameError(_ name: String) -> FieldError? {
        name.isEmpty || name.count > maxNameLength ? FieldError("name", "令牌名称应为1至\(maxNameLength)个字") : nil
    }
}
