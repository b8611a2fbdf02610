/// Settings that change how the web layer behaves, read once at start.
public struct AppSettings: Sendable {
    /// Mark cookies Secure; on when served behind TLS.
    public var secureCookies: Bool
    /// Largest request body accepted, in bytes (uploads included).
    public var maxBodyBytes: Int
    /// Where batch attachments are stored (outside the database).
    public var attachmentsDirectory: String

    public init(secureCookies: Bool = false, maxBodyBytes: Int = 20 * 1024 * 1024, attachmentsDirectory: String = "data/attachments") {
        self.secureCookies = secureCookies
        self.maxBodyBytes = maxBodyBytes
        self.attachmentsDirectory = attachmentsDirectory
    }
}
