import PinzhiDomain
import SQLKit

/// The witnesses' registrations (DrawWitness, Migration029): a witness account fixes a secret's hash for a draw's
/// subject before its commitment and reveals the secret after it. The draws take the hash and the secret from here,
/// never from the drawing officer (DrawRepository, OfficerAssessmentRepository, the recheck step of BatchRepository).
public struct WitnessRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Registration: Sendable, Equatable, Codable {
        public var id: Int64
        public var subject: String
        public var hash: String
        public var registeredBy: String
        public var registeredAt: String
        /// The commitment that took the hash in; nil while the subject waits for its commitment.
        public var commitmentHash: String?
        public var committedAt: String?
        /// Once revealed: it is published with the draw's result anyway.
        public var secret: String?
        public var revealedAt: String?

        public var subjectLabel: String { DrawWitness.Subject(code: subject)?.label ?? subject }
        /// registered, committed or revealed.
        public var state: String { secret != nil ? "revealed" : commitmentHash != nil ? "committed" : "registered" }
        public var stateLabel: String { secret != nil ? "已公开秘密值" : commitmentHash != nil ? "已承诺，待公开秘密值" : "已登记哈希，待承诺" }
    }

    /// A subject that waits for a witness: a task accepted and not yet committed, a batch whose objection waits.
    public struct Awaiting: Sendable, Equatable {
        public var subject: String
        public var label: String
        public var detail: String
    }

    static let columns = ["id", "subject", "hash", "registered_by", "registered_at", "commitment_hash", "committed_at", "secret", "revealed_at"]

    static func witness(_ p: Principal) throws {
        guard p.role == .witness else { throw StoreError.forbidden }
    }

    /// Registers the hash of the witness's secret for a subject that waits for its commitment; one open registration
    /// per subject.
    public func register(subject code: String, hash: String, as p: Principal) async throws -> Registration {
        try Self.witness(p)
        var errors: [FieldError] = []
        let subject = DrawWitness.Subject(code: code.trimmingCharacters(in: .whitespaces))
        if subject == nil { errors.append(FieldError("subject", "请选择见证的抽取事项")) }
        if let problem = DrawWitness.hashProblem(hash) { errors.append(FieldError("hash", problem)) }
        guard let subject, errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        return try await database.transaction { db in
            try await Self.checkAwaiting(db, subject)
            if try await Self.pending(db, subject) != nil {
                throw StoreError.conflict("该事项已有见证人登记的哈希，尚未用于承诺")
            }
            let now = Clock.nowText()
            let row = try await db.insert(into: "draw_witnesses").columns("subject", "hash", "registered_by", "registered_at")
                .values(SQLBind(subject.code), SQLBind(hash.trimmingCharacters(in: .whitespaces).lowercased()), SQLBind(p.username), SQLBind(now))
                .returning(Self.columns.map { SQLColumn($0) }).first()
            guard let row else { throw StoreError.internalError("见证登记未保存") }
            let saved = try Self.decode(row)
            _ = try await AuditLog.append(db, actor: AuditActor(p), action: "witness-register", entity: "draw_witness", entityId: saved.id,
                                          summary: "见证人登记秘密值的SHA-256（\(subject.label)）：\(saved.hash)", after: AuditLog.json(saved))
            return saved
        }
    }

    /// Whether the subject still waits for its commitment.
    static func checkAwaiting(_ db: any SQLDatabase, _ subject: DrawWitness.Subject) async throws {
        func refuse(_ message: String) -> StoreError { .invalid(ValidationFailure([FieldError("subject", message)])) }
        switch subject {
        case .task(let id):
            guard let state = try await db.select().column("state").from("tasks").where("id", .equal, id).first()?.decode(column: "state", as: String.self)
            else { throw refuse("没有该抽查任务") }
            // A drawn task may still be drawn again (with a reason, before sampling): its witness may register for that.
            guard state == TaskState.accepted.rawValue, try await DrawCommitmentStore.open(db, taskId: id) == nil else {
                throw refuse("该任务不在待抽取状态，或候选名单已承诺")
            }
        case .batch(let id):
            guard let state = try await db.select().column("state").from("batches").where("id", .equal, id).first()?.decode(column: "state", as: String.self)
            else { throw refuse("没有该批次") }
            guard state == BatchState.objected.rawValue else { throw refuse("该批次没有待受理的异议") }
        case .assessment(let scope, let period):
            guard scope == "city" || District.isKnown(scope) else { throw refuse("考核范围应为全市或某区") }
            let errors = OfficerAssessmentDraw.checkRequest(count: 1, period: period)
            if let e = errors.first { throw refuse(e.message) }
            let committed = try await ListCommitmentStore.open(db, kind: .officerAssessment, subject: "\(scope):\(period)") != nil
            let drawn = try await db.select().column("id").from("officer_assessments").where("scope", .equal, scope).where("period", .equal, period).first() != nil
            if committed || drawn {
                throw refuse("该范围与期间的考核已承诺或已抽取")
            }
        }
    }

    /// Reveals the secret of the witness's own registration, once its commitment is published.
    public func reveal(_ id: Int64, secret: String, as p: Principal) async throws -> Registration {
        try Self.witness(p)
        return try await database.transaction { db in
            guard let row = try await db.select().columns(Self.columns.map { SQLColumn($0) }).from("draw_witnesses").where("id", .equal, id).first(),
                  case let r = try Self.decode(row), r.registeredBy == p.username else { throw StoreError.notFound }
            guard r.secret == nil else { throw StoreError.conflict("秘密值已公开") }
            guard r.commitmentHash != nil else { throw StoreError.conflict("候选名单尚未承诺；承诺公布之后才能公开秘密值") }
            if let problem = DrawWitness.secretProblem(secret, registeredHash: r.hash) {
                throw StoreError.invalid(ValidationFailure([FieldError("secret", problem)]))
            }
            let now = Clock.nowText()
            try await db.update("draw_witnesses").set("secret", to: SQLBind(secret)).set("revealed_at", to: SQLBind(now)).where("id", .equal, id).run()
            var saved = r
            saved.secret = secret
            saved.revealedAt = now
            _ = try await AuditLog.append(db, actor: AuditActor(p), action: "witness-reveal", entity: "draw_witness", entityId: id,
                                          summary: "见证人公开秘密值（\(r.subjectLabel)，承诺 \(r.commitmentHash ?? "")）", after: AuditLog.json(saved))
            return saved
        }
    }

    /// A witness's own registrations, newest first.
    public func list(as p: Principal) async throws -> [Registration] {
        try Self.witness(p)
        return try await database.session { db in
            try await db.select().columns(Self.columns.map { SQLColumn($0) }).from("draw_witnesses").where("registered_by", .equal, p.username)
                .orderBy("id", .descending).limit(500).all().map(Self.decode)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> Registration? {
        try await list(as: p).first { $0.id == id }
    }

    /// What waits for a witness: the tasks accepted and not yet committed, and the batches whose objection waits (an
    /// assessment is named by its scope and period).
    public func awaiting(as p: Principal) async throws -> [Awaiting] {
        try Self.witness(p)
        return try await database.session { db in
            var out: [Awaiting] = []
            let tasks = try await db.select().column(SQLColumn("id", table: "t")).column(SQLColumn("name", table: "p"), as: "product")
                .column(SQLColumn("district_code", table: "t")).column(SQLColumn("batches", table: "t"))
                .from(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")))
                .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), on: SQLColumn("id", table: "p"), .equal, SQLColumn("product_id", table: "t"))
                .where(SQLColumn("state", table: "t"), .equal, SQLBind(TaskState.accepted.rawValue))
                .where(SQLColumn("id", table: "t"), .notIn, SQLGroupExpression(
                    db.select().column("task_id").from("draw_commitments").where(SQLColumn("draw_id"), .is, SQLLiteral.null).query))
                // A task drawn already waits for no one (a re-draw is rare; its witness registers by the task's code).
                .where(SQLColumn("id", table: "t"), .notIn, SQLGroupExpression(
                    db.select().column("task_id").from("draws").where("purpose", .equal, "enterprises").query))
                .orderBy(SQLColumn("id", table: "t")).limit(200).all()
            for row in tasks {
                let id = try row.decode(column: "id", as: Int64.self)
                let subject = DrawWitness.Subject.task(id)
                out.append(Awaiting(subject: subject.code, label: subject.label,
                                    detail: "\(try row.decode(column: "product", as: String.self))，\(try row.decode(column: "district_code", as: String?.self).map { District.named(code: $0) + "级" } ?? "市级")，"
                                        + "抽取\(try row.decode(column: "batches", as: Int.self))批次"))
            }
            let batches = try await db.select().column(SQLColumn("id", table: "b")).column(SQLColumn("number", table: "b"))
                .column(SQLColumn("name", table: "p"), as: "product")
                .from(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")))
                .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), on: SQLColumn("id", table: "p"), .equal, SQLColumn("product_id", table: "b"))
                .where(SQLColumn("state", table: "b"), .equal, SQLBind(BatchState.objected.rawValue)).orderBy(SQLColumn("id", table: "b")).limit(200).all()
            for row in batches {
                let subject = DrawWitness.Subject.batch(try row.decode(column: "id", as: Int64.self))
                out.append(Awaiting(subject: subject.code, label: subject.label,
                                    detail: "\(try row.decode(column: "number", as: String.self))，\(try row.decode(column: "product", as: String.self))"))
            }
            return out
        }
    }

    /// The open registration of a subject, if any.
    static func pending(_ db: any SQLDatabase, _ subject: DrawWitness.Subject) async throws -> (id: Int64, hash: String)? {
        guard let row = try await db.select().columns("id", "hash").from("draw_witnesses").where("subject", .equal, subject.code)
            .where(SQLColumn("commitment_hash"), .is, SQLLiteral.null).orderBy("id", .descending).first() else { return nil }
        return (try row.decode(column: "id", as: Int64.self), try row.decode(column: "hash", as: String.self))
    }

    /// Whether a witness waits with its hash for the subject's commitment.
    public static func isPending(_ database: PinzhiDatabase, _ subject: DrawWitness.Subject) async throws -> Bool {
        try await database.session { db in try await pending(db, subject) != nil }
    }

    /// Marks a registration as taken into a commitment.
    static func consume(_ db: any SQLDatabase, _ id: Int64, commitmentHash: String, at now: String) async throws {
        try await db.update("draw_witnesses").set("commitment_hash", to: SQLBind(commitmentHash)).set("committed_at", to: SQLBind(now))
            .where("id", .equal, id).run()
    }

    /// The secret revealed for a commitment, nil while the witness has not revealed it.
    static func secret(_ db: any SQLDatabase, commitmentHash: String) async throws -> String? {
        try await db.select().column("secret").from("draw_witnesses").where("commitment_hash", .equal, commitmentHash)
            .where(SQLColumn("secret"), .isNot, SQLLiteral.null).first()?.decode(column: "secret", as: String.self)
    }

    /// The values a draw's seed comes from: the public value and its source as given (trimmed), and the witness's secret
    /// as its account revealed it — never typed by the drawing officer; refused while the witness has not revealed it,
    /// or when the values cannot seed the draw (CommittedDraw.revealProblem).
    static func seedValues(_ db: any SQLDatabase, _ given: CommittedDraw.Reveal, witnessHash: String?,
                           commitmentHash: String) async throws -> CommittedDraw.Reveal {
        let reveal = CommittedDraw.Reveal(publicValue: given.publicValue.trimmingCharacters(in: .whitespaces),
                                          publicSource: given.publicSource.trimmingCharacters(in: .whitespaces),
                                          witnessSecret: try await requiredSecret(db, witnessHash: witnessHash, commitmentHash: commitmentHash))
        if let problem = CommittedDraw.revealProblem(reveal, witnessHash: witnessHash) {
            throw StoreError.invalid(ValidationFailure([FieldError("publicValue", problem)]))
        }
        return reveal
    }

    /// The witness's secret for a commitment that registered a witness's hash, or a refusal while it is not revealed.
    static func requiredSecret(_ db: any SQLDatabase, witnessHash: String?, commitmentHash: String) async throws -> String {
        guard witnessHash != nil else { return "" }
        guard let secret = try await secret(db, commitmentHash: commitmentHash) else {
            throw StoreError.conflict("承诺中登记了见证人秘密值的哈希，见证人尚未公开秘密值；请待见证人公开后再抽取")
        }
        return secret
    }

    static func decode(_ row: any SQLRow) throws -> Registration {
        Registration(id: try row.decode(column: "id", as: Int64.self), subject: try row.decode(column: "subject", as: String.self),
                     hash: try row.decode(column: "hash", as: String.self), registeredBy: try row.decode(column: "registered_by", as: String.self),
                     registeredAt: try row.decode(column: "registered_at", as: String.self),
                     commitmentHash: try row.decode(column: "commitment_hash", as: String?.self), committedAt: try row.decode(column: "committed_at", as: String?.self),
                     secret: try row.decode(column: "secret", as: String?.self), revealedAt: try row.decode(column: "revealed_at", as: String?.self))
    }
}
