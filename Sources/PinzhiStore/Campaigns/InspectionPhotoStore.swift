import Foundation
import PinzhiDomain
import SQLKit

/// The photos of an on-site inspection (SPEC CP-3): taken by the bureau that recorded it, checked and stored as a
/// batch's attachments are (AttachmentStore: type by extension and first bytes, size, the file under its SHA-256
/// outside the database), read by whoever sees the inspection, the checksum verified again.
public struct InspectionPhotoStore: Sendable {
    let database: PinzhiDatabase
    let directory: URL

    public init(_ database: PinzhiDatabase, directory: URL) {
        self.database = database
        self.directory = directory
    }

    public struct Photo: Sendable, Equatable {
        public var id: Int64
        public var inspectionId: Int64
        public var filename: String
        public var contentType: String
        public var size: Int
        public var sha256: String
        public var createdBy: String
    }

    static func decode(_ row: any SQLRow) throws -> Photo {
        Photo(id: try row.decode(column: "id", as: Int64.self), inspectionId: try row.decode(column: "inspection_id", as: Int64.self),
              filename: try row.decode(column: "filename", as: String.self), contentType: try row.decode(column: "content_type", as: String.self),
              size: try row.decode(column: "size", as: Int.self), sha256: try row.decode(column: "sha256", as: String.self),
              createdBy: try row.decode(column: "created_by", as: String.self))
    }

    public func save(inspectionId: Int64, filename raw: String, data: Data, as p: Principal) async throws -> Photo {
        // Scope before the file checks, so that a caller outside it learns nothing about the inspection from them.
        guard try await database.session({ try await InspectionRepository.find($0, inspectionId, p) }) != nil else { throw StoreError.notFound }
        guard InspectionRepository.mayRecord(p) else { throw StoreError.forbidden }
        let (filename, type) = try AttachmentStore.checked(raw, data)
        let sum = Hashing.sha256(data)
        return try await database.transaction { db in
            guard let inspection = try await InspectionRepository.find(db, inspectionId, p) else { throw StoreError.notFound }
            try AttachmentStore.write(data, sum: sum, in: directory)
            guard let row = try await db.insert(into: "inspection_photos")
                .columns("inspection_id", "filename", "content_type", "size", "sha256", "stored_name", "created_by", "created_at")
                .values(SQLBind(inspectionId), SQLBind(filename), SQLBind(type.mime), SQLBind(data.count), SQLBind(sum), SQLBind(sum),
                        SQLBind(p.displayName), SQLBind(Clock.nowText()))
                .returning("*").first() else { throw StoreError.internalError("照片未保存") }
            try await AuditLog.append(db, actor: AuditActor(p), action: "attach", entity: "campaign_inspection", entityId: inspectionId,
                                      summary: "现场检查\(inspection.number)：上传照片“\(filename)”（\(data.count)字节，SHA-256 \(sum.prefix(12))…）")
            return try Self.decode(row)
        }
    }

    public func list(inspectionId: Int64) async throws -> [Photo] {
        try await database.session { db in
            try await db.select().column("*").from("inspection_photos").where("inspection_id", .equal, SQLBind(inspectionId)).orderBy("id").all().map(Self.decode)
        }
    }

    /// The photo and its bytes, if the principal sees its inspection.
    public func open(_ id: Int64, as p: Principal) async throws -> (Photo, Data) {
        try await database.session { db in
            guard let photo = try await db.select().column("*").from("inspection_photos").where("id", .equal, SQLBind(id)).first().map(Self.decode),
                  try await InspectionRepository.find(db, photo.inspectionId, p) != nil else { throw StoreError.notFound }
            return (photo, try AttachmentStore.read(photo.sha256, in: directory))
        }
    }
}
