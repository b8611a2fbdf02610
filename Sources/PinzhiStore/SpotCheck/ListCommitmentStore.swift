import Foundation
import PinzhiDomain
import SQLKit

/// A committed candidate list other than a task's (PZ-DRAW-2 §十四, ListDraw): the recheck agencies of a batch, the
/// officers of an assessment. The published part — commitment text and hash, root, leaves — and, once drawn, the
/// revealed values, seed, result text and the records drawn. The candidates and salts stay private.
public struct ListCommitmentRecord: Sendable, Codable, Equatable {
    public var id: Int64
    public var kind: ListDraw.Kind
    public var subject: String
    public var recordId: Int64?
    public var text: String
    public var hash: String
    public var root: String
    public var witnessHash: String?
    public var leavesText: String
    public var createdBy: String
    public var createdAt: String
    public var seed: UInt64?
    public var publicValue: String?
    public var publicSource: String?
    public var witnessSecret: String?
    public var resultText: String?
    public var selectedIds: [Int64]
    public var drawnBy: String?
    public var drawnAt: String?

    public var isDrawn: Bool { drawnAt != nil }

    /// A `key=value` line of the commitment text (ListDraw.commitment).
    public func field(_ key: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix("\(key)=") }.map { String($0.dropFirst(key.count + 1)) }
    }

    public var candidates: Int { field("candidates").flatMap { Int($0) } ?? 0 }
    public var eligible: Int { field("eligible").flatMap { Int($0) } ?? 0 }
    public var count: Int { field("count").flatMap { Int($0) } ?? 0 }
}

/// The list_commitments table (Migration028): commit, draw, find, verify. Each write runs inside the caller's
/// transaction, with its audit row.
public enum ListCommitmentStore {
    static let columns = ["id", "kind", "subject", "record_id", "commitment_text", "commitment_hash", "root", "witness_hash", "leaves_text",
                          "created_by", "created_at", "seed", "public_value", "public_source", "witness_secret", "result_text", "selected_ids",
                          "drawn_by", "drawn_at"]

    /// Salts for a list: from the system's secure generator, or repeatable from `seed` for generated data.
    public static func salts(_ count: Int, seed: UInt64? = nil) -> [[UInt8]] { DrawRepository.salts(count, seed: seed) }

    /// Publishes the commitment of `list` and writes it to the audit chain, attached to `entity`/`entityId`.
    package static func commit(_ db: any SQLDatabase, _ list: ListDraw, recordId: Int64?, entity: String, entityId: Int64?, by user: String,
                       actor: AuditActor) async throws -> ListCommitmentRecord {
        let commitment = list.commitment()
        let row = try await db.insert(into: "list_commitments")
            .columns("kind", "subject", "record_id", "commitment_text", "commitment_hash", "root", "witness_hash", "leaves_text", "private_json",
                     "created_by", "created_at")
            .values(SQLBind(list.kind.rawValue), SQLBind(list.subject), SQLBind(recordId), SQLBind(commitment.text), SQLBind(commitment.hash),
                    SQLBind(commitment.root), SQLBind(list.witnessHash), SQLBind(commitment.leavesText), SQLBind(AuditLog.json(list) ?? "{}"),
                    SQLBind(user), SQLBind(list.committedAt))
            .returning(columns.map { SQLColumn($0) }).first()
        guard let row else { throw StoreError.internalError("候选名单承诺未保存") }
        let record = try decode(row)
        _ = try await AuditLog.append(db, actor: actor, action: "draw-commit", entity: entity, entityId: entityId,
                                  summary: "公布\(list.kind.label)候选名单承诺（\(CommittedDraw.algorithm)）：候选\(commitment.candidates)个，可抽\(commitment.eligible)个；"
                                    + "承诺SHA-256 \(commitment.hash)，Merkle根 \(commitment.root)",
                                  after: AuditLog.json(record))
        return record
    }

    /// Records the draw made from commitment `id` with the values revealed; refused if it was drawn already.
    package static func markDrawn(_ db: any SQLDatabase, _ id: Int64, reveal: CommittedDraw.Reveal, outcome: ListDraw.Outcome, entity: String, entityId: Int64,
                          by user: String, actor: AuditActor, at now: String) async throws {
        let updated = try await db.update("list_commitments")
            .set("seed", to: SQLBind(String(outcome.seed))).set("public_value", to: SQLBind(reveal.publicValue))
            .set("public_source", to: SQLBind(reveal.publicSource)).set("witness_secret", to: SQLBind(reveal.witnessSecret))
            .set("result_text", to: SQLBind(outcome.resultText))
            .set("selected_ids", to: SQLBind(outcome.selectedIds.map(String.init).joined(separator: ",")))
            .set("drawn_by", to: SQLBind(user)).set("drawn_at", to: SQLBind(now))
            .where("id", .equal, id).where(SQLColumn("drawn_at"), .is, SQLLiteral.null)
            .returning("id").all()
        if updated.isEmpty { throw StoreError.conflict("该候选名单已抽取过，不能再次抽取") }
        _ = try await AuditLog.append(db, actor: actor, action: "draw", entity: entity, entityId: entityId,
                                  summary: "按公开随机值抽取（\(CommittedDraw.algorithm)）：承诺 \(outcome.commitment.hash)，种子 \(outcome.seed)，"
                                    + "抽中叶子 \(outcome.selected.map(String.init).joined(separator: ","))",
                                  after: nil)
    }

