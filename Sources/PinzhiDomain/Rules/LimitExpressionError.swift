public enum LimitExpressionError: Error, Sendable, Equatable {
    case empty
    case unreadable(String)
    case emptyRange(String)
    case unreadableValue(String, expected: String)

    public var message: String {
        switch self {
        case .empty: "限值不能为空"
        case .unreadable(let s): "无法识别的限值“\(s)”：应为≤、≥、<、>、=加数值，或“下限~上限”，或“文本:…”，或“符合”"
        case .emptyRange(let s): "限值范围“\(s)”的下限大于上限"
        case .unreadableValue(let v, let expected): "检测值“\(v)”无法判定：应为\(expected)"
        }
    }
}
