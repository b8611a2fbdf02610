import Foundation
import PinzhiDomain
import SQLKit

/// Attachments of batches (SPEC SC-5): photos and documents, type- and size-checked by extension and by their
/// first bytes, written to a directory outside the database under their SHA-256, with a row and an audit entry.
/// Reading checks the batch's visibility and the checksum again.
public struct AttachmentStore: Sendable {
    let database: PinzhiDatabase
    let directory: URL

    public static let maxBytes = 10 * 1024 * 1024
    static let types: [String: (mime: String, magic: [UInt8])] = [
        "jpg": ("image/jpeg", [0xFF, 0xD8, 0xFF]), "jpeg": ("image/jpeg", [0xFF, 0xD8, 0xFF]),
        "png": ("image/png", [0x89, 0x50, 0x4E, 0x47]), "pdf": ("application/pdf", [0x25, 0x50, 0x44, 0x46]),
    ]

    public init(_ database: PinzhiDatabase, directory: URL) {
        self.database = database
        self.directory = directory
    }

    public func save(batchId: Int64, filename raw: String, data: Data, as p: Principal) async throws -> Attachment {
        // Scope before the file checks, so that a caller outside it learns nothing about the batch from them.
        guard try await database.session({ try await BatchRepository.find($0, batchId, p) }) != nil else { throw StoreError.notFound }
        guard BatchPolicy.mayAttach(p) else { throw StoreError.forbidden }
        let (filename, type) = try Self.checked(raw, data)
        let sum = Hashing.sha256(data)
        return try await database.transaction { db in
            guard let batch = try await BatchRepository.find(db, batchId, p) else { throw StoreError.notFound }
            // Only a caller who may attach writes a file; files are named by their content, so a rolled-back row
            // leaves at most a file that the next identical upload reuses.
            try Self.write(data, sum: sum, in: directory)
            let row = try await db.insert(into: "attachments")
                .columns("batch_id", "filename", "content_type", "size", "sha256", "stored_name", "created_by", "created_at")
                .values(SQLBind(batchId), SQLBind(filename), SQLBind(type.mime), SQLBind(data.count), SQLBind(sum), SQLBind(sum),
                        SQLBind(p.displayName), SQLBind(Clock.nowText()))
                .returning("*").first()
            guard let row else { throw StoreError.internalError("附件未保存") }
            let saved = try Self.decode(row)
            try await AuditLog.append(db, actor: AuditActor(p), action: "attach", entity: "batch", entityId: batchId,
                                      summary: "\(batch.number)：上传附件“\(filename)”（\(data.count)字节，SHA-256 \(sum.prefix(12))…）")
            return saved
        }
    }

    /// The file name without any path, and its type, if the name, size and first bytes agree with an accepted type.
    static func checked(_ raw: String, _ data: Data) throws -> (String, (mime: String, magic: [UInt8])) {
        let filename = String(raw.split(separator: "/").last ?? "").trimmingCharacters(in: .whitespaces)
        let ext = (filename as NSString).pathExtension.lowercased()
        guard let type = types[ext] else {
            throw StoreError.invalid(ValidationFailure([FieldError("file", "只接受 JPG、PNG 照片或 PDF 文件")]))
        }
        guard !data.isEmpty, data.count <= maxBytes else {
            throw StoreError.invalid(ValidationFailure([FieldError("file", "文件为空或超过\(maxBytes / 1024 / 1024)MB")]))
        }
        guard Array(data.prefix(type.magic.count)) == type.magic else {
            throw StoreError.invalid(ValidationFailure([FieldError("file", "文件内容与扩展名“\(ext)”不符")]))
        }
        return (filename, type)
    }

    public func list(batchId: Int64) async throws -> [Attachment] {
        try await database.session { db in
            try await db.select().column("*").from("attachments").where("batch_id", .equal, batchId).orderBy("id").all().map(Self.decode)
        }
    }

    /// The attachment and its bytes, if the principal sees its batch; a file whose checksum no longer matches is refused.
    public func open(_ id: Int64, as p: Principal) async throws -> (Attachment, Data) {
        try await database.session { db in
            guard let row = try await db.select().column("*").from("attachments").where("id", .equal, id).first() else { throw StoreError.notFound }
            let attachment = try Self.decode(row)
            guard try await BatchRepository.find(db, attachment.batchId, p) != nil else { throw StoreError.notFound }
            return (attachment, try Self.read(attachment.sha256, in: directory))
        }
    }

    /// Writes a file under its checksum (once: the same content is the same file).
    static func write(_ data: Data, sum: String, in directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let target = directory.appendingPathComponent(sum)
        if !FileManager.default.fileExists(atPath: target.path) { try data.write(to: target, options: .atomic) }
    }

    /// A stored file's bytes, refused if they no longer match their checksum.
    static func read(_ sum: String, in directory: URL) throws -> Data {
        let data = try Data(contentsOf: directory.appendingPathComponent(sum))
        guard Hashing.sha256(data) == sum else { throw StoreError.internalError("附件校验失败：文件已被改动") }
        return data
    }

    static func decode(_ row: any SQLRow) throws -> Attachment {
        Attachment(id: try row.decode(column: "id", as: Int64.self), batchId: try row.decode(column: "batch_id", as: Int64.self),
                   filename: try row.decode(column: "filename", as: String.self), contentType: try row.decode(column: "content_type", as: String.self),
                   size: try row.decode(column: "size", as: Int.self), sha256: try row.decode(column: "sha256", as: String.self),
                   createdBy: try row.decode(column: "created_by", as: String.self), createdAt: try row.decode(column: "created_at", as: String.self))
    }
}
