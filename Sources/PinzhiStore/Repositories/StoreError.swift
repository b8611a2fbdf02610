import PinzhiDomain

/// Why the store refused a request, with a Chinese message and the field concerned where there is one.
public enum StoreError: Error, Sendable, Equatable {
    case notFound
    case forbidden
    case staleVersion(current: Int)
    case duplicate(field: String, message: String)
    case invalid(ValidationFailure)
    /// A transition from a state the record is not in (e.g. approving a plan that is still a draft).
    case conflict(String)
    case internalError(String)
    /// The database cannot be reached just now (restarting, network); the request may be tried again.
    case unavailable

    public var message: String {
        switch self {
        case .notFound: "记录不存在或无权访问"
        case .forbidden: "无权执行此操作"
        case .staleVersion: "该记录已被他人修改，您的修改未保存。请刷新后在最新内容上重新修改。"
        case .duplicate(_, let message): message
        case .invalid(let failure): failure.summary
        case .conflict(let text): text
        case .internalError(let text): "内部错误：\(text)"
        case .unavailable: "数据库暂时无法连接，请稍后再试"
        }
    }

    public var field: String? {
        switch self {
        case .duplicate(let field, _): field
        case .invalid(let failure): failure.errors.first?.field
        default: nil
        }
    }
}
