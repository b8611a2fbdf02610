/// Record keys are camelCase in Swift and JSON, snake_case in SQL.
public enum Naming {
    public static func snake(_ key: String) -> String {
        var out = ""
        for char in key {
            if char.isUppercase {
                out.append("_")
                out.append(contentsOf: char.lowercased())
            } else {
                out.append(char)
            }
        }
        return out
    }
}
