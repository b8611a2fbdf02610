/// Settings that change how the web layer behaves, read once at start.
public struct AppSettings: Sendable {
    /// Mark cookies Secure; on when served behind TLS.
    public var secureCookies: Bool
    /// Largest request body accepted, in bytes (uploads included).
    public var maxBodyBytes: Int

    public init(secureCookies: Bool = false, maxBodyBytes: Int = 20 * 1024 * 1024) {
        self.secureCookies = secureCookies
        self.maxBodyBytes = maxBodyBytes
    }
}
