import HummingbirdBcrypt

/// Password hashing behind a small struct: bcrypt in the running system, a cheap cost in tests.
public struct PasswordHasher: Sendable {
    public var hash: @Sendable (String) -> String
    public var verify: @Sendable (String, String) -> Bool

    public init(hash: @escaping @Sendable (String) -> String, verify: @escaping @Sendable (String, String) -> Bool) {
        self.hash = hash
        self.verify = verify
    }

    public static func bcrypt(cost: UInt8 = 11) -> PasswordHasher {
        PasswordHasher(
            hash: { Bcrypt.hash($0, cost: cost) },
            verify: { password, hash in Bcrypt.verify(password, hash: hash) }
        )
    }
}
