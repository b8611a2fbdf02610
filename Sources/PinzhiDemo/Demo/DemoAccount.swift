import PinzhiStore
/// A demo account as printed at start, so a new user can sign in as each role.
public struct DemoAccount: Sendable, Equatable {
    public var username: String
    public var password: String
    public var role: String
    public var scope: String
}
