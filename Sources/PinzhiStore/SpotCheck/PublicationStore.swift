import Foundation
import PinzhiDomain
import SQLKit

/// Published results (SPEC SC-8): what is published is a snapshot with its hash, written once; later edits of the
/// batch or the master data do not change it, and any tampering shows as a hash mismatch.
public struct PublicationStore: Sendable {
    let database: PinzhiDatabase
    let totals: PublicationCache<Int>?

    /// `totals` keeps the list's counts until the next publication (the portal's and the open API's lists).
    public init(_ database: PinzhiDatabase, totals: PublicationCache<Int>? = nil) {
        self.database = database
        self.totals = totals
    }

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
        public var productId: Int64
        /// The enterprise's district code, a search key written with the snapshot.
        public var district: String
        public var snapshot: Snapshot
        public var hash: String
        public var intact: Bool
    }

    static func publish(_ db: any SQLDatabase, _ b: Batch, day: Day, by user: String) async throws {
        try await db.insert(into: "publications").columns(columns).values(row(b, day: day, by: user)).run()
    }

    package static let columns = ["batch_id", "published_on", "snapshot_json", "snapshot_hash", "product_id", "district", "failed", "search_text",
                          "created_by", "created_at"]

    /// The row a publication writes: the snapshot, its hash, and search keys written once with it that, like it,
    /// never change.
    package static func row(_ b: Batch, day: Day, by user: String) -> [any SQLExpression] {
        let snapshot = Snapshot(batchNumber: b.number, product: b.productName, enterprise: b.enterpriseName, uscc: b.enterpriseUscc,
                                lotNumber: b.lotNumber, agency: b.agencyName, verdict: b.verdictLabel, failedItems: b.failedItems,
                                reportNumber: b.reportNumber, publishedOn: day.description)
        let json = AuditLog.json(snapshot) ?? "{}"
        return [SQLBind(b.id), SQLBind(day.description), SQLBind(json), SQLBind(Hashing.sha256(json)), SQLBind(b.productId),
                SQLBind(b.enterpriseDistrict), SQLBind(b.isFailure), SQLBind("\(b.enterpriseName) \(b.enterpriseUscc) \(b.productName) \(b.number)"),
                SQLBind(user), SQLBind(Clock.nowText())]
    }

    /// What the public may search by.
    public struct Search: Sendable, Equatable {
        public var failedOnly: Bool?
        public var productId: Int64?
        public var district: String?
        public var year: Int?
        public var text: String?
        public var limit = 50
        public var offset = 0

        public init() {}

        /// What the count depends on: the filters, not the page.
        var countKey: String {
            [failedOnly.map { "\($0)" }, productId.map { "\($0)" }, district, year.map { "\($0)" }, text].map { $0 ?? "" }.joined(separator: "\u{1F}")
        }
    }

    static func filtered<B: SQLPredicateBuilder>(_ q: B, _ s: Search) -> B {
        var q = q
        if let failed = s.failedOnly { q = q.where("failed", .equal, SQLBind(failed)) }
        if let id = s.productId { q = q.where("product_id", .equal, SQLBind(id)) }
        if let d = s.district { q = q.where("district", .equal, SQLBind(d)) }
        if let y = s.year {
            q = q.where("published_on", .greaterThanOrEqual, SQLBind("\(y)-01-01")).where("published_on", .lessThanOrEqual, SQLBind("\(y)-12-31"))
        }
        if let t = s.text?.trimmingCharacters(in: .whitespaces), !t.isEmpty { q = q.where("search_text", .like, SQLBind("%\(t)%")) }
        return q
    }

    /// Newest first, with paging.
    public func list(_ search: Search) async throws -> (rows: [Publication], total: Int) {
        try await database.session { db in
            // The generation is read before the count, so a count kept under it is never older than it.
            let count = { try await Self.filtered(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("publications"), search)
                .first()?.decode(column: "n", as: Int.self) ?? 0 }
            let total = if let totals { try await totals.value(search.countKey, generation: try await Self.generation(db), compute: count) } else { try await count() }
            let rows = try await Self.filtered(db.select().column("*").from("publications"), search)
                .orderBy("published_on", .descending).orderBy("id", .descending).limit(search.limit).offset(search.offset).all().map(Self.decode)
            return (rows, total)
        }
    }

    /// The highest publication id: publications are only added, so it changes exactly when one is (PublicationCache).
    static func generation(_ db: any SQLDatabase) async throws -> Int64 {
        try await db.select().column(SQLFunction("MAX", args: SQLIdentifier("id")), as: "m").from("publications").first()?
            .decode(column: "m", as: Int64?.self) ?? 0
    }

    /// The next `limit` publications after `id` in id order, for a bulk download that pages without OFFSET.
    public func page(after id: Int64, limit: Int, _ search: Search) async throws -> [Publication] {
        try await database.session { db in
            try await Self.filtered(db.select().column("*").from("publications"), search).where("id", .greaterThan, SQLBind(id))
                .orderBy("id", .ascending).limit(limit).all().map(Self.decode)
        }
    }

    public func find(_ id: Int64) async throws -> Publication? {
        try await database.session { db in try await db.select().column("*").from("publications").where("id", .equal, id).first().map(Self.decode) }
    }

    public func find(batchId: Int64) async throws -> Publication? {
        try await database.session { db in try await db.select().column("*").from("publications").where("batch_id", .equal, batchId).first().map(Self.decode) }
    }

    /// The double-random draw the published batch came from, for the notice's link to the public draw record.
    public func drawId(batchId: Int64) async throws -> Int64? {
        try await database.session { db in
            try await db.select().column("draw_id").from("batches").where("id", .equal, batchId).first()?.decode(column: "draw_id", as: Int64.self)
        }
    }

    static func decode(_ row: any SQLRow) throws -> Publication {
        let json = try row.decode(column: "snapshot_json", as: String.self)
        let hash = try row.decode(column: "snapshot_hash", as: String.self)
        let snapshot = try JSONDecoder().decode(Snapshot.self, from: Data(json.utf8))
        return Publication(id: try row.decode(column: "id", as: Int64.self), batchId: try row.decode(column: "batch_id", as: Int64.self),
                           productId: try row.decode(column: "product_id", as: Int64.self), district: try row.decode(column: "district", as: String.self),
                           snapshot: snapshot, hash: hash, intact: Hashing.sha256(json) == hash)
    }
}
