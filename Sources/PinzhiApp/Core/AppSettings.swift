/// Settings that change how the web layer behaves, read once at start.
public struct AppSettings: Sendable {
    /// Mark cookies Secure; on when served behind TLS.
    public var secureCookies: Bool
    /// Largest request body accepted, in bytes (uploads included).
    public var maxBodyBytes: Int
    /// Where batch attachments are stored (outside the database).
    public var attachmentsDirectory: String
    /// Requests per minute one address may make to the open API (0: no limit), and the burst it may make at once.
    public var publicRequestsPerMinute: Int
    public var publicBurst: Int

    public init(secureCookies: Bool = false, maxBodyBytes: Int = 20 * 1024 * 1024, attachmentsDirectory: String = "data/attachments",
                publicRequestsPerMinute: Int = 120, publicBurst: Int = 60) {
        self.secureCookies = secureCookies
        self.maxBodyBytes = maxBodyBytes
        self.attachmentsDirectory = attachmentsDirectory
        self.publicRequestsPerMinute = publicRequestsPerMinute
        self.publicBurst = publicBurst
    }
}
