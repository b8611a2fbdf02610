public enum LoginFailure: Error, Sendable, Equatable {
    case wrongCredentials
    case disabled
    case throttled(minutes: Int)

    public var message: String {
        switch self {
        case .wrongCredentials: "用户名或密码错误"
        case .disabled: "该账号已停用，请联系市局管理员"
        case .throttled(let minutes): "登录失败次数过多，请\(minutes)分钟后再试"
        }
    }
}
