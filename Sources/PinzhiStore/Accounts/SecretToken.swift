import Crypto
import Foundation

/// Random secrets for sessions, CSRF and API tokens. Only their SHA-256 is stored, so a leaked table opens nothing.
public enum SecretToken {
    public static func make(prefix: String = "", bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + Hashing.hex(raw)
    }

    public static func digest(_ token: String) -> String {
        Hashing.sha256(token)
    }
}