    /// The newest commitment of `kind` for the record, drawn or not.
    static func latest(_ db: any SQLDatabase, kind: ListDraw.Kind, recordId: Int64) async throws -> ListCommitmentRecord? {
        try await db.select().columns(columns.map { SQLColumn($0) }).from("list_commitments").where("kind", .equal, kind.rawValue)
            .where("record_id", .equal, recordId).orderBy("id", .descending).first().map(decode)
    }

    /// The newest commitment of `kind` for `subject` not drawn yet.
    static func open(_ db: any SQLDatabase, kind: ListDraw.Kind, subject: String) async throws -> ListCommitmentRecord? {
        try await db.select().columns(columns.map { SQLColumn($0) }).from("list_commitments").where("kind", .equal, kind.rawValue)
            .where("subject", .equal, subject).where(SQLColumn("drawn_at"), .is, SQLLiteral.null).orderBy("id", .descending).first().map(decode)
    }

    static func list(_ db: any SQLDatabase, _ id: Int64) async throws -> ListDraw? {
        guard let text = try await db.select().column("private_json").from("list_commitments").where("id", .equal, id).first()?
            .decode(column: "private_json", as: String.self) else { return nil }
        return try? JSONDecoder().decode(ListDraw.self, from: Data(text.utf8))
    }

    static func find(_ db: any SQLDatabase, _ id: Int64) async throws -> ListCommitmentRecord? {
        try await db.select().columns(columns.map { SQLColumn($0) }).from("list_commitments").where("id", .equal, id).first().map(decode)
    }

    public static func find(_ database: PinzhiDatabase, _ id: Int64) async throws -> ListCommitmentRecord? {
        try await database.session { db in try await find(db, id) }
    }

    /// A commitment as the principal may read it, or nil: a recheck list by whoever sees its batch, an assessment's
    /// list by the bureau (a district its own and the city's), as the records they draw for.
    public static func find(_ database: PinzhiDatabase, _ id: Int64, as p: Principal) async throws -> ListCommitmentRecord? {
        guard let record = try await find(database, id) else { return nil }
        switch record.kind {
        case .recheckAgency:
            guard let batch = record.recordId, try await BatchRepository(database).find(batch, as: p) != nil else { return nil }
            return record
        case .officerAssessment:
            return try await OfficerAssessmentRepository(database).commitment(id, as: p)
        case .assistanceExperts:
            guard let id = record.recordId, try await AssistanceRepository(database).find(id, as: p) != nil else { return nil }
            return record
        case .campaignInspection:
            // The bureau reads a district's list: the city and enforcement all, a district its own (subject campaign:id:district).
            switch p.role {
            case .cityAdmin, .citySupervisor, .enforcementOfficer: return record
            case .districtSupervisor: return record.subject.hasSuffix(":\(p.districtCode ?? "-")") ? record : nil
            default: return nil
            }
        }
    }

    /// Whether a commitment recomputes (and, once drawn, what it made follows it).
    public static func verify(_ database: PinzhiDatabase, _ record: ListCommitmentRecord) async throws -> Bool {
        try await verify(database, id: record.id).allSatisfy { $0.problem == nil }
    }

    public static func latest(_ database: PinzhiDatabase, kind: ListDraw.Kind, recordId: Int64) async throws -> ListCommitmentRecord? {
        try await database.session { db in try await latest(db, kind: kind, recordId: recordId) }
    }

    public static func list(_ database: PinzhiDatabase, _ id: Int64) async throws -> ListDraw? {
        try await database.session { db in try await list(db, id) }
    }

    /// Why a drawn list commitment is not what its private list and revealed values give, or nil: the commitment
    /// text, hash and published leaves recomputed from the candidates and salts, the witness's secret, the seed,
    /// the result text and the records drawn.
    public static func problem(_ record: ListCommitmentRecord, list: ListDraw) -> String? {
        if CommittedDraw.sha256(record.text) != record.hash { return "候选名单承诺的哈希值不符" }
        let commitment = list.commitment()
        if commitment.text != record.text { return "按保存的候选名单与盐值重算的承诺与公布的不符" }
        if commitment.leavesText != record.leavesText { return "公布的叶子与候选名单不符" }
        guard record.isDrawn else { return nil }
        if let drawnAt = record.drawnAt, drawnAt < record.createdAt { return "候选名单承诺晚于抽取" }
        let reveal = CommittedDraw.Reveal(publicValue: record.publicValue ?? "", publicSource: record.publicSource ?? "",
                                          witnessSecret: record.witnessSecret ?? "")
        if let problem = CommittedDraw.revealProblem(reveal, witnessHash: record.witnessHash) { return problem }
        let outcome = list.run(reveal)
        if outcome.seed != record.seed { return "种子与承诺及公开值不符" }
        if outcome.resultText != record.resultText { return "公布的抽取结果与按种子重算的不符" }
        return outcome.selectedIds == record.selectedIds ? nil : "按种子重新计算的抽取结果与记录不符"
    }

