import Foundation
import PinzhiDomain
import SQLKit

/// A published candidate-list commitment (PZ-DRAW-2): its exact text and hash, the Merkle root, the published leaves,
/// the witness's hash if any, and the draw that used it. Never edited; a re-draw commits anew.
public struct DrawCommitmentRecord: Sendable, Codable, Equatable {
    public var id: Int64
    public var taskId: Int64
    public var algorithm: String
    public var text: String
    public var hash: String
    public var root: String
    public var witnessHash: String?
    public var leavesText: String
    public var drawId: Int64?
    public var createdBy: String
    public var createdAt: String
}

/// What a commitment was made from, kept by the bureau and never published: the candidates with their history,
/// the inspectors, the draw's parameters and each leaf's salt. It recomputes the commitment, the draw and every
/// enterprise's proof.
public struct CommitmentSecret: Sendable, Codable, Equatable {
    public var inputs: DrawInputs
    public var context: CommittedDraw.Context
    /// One per candidate in enterprise order, hexadecimal; empty when the salts come from `saltKey`.
    public var salts: [String]
    /// The key the salts are derived from (`CommittedDraw.salts(key:count:)`), hexadecimal: the commitments made
    /// since issue 21 keep this one value instead of a salt per candidate.
    public var saltKey: String?

    public init(inputs: DrawInputs, context: CommittedDraw.Context, salts: [String], saltKey: String? = nil) {
        self.inputs = inputs
        self.context = context
        self.salts = salts
        self.saltKey = saltKey
    }

    var saltBytes: [[UInt8]] {
        if let saltKey, let key = Hex.decode(saltKey) { return CommittedDraw.salts(key: key, count: inputs.candidates.count) }
        return salts.map { Hex.decode($0) ?? [] }
    }

    public func commitment() -> CommittedDraw.Commitment {
        CommittedDraw.commit(inputs.request, candidates: inputs.candidates, inspectors: inputs.inspectors, context: context, salts: saltBytes)
    }

    /// `leaves`: with the commitment's published lines (see `CommittedDraw.run`).
    public func run(_ reveal: CommittedDraw.Reveal, leaves: Bool = true) -> CommittedDraw.Computed {
        CommittedDraw.run(inputs.request, candidates: inputs.candidates, inspectors: inputs.inspectors, context: context, salts: saltBytes, reveal: reveal,
                          leaves: leaves)
    }

    public func proof(enterpriseId: Int64) -> CommittedDraw.Proof? {
        CommittedDraw.proof(inputs.request, candidates: inputs.candidates, salts: saltBytes, enterpriseId: enterpriseId)
    }
}

/// The commitments table (Migration022): one function per question asked of it.
public enum DrawCommitmentStore {
    static let columns = ["id", "task_id", "algorithm", "commitment_text", "commitment_hash", "root", "witness_hash", "leaves_text", "draw_id",
                          "created_by", "created_at"]

    static func insert(_ db: any SQLDatabase, taskId: Int64, commitment: CommittedDraw.Commitment, witnessHash: String?, secret: CommitmentSecret,
                       by user: String) async throws -> DrawCommitmentRecord {
        // Packed, the leaves are recomputed when asked for (`leaves`) and the private part is a tenth of its JSON.
        let packed = CommitmentSecretPack.pack(secret)
        let row = try await db.insert(into: "draw_commitments")
            .columns("task_id", "algorithm", "commitment_text", "commitment_hash", "root", "witness_hash", "leaves_text", "private_json", "private_packed",
                     "created_by", "created_at")
            .values(SQLBind(taskId), SQLBind(CommittedDraw.algorithm), SQLBind(commitment.text), SQLBind(commitment.hash), SQLBind(commitment.root),
                    SQLBind(witnessHash), SQLBind(packed == nil ? commitment.leavesText : ""), SQLBind(packed == nil ? AuditLog.json(secret) ?? "{}" : ""),
                    SQLBind(packed), SQLBind(user), SQLBind(secret.context.committedAt))
            .returning("id", "task_id", "algorithm", "commitment_text", "commitment_hash", "root", "witness_hash", "leaves_text", "draw_id", "created_by", "created_at").first()
        guard let row else { throw StoreError.internalError("候选名单承诺未保存") }
        return try decode(row)
    }

