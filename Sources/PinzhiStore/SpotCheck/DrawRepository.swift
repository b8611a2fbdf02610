import Foundation
import PinzhiDomain
import SQLKit

/// The double-random draw of a task (SPEC SC-4): gathers the candidates and their check history, runs TaskDraw,
/// stores the record with the candidate hash and creates one batch per selected enterprise, all in one
/// transaction. A re-draw needs a reason, supersedes the earlier draw and voids its untouched batches.
public struct DrawRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Verification: Sendable, Equatable {
        public var drawId: Int64
        public var ok: Bool
        public var problem: String?
    }

    /// Fixes the task's candidate list and publishes its commitment (PZ-DRAW-2, CommittedDraw), before any seed
    /// exists: the Merkle root over salted leaves, the parameters and the inspectors' pool, recorded in the audit chain.
    /// A witness (纪检 or a notary) may have registered the SHA-256 of a secret for the task from its own account
    /// (WitnessRepository): the commitment takes it in, and the draw waits for the witness to reveal the secret.
    /// `saltSeed` makes the salts repeatable, for generated data that must come out the same twice; without it they
    /// come from the system's secure generator, so that nobody can guess a leaf's salt and test codes against it.
    /// `committedAt` stands in for the clock likewise (the generator's draws happen on days in the past).
    public func commit(taskId: Int64, saltSeed: UInt64? = nil, committedAt: String? = nil, today: Day,
                       as p: Principal) async throws -> DrawCommitmentRecord {
        let rules = try await RuleRepository(database).effective(on: today)
        return try await database.transaction { db in
            try await RowLock.take(db, "tasks", id: taskId)
            let task = try await Self.drawable(db, taskId, p)
            if let open = try await DrawCommitmentStore.open(db, taskId: taskId) {
                throw StoreError.conflict("候选名单承诺（\(open.hash.prefix(12))…）已公布，尚未抽取；请据此抽取，不能另行承诺")
            }
            _ = try await Self.redrawable(db, taskId: taskId)
            let year = try await db.select().column("year").from("plans").where("id", .equal, task.planId).first()?.decode(column: "year", as: Int.self) ?? today.year
            let level: CheckLevel = task.districtCode.map { .district($0) } ?? .city
            let request = DrawRequest(seed: 0, day: today, productId: task.productId, level: level, mode: task.mode, count: task.batches, rules: rules)
            let inputs = DrawInputs(request: request, candidates: try await Self.candidates(db, task: task, year: year, window: Draw.historyWindow(request)),
                                    inspectors: try await Self.inspectors(db, planDistrict: task.districtCode))
            let product = try await db.select().column("name").from("products").where("id", .equal, task.productId).first()?.decode(column: "name", as: String.self) ?? ""
            // One key stands for the salts (CommittedDraw.salts(key:count:)): the private part stays small at a million candidates.
            let saltKey = Self.saltKey(seed: saltSeed)
            let salts = CommittedDraw.salts(key: saltKey, count: inputs.candidates.count)
            let witness = try await WitnessRepository.pending(db, .task(taskId))
            let context = CommittedDraw.Context(task: taskId, product: product, stage: task.stage, committedAt: committedAt ?? Clock.nowText(),
                                                witnessHash: witness?.hash)
            let commitment = CommittedDraw.commit(request, candidates: inputs.candidates, inspectors: inputs.inspectors, context: context, salts: salts)
            let record = try await DrawCommitmentStore.insert(db, taskId: taskId, commitment: commitment, witnessHash: context.witnessHash,
                                                              secret: CommitmentSecret(inputs: inputs, context: context, salts: [], saltKey: Hex.encode(saltKey)),
                                                              by: p.username)
            if let witness { try await WitnessRepository.consume(db, witness.id, commitmentHash: commitment.hash, at: context.committedAt) }
            try await AuditLog.append(db, actor: AuditActor(p), action: "draw-commit", entity: "task", entityId: taskId,
                                      summary: "公布候选名单承诺（\(CommittedDraw.algorithm)）：候选\(commitment.candidates)家，可抽\(commitment.eligible)家；"
                                        + "承诺SHA-256 \(commitment.hash)，Merkle根 \(commitment.root)"
                                        + (context.witnessHash.map { "；见证人秘密值哈希 \($0)" } ?? ""),
                                      after: AuditLog.json(record))
            return record
        }
    }

    /// The draw of a task from its published commitment (PZ-DRAW-2): the seed comes from the commitment's hash and
    /// the values revealed now; the record keeps them and the published result text; one batch per selected enterprise,
    /// all in one transaction. A re-draw needs a reason and a new commitment, supersedes the earlier draw and voids
    /// its untouched batches.
    public func draw(taskId: Int64, reveal: CommittedDraw.Reveal, reason: String?, today: Day, as p: Principal) async throws -> DrawRecord {
        let rules = try await RuleRepository(database).effective(on: today)
        return try await database.transaction { db in
            // Two clients drawing the same task at once: the second waits here and then sees the first's draw.
            try await RowLock.take(db, "tasks", id: taskId)
            let task = try await Self.drawable(db, taskId, p)
            let previous = try await Self.redrawable(db, taskId: taskId)
            let text = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if previous != nil, text.count < 4 {
                throw StoreError.invalid(ValidationFailure([FieldError("reason", "重新抽取须说明理由（至少4个字），原抽取记录保留")]))
            }
            guard let commitment = try await DrawCommitmentStore.open(db, taskId: taskId),
                  let secret = try await DrawCommitmentStore.secret(db, commitment.id) else {
                throw StoreError.conflict("请先固定候选名单并公布承诺，再抽取")
            }
            let reveal = try await WitnessRepository.seedValues(db, reveal, witnessHash: commitment.witnessHash, commitmentHash: commitment.hash)
            let computed = secret.run(reveal, leaves: false)
            guard computed.commitment.hash == commitment.hash else { throw StoreError.internalError("候选名单承诺无法重现") }
            let inputs = secret.inputs
            if let shortage = TaskDraw.inspectorShortage(computed.outcome, pool: inputs.inspectors.count) { throw StoreError.conflict(shortage) }
            var request = inputs.request
            request.seed = computed.seed
            let outcome = computed.outcome
            let record = try await Self.insert(db, taskId: taskId, purpose: "enterprises", batchId: nil, seed: computed.seed,
                                               algorithm: CommittedDraw.algorithm, requestJSON: AuditLog.json(request) ?? "{}", inputsJSON: "{}",
                                               hash: commitment.hash, resultJSON: AuditLog.json(outcome) ?? "{}", reason: previous == nil ? nil : text, by: p.username,
                                               commitment: (commitment.id, reveal, computed.resultText))
            try await db.update("draw_commitments").set("draw_id", to: record.id).where("id", .equal, commitment.id).run()
            // Every candidate's inclusion probability, for the design-weighted estimate of the market's failure rate (RK-7).
            let inclusion = InclusionProbability.of(request, candidates: inputs.candidates, selected: outcome.enterprises.selected)
            try await db.update("draws").set("inclusion_json", to: SQLBind(AuditLog.json(inclusion))).where("id", .equal, record.id).run()
            if let previous {
                try await db.update("draws").set("superseded_by", to: record.id).where("id", .equal, previous.id).run()
                try await db.update("batches").set("state", to: BatchState.cancelled.rawValue).set(SQLIdentifier("version"), to: SQLRaw("version + 1"))
                    .set("updated_at", to: Clock.nowText()).where("draw_id", .equal, previous.id).run()
            }
            // Each task takes at most `batchesPerTask` batches from one enterprise (004 §一(三)); a draw gives one each.
            var held: [Int64: Int] = [:]
            for row in try await db.select().column("enterprise_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("batches")
                .where("task_id", .equal, taskId).where("state", .notEqual, BatchState.cancelled.rawValue).groupBy("enterprise_id").all() {
                held[try row.decode(column: "enterprise_id", as: Int64.self)] = try row.decode(column: "n", as: Int.self)
            }
            for id in outcome.enterprises.selected {
                if let reason = YearlyLimits.batchesRefusal(existing: held[id] ?? 0, mode: task.mode, limit: rules.int("batchesPerTask")) {
                    throw StoreError.conflict(reason)
                }
            }
            let names = Dictionary(inputs.inspectors.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            try await BatchRepository.create(db, task: task, drawId: record.id, drawn: outcome.inspectors.map {
                ($0.enterpriseId, $0.inspectors.compactMap { names[$0] }.joined(separator: "、"))
            }, today: today, rulesVersion: rules.version, actor: p)
            try await AuditLog.append(db, actor: AuditActor(p), action: previous == nil ? "draw" : "redraw", entity: "task", entityId: taskId,
                                      summary: (previous == nil ? "双随机抽取" : "重新抽取（理由：\(text)）")
                                        + "：候选\(inputs.candidates.count)家，排除\(outcome.enterprises.excluded.count)家，抽中\(outcome.enterprises.selected.count)家；"
                                        + "承诺\(commitment.hash.prefix(16))…，公开值“\(reveal.publicValue)”（\(reveal.publicSource)），种子\(computed.seed)，\(CommittedDraw.algorithm)",
                                      after: AuditLog.json(record))
            return record
        }
    }

    /// Commits and draws at once, with a public value given by the caller: for the demo data, the generator and the
    /// tests, which have no lottery to wait for. A `witness` with its `secret`, when given, registers the secret's
    /// hash from its own account first and reveals it after the commitment, as a witness would.
    public func commitAndDraw(taskId: Int64, reason: String?, publicValue: String, source: String = "演示数据：模拟的开奖号码",
                              witness: (account: Principal, secret: String)? = nil, saltSeed: UInt64? = nil, committedAt: String? = nil, today: Day,
                              as p: Principal) async throws -> DrawRecord {
        let open = try await database.session { db in try await DrawCommitmentStore.open(db, taskId: taskId) }
        if open == nil {
            let witnesses = WitnessRepository(database)
            var registration: WitnessRepository.Registration?
            if let witness {
                registration = try await witnesses.register(subject: DrawWitness.Subject.task(taskId).code, hash: CommittedDraw.sha256(witness.secret),
                                                            as: witness.account)
            }
            _ = try await commit(taskId: taskId, saltSeed: saltSeed, committedAt: committedAt, today: today, as: p)
            if let witness, let registration { _ = try await witnesses.reveal(registration.id, secret: witness.secret, as: witness.account) }
        }
        return try await draw(taskId: taskId, reveal: CommittedDraw.Reveal(publicValue: publicValue, publicSource: source),
                              reason: reason, today: today, as: p)
    }

    /// A commitment's secret salt key, from the same generator as the salts (repeatable with `seed`).
    static func saltKey(seed: UInt64?) -> [UInt8] {
        salts(CommittedDraw.saltKeyBytes / CommittedDraw.saltBytes, seed: seed).flatMap { $0 }
    }

    static func salts(_ count: Int, seed: UInt64?) -> [[UInt8]] {
        func make(_ generator: inout some RandomNumberGenerator) -> [[UInt8]] {
            (0..<count).map { _ in (0..<CommittedDraw.saltBytes).map { _ in UInt8.random(in: 0...255, using: &generator) } }
        }
        if let seed {
            var generator = SeededGenerator(seed: seed)
            return make(&generator)
        }
        var generator = SystemRandomNumberGenerator()
        return make(&generator)
    }

    /// The task, when this principal may draw it now.
    static func drawable(_ db: any SQLDatabase, _ taskId: Int64, _ p: Principal) async throws -> CheckTask {
        guard let task = try await TaskRepository.find(db, taskId, p) else { throw StoreError.notFound }
        guard PlanPolicy.mayEdit(p, planDistrict: task.districtCode) else { throw StoreError.forbidden }
        guard task.state == .accepted else { throw StoreError.conflict("任务须经承检机构接收后方可抽取企业") }
        return task
    }

    /// The task's current draw, if any, when a re-draw may still replace it: none of its batches has moved on.
    static func redrawable(_ db: any SQLDatabase, taskId: Int64) async throws -> DrawRecord? {
        guard let previous = try await current(db, taskId: taskId) else { return nil }
        let moved = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("batches")
            .where("draw_id", .equal, previous.id).where("state", .notEqual, BatchState.drawn.rawValue)
            .first()?.decode(column: "n", as: Int.self) ?? 0
        if moved > 0 { throw StoreError.conflict("已有\(moved)个批次开始抽样，不能重新抽取") }
        return previous
    }

    /// The inputs a task draw was computed from: kept with its commitment (PZ-DRAW-2) or with the draw (PZ-DRAW-1).
    public func inputs(_ record: DrawRecord) async throws -> DrawInputs? {
        if let commitmentId = record.commitmentId {
            return try await database.session { db in try await DrawCommitmentStore.secret(db, commitmentId)?.inputs }
        }
        return try? JSONDecoder().decode(DrawInputs.self, from: Data(record.candidatesJSON.utf8))
    }

    /// Recomputes stored draws (all, or one) from their recorded inputs: a task draw's hash, selection and the batches
    /// it made; a recheck draw's agency.
    public func verify(_ id: Int64? = nil) async throws -> [Verification] {
        try await database.session { db in
            var q = db.select().column("*").from("draws")
            if let id { q = q.where("id", .equal, id) }
            var out: [Verification] = []
            for row in try await q.orderBy("id").all() {
                let record = try Self.decode(row)
                out.append(Verification(drawId: record.id, ok: true, problem: nil))
                func fail(_ text: String) { out[out.count - 1] = Verification(drawId: record.id, ok: false, problem: text) }
                if record.purpose == "recheck" {
                    if let problem = try await Self.recheckProblem(db, record) { fail(problem) }
                    continue
                }
                if record.algorithm == CommittedDraw.algorithm {
                    if let problem = try await Self.committedProblem(db, record) { fail(problem) }
                    continue
                }
                guard let inputs = try? JSONDecoder().decode(DrawInputs.self, from: Data(record.candidatesJSON.utf8)),
                      let stored = try? JSONDecoder().decode(TaskDraw.Outcome.self, from: Data(record.resultJSON.utf8)) else {
                    fail("记录无法读取"); continue
                }
                if let problem = Self.problem(inputs, stored: stored, seed: record.seed, hash: record.candidateHash) { fail(problem); continue }
                let made = try await db.select().column("enterprise_id").from("batches").where("draw_id", .equal, record.id).orderBy("id").all()
                    .map { try $0.decode(column: "enterprise_id", as: Int64.self) }
                if made != stored.enterprises.selected { fail("抽中企业与生成的批次不一致") }
            }
            return out
        }
    }

    /// Why a task draw's record is not what its inputs give, or nil; the draw is computed once for both the hash
    /// and the comparison.
    public static func problem(_ inputs: DrawInputs, stored: TaskDraw.Outcome, seed: UInt64, hash: String) -> String? {
        if inputs.request.seed != seed { return "种子与抽取请求不一致" }
        let again = inputs.run()
        if DrawInputs.hash(again, inputs.inspectors) != hash { return "候选名单与记录的哈希值不符" }
        return TaskDraw.matches(again, stored) ? nil : "按种子重新计算的抽取结果与记录不符"
    }

    /// Why a PZ-DRAW-2 record is not what its commitment and revealed values give, or nil: the commitment and
    /// its published leaves recomputed from the kept candidates and salts, the commitment made before the draw, the
    /// witness's secret, the seed, the result text, the selection and the batches made.
    static func committedProblem(_ db: any SQLDatabase, _ record: DrawRecord) async throws -> String? {
        guard let commitmentId = record.commitmentId, let commitment = try await DrawCommitmentStore.find(db, commitmentId),
              let secret = try await DrawCommitmentStore.secret(db, commitmentId) else { return "记录无法读取" }
        guard let stored = try? JSONDecoder().decode(TaskDraw.Outcome.self, from: Data(record.resultJSON.utf8)) else { return "记录无法读取" }
        let reveal = CommittedDraw.Reveal(publicValue: record.publicValue ?? "", publicSource: record.publicSource ?? "", witnessSecret: record.witnessSecret ?? "")
        if let problem = committedProblem(commitment, secret: secret, reveal: reveal, record: record, stored: stored) { return problem }
        let made = try await db.select().column("enterprise_id").from("batches").where("draw_id", .equal, record.id).orderBy("id").all()
            .map { try $0.decode(column: "enterprise_id", as: Int64.self) }
        return made == stored.enterprises.selected ? nil : "抽中企业与生成的批次不一致"
    }

    /// The checks of `committedProblem` that need no database, for the tests that alter one value at a time.
    public static func committedProblem(_ commitment: DrawCommitmentRecord, secret: CommitmentSecret, reveal: CommittedDraw.Reveal,
                                        record: DrawRecord, stored: TaskDraw.Outcome) -> String? {
        if CommittedDraw.sha256(commitment.text) != commitment.hash || record.candidateHash != commitment.hash { return "候选名单承诺的哈希值不符" }
        if record.createdAt < commitment.createdAt { return "候选名单承诺晚于抽取" }
        let again = secret.run(reveal, leaves: !commitment.leavesText.isEmpty)
        if again.commitment.text != commitment.text { return "按保存的候选名单与盐值重算的承诺与公布的不符" }
        // Packed commitments store no leaves: they are these recomputed ones, checked through the root above.
        if !commitment.leavesText.isEmpty && again.commitment.leavesText != commitment.leavesText { return "公布的叶子与候选名单不符" }
        if let problem = CommittedDraw.revealProblem(reveal, witnessHash: commitment.witnessHash) { return problem }
        if again.seed != record.seed { return "种子与承诺及公开值不符" }
        if again.resultText != record.resultText { return "公布的抽取结果与按种子重算的不符" }
        return again.outcome == stored ? nil : "按种子重新计算的抽取结果与记录不符"
    }

    struct RecheckInputs: Decodable {
        var qualified: [Int64]
        var first: Int64
    }

    struct RecheckResult: Decodable {
        var selected: Int64
    }

    /// A recheck-agency draw recomputes from its committed list and the revealed values (PZ-DRAW-2), or from its
    /// seed and the qualified agencies (PZ-RECHECK-1, before issue 16).
    static func recheckProblem(_ db: any SQLDatabase, _ record: DrawRecord) async throws -> String? {
        guard let listId = record.listCommitmentId else { return recheckProblem(record) }
        guard let commitment = try await ListCommitmentStore.find(db, listId), let list = try await ListCommitmentStore.list(db, listId) else {
            return "记录无法读取"
        }
        if commitment.hash != record.candidateHash || commitment.seed != record.seed || commitment.resultText != record.resultText {
            return "抽取记录与候选名单承诺不一致"
        }
        if let problem = ListCommitmentStore.problem(commitment, list: list) { return problem }
        return try await ListCommitmentStore.madeProblem(db, commitment)
    }

    static func recheckProblem(_ record: DrawRecord) -> String? {
        guard let inputs = try? JSONDecoder().decode(RecheckInputs.self, from: Data(record.candidatesJSON.utf8)),
              let result = try? JSONDecoder().decode(RecheckResult.self, from: Data(record.resultJSON.utf8)) else { return "记录无法读取" }
        if Hashing.sha256(record.candidatesJSON) != record.candidateHash { return "候选机构名单与记录的哈希值不符" }
        if RecheckAgencyDraw.run(seed: record.seed, qualified: inputs.qualified, firstAgency: inputs.first) != result.selected {
            return "按种子重新计算的复检机构与记录不符"
        }
        return nil
    }

    /// Whether the public may see a draw: a batch of its task has been published.
    public func isPublic(_ record: DrawRecord) async throws -> Bool {
        try await database.session { db in
            try await db.select().column(SQLColumn("batch_id", table: "p")).from(SQLAlias(SQLIdentifier("publications"), as: SQLIdentifier("p")))
                .join(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")), on: SQLColumn("id", table: "b"), .equal, SQLColumn("batch_id", table: "p"))
                .where(SQLColumn("task_id", table: "b"), .equal, SQLBind(record.taskId)).limit(1).first() != nil
        }
    }

    /// Every PZ-DRAW-2 task draw: its id, its commitment's and its published result text, in draw order.
    public func committedDraws() async throws -> [(drawId: Int64, commitmentId: Int64, resultText: String)] {
        try await database.session { db in
            try await db.select().column("id").column("commitment_id").column("result_text").from("draws")
                .where("algorithm", .equal, CommittedDraw.algorithm).where(SQLColumn("commitment_id"), .isNot, SQLLiteral.null).orderBy("id").all()
                .map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "commitment_id", as: Int64.self),
                        try $0.decode(column: "result_text", as: String?.self) ?? "") }
        }
    }

    public func list(taskId: Int64) async throws -> [DrawRecord] {
        try await database.session { db in
            try await db.select().column("*").from("draws").where("task_id", .equal, taskId).orderBy("id").all().map(Self.decode)
        }
    }

    public func find(_ id: Int64) async throws -> DrawRecord? {
        try await database.session { db in try await db.select().column("*").from("draws").where("id", .equal, id).first().map(Self.decode) }
    }

    static func current(_ db: any SQLDatabase, taskId: Int64) async throws -> DrawRecord? {
        try await db.select().column("*").from("draws").where("task_id", .equal, taskId).where("purpose", .equal, "enterprises")
            .where(SQLColumn("superseded_by"), .is, SQLLiteral.null).first().map(decode)
    }

    /// Limits a query that has `enterprises e` to the task's candidates: enterprises that make or sell the product at
    /// the task's stage, active, in the plan's district for a district plan and in the task's area.
    static func ofCandidates(_ q: SQLSelectBuilder, _ task: CheckTask) -> SQLSelectBuilder {
        var q = q.join(SQLAlias(SQLIdentifier("enterprise_products"), as: SQLIdentifier("ep")), on: SQLColumn("enterprise_id", table: "ep"), .equal, SQLColumn("id", table: "e"))
            .where(SQLColumn("product_id", table: "ep"), .equal, SQLBind(task.productId))
            .where(SQLColumn("stage", table: "ep"), .equal, SQLBind(task.stage.rawValue))
            .where(SQLColumn("active", table: "e"), .equal, SQLBind(true))
        if let district = task.districtCode { q = q.where(SQLColumn("district_code", table: "e"), .equal, SQLBind(district)) }
        // The task's area narrows the candidates further (TaskArea: a district, or a cluster or place).
        switch TaskArea(task.area) {
        case .everywhere: break
        case .district(let code): q = q.where(SQLColumn("district_code", table: "e"), .equal, SQLBind(code))
        case .place(let text):
            q = q.where { g in
                g.where(SQLColumn("cluster", table: "e"), .like, SQLBind("%\(text)%")).orWhere(SQLColumn("address", table: "e"), .like, SQLBind("%\(text)%"))
            }
        }
        return q
    }

    /// The task's candidates, each with its checks in the rules' window (batches, refusals, national checks).
    static func candidates(_ db: any SQLDatabase, task: CheckTask, year: Int, window: (every: Day, adverse: Day)) async throws -> [DrawCandidate] {
        let q = ofCandidates(db.select().column(SQLColumn("id", table: "e")).column(SQLColumn("uscc", table: "e")).column(SQLColumn("credit_class", table: "e"))
            .from(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e"))), task)
        var candidates = try await q.orderBy(SQLColumn("id", table: "e")).all().map { row in
            DrawCandidate(enterpriseId: try row.decode(column: "id", as: Int64.self), uscc: try row.decode(column: "uscc", as: String.self),
                          creditClass: try row.decode(column: "credit_class", as: String.self))
        }
        guard !candidates.isEmpty else { return [] }
        var history: [Int64: [PastCheck]] = [:]
        // Only the candidates' checks, and only those the rules can turn on (Draw.historyWindow: every check of this
        // year and the repeat window, failures and refusals of the five years of follow-up), so a draw costs what its
        // candidates cost, not the whole history.
        let checked = SQLFunction("COALESCE", args: SQLColumn("sampled_on", table: "b"), SQLColumn("state_since", table: "b"))
        let past = ofCandidates(db.select().columns(SQLColumn("enterprise_id", table: "b"), SQLColumn("product_id", table: "b"),
                                                    SQLColumn("plan_district_code", table: "b"), SQLColumn("mode", table: "b"), SQLColumn("state", table: "b"),
                                                    SQLColumn("verdict", table: "b"), SQLColumn("sampled_on", table: "b"), SQLColumn("state_since", table: "b"))
            .from(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("id", table: "e"), .equal, SQLColumn("enterprise_id", table: "b")), task)
            // A drawn batch not yet sampled is a check to come: it counts toward the limits from the day it was drawn.
            .where(SQLColumn("state", table: "b"), .notEqual, SQLBind(BatchState.cancelled.rawValue))
            .where(checked, .greaterThanOrEqual, SQLBind(min(window.every, window.adverse).description))
            .where { g in
                g.where(checked, .greaterThanOrEqual, SQLBind(window.every.description))
                    .orWhere(SQLColumn("verdict", table: "b"), .equal, SQLBind(ItemVerdict.fail.rawValue))
                    .orWhere(SQLColumn("state", table: "b"), .equal, SQLBind(BatchState.refused.rawValue))
            }
        for row in try await past.orderBy(SQLColumn("id", table: "b")).all() {
            let state = BatchState(rawValue: try row.decode(column: "state", as: String.self)) ?? .drawn
            let dayText = try row.decode(column: "sampled_on", as: String?.self) ?? row.decode(column: "state_since", as: String.self)
            guard let day = Day(dayText) else { continue }
            let district = try row.decode(column: "plan_district_code", as: String?.self)
            history[try row.decode(column: "enterprise_id", as: Int64.self), default: []].append(PastCheck(
                day: day, productId: try row.decode(column: "product_id", as: Int64.self), level: district.map { .district($0) } ?? .city,
                mode: CheckMode(rawValue: try row.decode(column: "mode", as: String.self)) ?? .routine,
                failed: try row.decode(column: "verdict", as: String?.self) == ItemVerdict.fail.rawValue, refused: state == .refused))
        }
        var national = Set<Int64>()
        // The national plan's entries of the year for the product (SC-4 (c)), matched by enterprise code.
        let codes = try await db.select().column("enterprise_uscc").from("national_plan_entries").where("year", .equal, year)
            .where("product_id", .equal, task.productId).where("active", .equal, true).all()
            .map { try $0.decode(column: "enterprise_uscc", as: String.self) }
        let nationalCodes = Set(codes)
        for candidate in candidates where nationalCodes.contains(candidate.uscc) { national.insert(candidate.enterpriseId) }
        for index in candidates.indices {
            candidates[index].history = history[candidates[index].enterpriseId] ?? []
            candidates[index].inNationalPlan = national.contains(candidates[index].enterpriseId)
        }
        return candidates
    }

    /// The organiser's own inspectors (its district bureau, or the city bureau and enforcement for a city plan);
    /// all active inspectors when the organiser has fewer than two.
    static func inspectors(_ db: any SQLDatabase, planDistrict: String?) async throws -> [InspectorCandidate] {
        let rows = try await db.select().column(SQLColumn("id", table: "i")).column(SQLColumn("name", table: "i"))
            .column(SQLColumn("conflict_usccs", table: "i")).column(SQLColumn("district_code", table: "o")).column(SQLColumn("kind", table: "o"))
            .from(SQLAlias(SQLIdentifier("inspectors"), as: SQLIdentifier("i")))
            .join(SQLAlias(SQLIdentifier("organisations"), as: SQLIdentifier("o")), on: SQLColumn("organisation_id", table: "i"), .equal, SQLColumn("id", table: "o"))
            .where(SQLColumn("active", table: "i"), .equal, SQLBind(true)).orderBy(SQLColumn("id", table: "i")).all()
        var all: [InspectorCandidate] = []
        var own: [InspectorCandidate] = []
        for row in rows {
            var inspector = Inspector()
            inspector.conflictUsccs = try row.decode(column: "conflict_usccs", as: String?.self)
            let candidate = InspectorCandidate(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                                               conflicts: Array(inspector.conflicts))
            all.append(candidate)
            let district = try row.decode(column: "district_code", as: String?.self)
            let kind = try row.decode(column: "kind", as: String.self)
            let organisers = planDistrict.map { district == $0 && kind != "enterprise" } ?? ["city_bureau", "enforcement"].contains(kind)
            if organisers {
                own.append(candidate)
            }
        }
        return own.count >= TaskDraw.inspectorsPerBatch ? own : all
    }

    static func insert(_ db: any SQLDatabase, taskId: Int64, purpose: String, batchId: Int64?, seed: UInt64, algorithm: String,
                       requestJSON: String, inputsJSON: String, hash: String, resultJSON: String, reason: String?, by user: String,
                       commitment: (id: Int64, reveal: CommittedDraw.Reveal, resultText: String)? = nil) async throws -> DrawRecord {
        let now = Clock.nowText()
        let row = try await db.insert(into: "draws")
            .columns("task_id", "purpose", "batch_id", "seed", "algorithm", "request_json", "candidates_json", "candidate_hash", "result_json",
                     "reason", "created_by", "created_at", "commitment_id", "public_value", "public_source", "witness_secret", "result_text",
                     "credit_version")
            .values(SQLBind(taskId), SQLBind(purpose), SQLBind(batchId), SQLBind(String(seed)), SQLBind(algorithm), SQLBind(requestJSON),
                    SQLBind(inputsJSON), SQLBind(hash), SQLBind(resultJSON), SQLBind(reason), SQLBind(user), SQLBind(now),
                    SQLBind(commitment?.id), SQLBind(commitment?.reveal.publicValue), SQLBind(commitment?.reveal.publicSource),
                    SQLBind(commitment?.reveal.witnessSecret), SQLBind(commitment?.resultText),
                    // The computed classes it weighted by (RK-3): every class change up to this one (the committed leaves carry each letter).
                    SQLBind(try await CreditClassStore.version(db)))
            .returning("*").first()
        guard let row else { throw StoreError.internalError("抽取记录未保存") }
        return try decode(row)
    }

    static func decode(_ row: any SQLRow) throws -> DrawRecord {
        DrawRecord(id: try row.decode(column: "id", as: Int64.self), taskId: try row.decode(column: "task_id", as: Int64.self),
                   purpose: try row.decode(column: "purpose", as: String.self), batchId: try row.decode(column: "batch_id", as: Int64?.self),
                   seed: UInt64(try row.decode(column: "seed", as: String.self)) ?? 0, algorithm: try row.decode(column: "algorithm", as: String.self),
                   candidateHash: try row.decode(column: "candidate_hash", as: String.self), reason: try row.decode(column: "reason", as: String?.self),
                   supersededBy: try row.decode(column: "superseded_by", as: Int64?.self), createdBy: try row.decode(column: "created_by", as: String.self),
                   createdAt: try row.decode(column: "created_at", as: String.self), requestJSON: try row.decode(column: "request_json", as: String.self),
                   candidatesJSON: try row.decode(column: "candidates_json", as: String.self), resultJSON: try row.decode(column: "result_json", as: String.self),
                   commitmentId: try row.decode(column: "commitment_id", as: Int64?.self), publicValue: try row.decode(column: "public_value", as: String?.self),
                   publicSource: try row.decode(column: "public_source", as: String?.self), witnessSecret: try row.decode(column: "witness_secret", as: String?.self),
                   resultText: try row.decode(column: "result_text", as: String?.self),
                   listCommitmentId: try row.decode(column: "list_commitment_id", as: Int64?.self))
    }
}
