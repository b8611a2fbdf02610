/// A photo or document kept with a batch: stored outside the database under its checksum.
public struct Attachment: Sendable, Codable, Equatable {
    public var id: Int64
    public var batchId: Int64
    public var filename: String
    public var contentType: String
    public var size: Int
    public var sha256: String
    public var createdBy: String
    public var createdAt: String
}