    /// The task's commitment not yet drawn from.
    static func open(_ db: any SQLDatabase, taskId: Int64) async throws -> DrawCommitmentRecord? {
        try await db.select().columns(columns.map { SQLColumn($0) }).from("draw_commitments").where("task_id", .equal, taskId)
            .where(SQLColumn("draw_id"), .is, SQLLiteral.null).orderBy("id", .descending).first().map(decode)
    }

    static func find(_ db: any SQLDatabase, _ id: Int64) async throws -> DrawCommitmentRecord? {
        try await db.select().columns(columns.map { SQLColumn($0) }).from("draw_commitments").where("id", .equal, id).first().map(decode)
    }

    static func secret(_ db: any SQLDatabase, _ id: Int64) async throws -> CommitmentSecret? {
        guard let row = try await db.select().column("private_json").column("private_packed").from("draw_commitments").where("id", .equal, id).first() else {
            return nil
        }
        if let packed = try row.decode(column: "private_packed", as: String?.self), !packed.isEmpty { return CommitmentSecretPack.unpack(packed) }
        return try? JSONDecoder().decode(CommitmentSecret.self, from: Data(try row.decode(column: "private_json", as: String.self).utf8))
    }

    /// The published leaves, `index|class|status|leafhash` a line: as stored, or recomputed from the packed private
    /// part (whose root the published commitment text states, so a changed list cannot give the same leaves).
    public static func leaves(_ database: PinzhiDatabase, _ record: DrawCommitmentRecord) async throws -> String {
        if !record.leavesText.isEmpty { return record.leavesText }
        return try await secret(database, record.id)?.commitment().leavesText ?? ""
    }

    public static func find(_ database: PinzhiDatabase, _ id: Int64) async throws -> DrawCommitmentRecord? {
        try await database.session { db in try await find(db, id) }
    }

    public static func secret(_ database: PinzhiDatabase, _ id: Int64) async throws -> CommitmentSecret? {
        try await database.session { db in try await secret(db, id) }
    }

    /// The task's commitments, oldest first.
    public static func list(_ database: PinzhiDatabase, taskId: Int64) async throws -> [DrawCommitmentRecord] {
        try await database.session { db in
            try await db.select().columns(columns.map { SQLColumn($0) }).from("draw_commitments").where("task_id", .equal, taskId).orderBy("id").all().map(decode)
        }
    }

    /// The commitments whose candidates included the enterprise, newest first, with the draws made from them: read
    /// from the tasks of the products it makes or sells, so an enterprise's proofs cost its own tasks only.
    public static func ofEnterprise(_ database: PinzhiDatabase, enterpriseId: Int64, limit: Int = 50) async throws -> [(DrawCommitmentRecord, CommittedDraw.Proof)] {
        try await database.session { db in
            let rows = try await db.select().columns(columns.map { SQLColumn($0, table: "c") })
                .from(SQLAlias(SQLIdentifier("draw_commitments"), as: SQLIdentifier("c")))
                .join(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")), on: SQLColumn("id", table: "t"), .equal, SQLColumn("task_id", table: "c"))
                .where(SQLColumn("product_id", table: "t"), .in, SQLGroupExpression(
                    db.select().column("product_id").from("enterprise_products").where("enterprise_id", .equal, enterpriseId).query))
                .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "c"), direction: SQLDirection.descending)).limit(limit * 4).all()
            var out: [(DrawCommitmentRecord, CommittedDraw.Proof)] = []
            for row in rows {
                let record = try decode(row)
                guard let secret = try await secret(db, record.id), let proof = secret.proof(enterpriseId: enterpriseId) else { continue }
                out.append((record, proof))
                if out.count == limit { break }
            }
            return out
        }
    }

    static func decode(_ row: any SQLRow) throws -> DrawCommitmentRecord {
        DrawCommitmentRecord(id: try row.decode(column: "id", as: Int64.self), taskId: try row.decode(column: "task_id", as: Int64.self),
                             algorithm: try row.decode(column: "algorithm", as: String.self), text: try row.decode(column: "commitment_text", as: String.self),
                             hash: try row.decode(column: "commitment_hash", as: String.self), root: try row.decode(column: "root", as: String.self),
                             witnessHash: try row.decode(column: "witness_hash", as: String?.self), leavesText: try row.decode(column: "leaves_text", as: String.self),
                             drawId: try row.decode(column: "draw_id", as: Int64?.self), createdBy: try row.decode(column: "created_by", as: String.self),
                             createdAt: try row.decode(column: "created_at", as: String.self))
    }
}