    /// Recomputes every list commitment (or one), and checks that what each draw made follows it: the batch's
    /// recheck agency, the assessment's officers.
    public static func verify(_ database: PinzhiDatabase, id: Int64? = nil) async throws -> [(id: Int64, kind: ListDraw.Kind, problem: String?)] {
        try await database.session { db in
            var q = db.select().columns(columns.map { SQLColumn($0) }).column("private_json").from("list_commitments")
            if let id { q = q.where("id", .equal, id) }
            var out: [(id: Int64, kind: ListDraw.Kind, problem: String?)] = []
            for row in try await q.orderBy("id").all() {
                let record = try decode(row)
                guard let list = try? JSONDecoder().decode(ListDraw.self, from: Data(try row.decode(column: "private_json", as: String.self).utf8)) else {
                    out.append((record.id, record.kind, "记录无法读取")); continue
                }
                var problem = Self.problem(record, list: list)
                if problem == nil, record.isDrawn { problem = try await madeProblem(db, record) }
                out.append((record.id, record.kind, problem))
            }
            return out
        }
    }

    /// Whether the records a draw made are the ones it drew.
    static func madeProblem(_ db: any SQLDatabase, _ record: ListCommitmentRecord) async throws -> String? {
        switch record.kind {
        case .recheckAgency:
            guard let batchId = record.recordId else { return "记录无法读取" }
            let agency = try await db.select().column("recheck_agency_id").from("batches").where("id", .equal, batchId).first()?
                .decode(column: "recheck_agency_id", as: Int64?.self)
            return agency == record.selectedIds.first ? nil : "批次的复检机构与抽取结果不一致"
        case .officerAssessment:
            guard let assessment = try await db.select().column("id").from("officer_assessments").where("list_commitment_id", .equal, record.id).first()?
                .decode(column: "id", as: Int64.self) else { return "没有由该承诺抽取的考核" }
            let officers = try await db.select().column("officer_id").from("officer_assessment_items").where("assessment_id", .equal, assessment)
                .orderBy("draw_order").all().map { try $0.decode(column: "officer_id", as: Int64.self) }
            return officers == record.selectedIds ? nil : "考核的人员与抽取结果不一致"
        case .assistanceExperts:
            // The case's experts are the first drawn of its newest pool (an earlier pool was declined and replaced).
            guard let caseId = record.recordId else { return "记录无法读取" }
            guard try await latest(db, kind: .assistanceExperts, recordId: caseId)?.id == record.id else { return nil }
            let text = try await db.select().column("experts_json").from("assistance_cases").where("id", .equal, SQLBind(caseId)).first()?
                .decode(column: "experts_json", as: String.self) ?? "[]"
            let ids = (try? JSONDecoder().decode([AssignedExpert].self, from: Data(text.utf8)))?.map(\.expertId) ?? []
            return !ids.isEmpty && Array(record.selectedIds.prefix(ids.count)) == ids ? nil : "帮扶案例的专家与抽取结果不一致"
        case .campaignInspection:
            // The draw makes no record of its own: the enterprises drawn are the result, which the check above recomputed.
            return nil
        }
    }

    static func decode(_ row: any SQLRow) throws -> ListCommitmentRecord {
        let selected = try row.decode(column: "selected_ids", as: String?.self) ?? ""
        return ListCommitmentRecord(
            id: try row.decode(column: "id", as: Int64.self),
            kind: ListDraw.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .recheckAgency,
            subject: try row.decode(column: "subject", as: String.self), recordId: try row.decode(column: "record_id", as: Int64?.self),
            text: try row.decode(column: "commitment_text", as: String.self), hash: try row.decode(column: "commitment_hash", as: String.self),
            root: try row.decode(column: "root", as: String.self), witnessHash: try row.decode(column: "witness_hash", as: String?.self),
            leavesText: try row.decode(column: "leaves_text", as: String.self), createdBy: try row.decode(column: "created_by", as: String.self),
            createdAt: try row.decode(column: "created_at", as: String.self),
            seed: try row.decode(column: "seed", as: String?.self).flatMap { UInt64($0) },
            publicValue: try row.decode(column: "public_value", as: String?.self), publicSource: try row.decode(column: "public_source", as: String?.self),
            witnessSecret: try row.decode(column: "witness_secret", as: String?.self), resultText: try row.decode(column: "result_text", as: String?.self),
            selectedIds: selected.split(separator: ",").compactMap { Int64($0) },
            drawnBy: try row.decode(column: "drawn_by", as: String?.self), drawnAt: try row.decode(column: "drawn_at", as: String?.self))
    }
}
