import Foundation
import PinzhiDomain
import SQLKit

/// Published results (SPEC SC-8): what is published is a snapshot with its hash, written once; later edits of the
/// batch or the master data do not change it, and any tampering shows as a hash mismatch.
public struct PublicationStore: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Snapshot: Sendable, Codable, Equatable {
        public var batchNumber: String
        public var product: String
        public var enterprise: String
        public var uscc: String
        public var lotNumber: String?
        public var agency: String
        public var verdict: String
        public var failedItems: String?
        public var reportNumber: String?
        public var publishedOn: String
    }

    public struct Publication: Sendable, Equatable {
        public var id: Int64
        public var batchId: Int64
        public var snapshot: Snapshot
        public var hash: String
        public var intact: Bool
    }

    static func publish(_ db: any SQLDatabase, _ b: Batch, day: Day, by user: String) async throws {
        let snapshot = Snapshot(batchNumber: b.number, product: b.productName, enterprise: b.enterpriseName, uscc: b.enterpriseUscc,
                                lotNumber: b.lotNumber, agency: b.agencyName, verdict: b.verdictLabel, failedItems: b.failedItems,
                                reportNumber: b.reportNumber, publishedOn: day.description)
        let json = AuditLog.json(snapshot) ?? "{}"
        try await db.insert(into: "publications").columns("batch_id", "published_on", "snapshot_json", "snapshot_hash", "created_by", "created_at")
            .values(SQLBind(b.id), SQLBind(day.description), SQLBind(json), SQLBind(Hashing.sha256(json)), SQLBind(user), SQLBind(Clock.nowText()))
            .run()
    }

    /// Newest first, with paging; failures only when asked.
    public func list(failuresOnly: Bool = false, limit: Int = 50, offset: Int = 0) async throws -> (rows: [Publication], total: Int) {
        try await database.session { db in
            var count = db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("publications")
            var q = db.select().column("*").from("publications")
            if failuresOnly {
                count = count.where("snapshot_json", .like, "%不合格%")
                q = q.where("snapshot_json", .like, "%不合格%")
            }
            let total = try await count.first()?.decode(column: "n", as: Int.self) ?? 0
            let rows = try await q.orderBy("published_on", .descending).orderBy("id", .descending).limit(limit).offset(offset).all().map(Self.decode)
            return (rows, total)
        }
    }

    public func find(batchID: Int64) async throws -> Publication? {
        try await database.session { db in try await db.select().column("*").from("publications").where("batch_id", .equal, batchID).first().map(Self.decode) }
    }

    static func decode(_ row: any SQLRow) throws -> Publication {
        let json = try row.decode(column: "snapshot_json", as: String.self)
        let hash = try row.decode(column: "snapshot_hash", as: String.self)
        let snapshot = try JSONDecoder().decode(Snapshot.self, from: Data(json.utf8))
        return Publication(id: try row.decode(column: "id", as: Int64.self), batchId: try row.decode(column: "batch_id", as: Int64.self),
                           snapshot: snapshot, hash: hash, intact: Hashing.sha256(json) == hash)
    }
}
