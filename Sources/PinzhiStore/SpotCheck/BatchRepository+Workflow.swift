import PinzhiDomain
import SQLKit

/// The batch's part of a step (WorkflowStore does the rest): the report's test items and the recheck agency's
/// draw in the context, the batch row under its version guard, and the side effects — item results, case leads,
/// the recheck draw's record, the publication snapshot and the statistics rollup.
extension BatchRepository: WorkflowRecords {
    public typealias Kind = BatchKind

    public static func context(_ db: any SQLDatabase, _ batch: Batch, _ action: BatchAction, base: BasicContext, by p: Principal,
                               taking: Bool, seed: UInt64?) async throws -> BatchContext {
        var context = BatchContext(today: base.today, rules: base.rules, calendar: base.calendar)
        if action == .report || action == .reviseReport { context.items = try await testItems(db, batch) }
        if action == .sample { (context.season, context.sampledTasks) = try await samplingFacts(db, batch) }
        // The recheck agency is drawn in two moments (004 §十六, PZ-DRAW-2 §十四): accepting the objection commits the
        // list of qualified agencies, a later step draws from it with a value announced after the commitment.
        if action == .acceptObjection, taking {
            let qualified = try await qualifiedAgencyCodes(db, batch)
            let salts = ListCommitmentStore.salts(RecheckAgencyDraw.distinct(qualified), seed: seed)
            context.recheckList = RecheckAgencyDraw.list(batchNumber: batch.number, day: base.today, qualified: qualified, firstAgency: batch.agencyId,
                                                         salts: salts, committedAt: seed == nil ? Clock.nowText() : "\(base.today)T02:00:00.000Z")
            if let witness = try await WitnessRepository.pending(db, .batch(batch.id)) {
                context.recheckList?.witnessHash = witness.hash
                context.recheckWitnessRegistration = witness.id
            }
        }
        if action == .drawRecheckAgency, let open = try await ListCommitmentStore.latest(db, kind: .recheckAgency, recordId: batch.id), !open.isDrawn {
            context.recheckList = try await ListCommitmentStore.list(db, open.id)
            context.recheckCommitmentId = open.id
            context.recheckWitnessSecret = try await WitnessRepository.secret(db, commitmentHash: open.hash)
            for row in try await db.select().column("id").column("name").from("agencies")
                .where("id", .in, SQLBind.group(context.recheckList?.candidates.map(\.id) ?? [])).all() {
                context.agencyNames[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "name", as: String.self)
            }
        }
        return context
    }

    public static func save(_ db: any SQLDatabase, _ step: BatchStep, before: Batch) async throws -> Batch {
        try await update(db, step.batch, expectedVersion: before.version)
        // The row now holds exactly the stepped batch with its version bumped; no need to read it back.
        var after = step.batch
        after.version = before.version + 1
        return after
    }

    public static func record(_ db: any SQLDatabase, _ step: BatchStep, before batch: Batch, context: BatchContext, by p: Principal,
                              at now: String) async throws {
        try await RateRollup.apply(db, before: batch, after: step.batch)
        for r in step.results {
            try await db.insert(into: "batch_results").columns(StepRows.resultColumns).values(StepRows.result(r, of: step.batch)).run()
        }
        if let lead = step.caseLead {
            try await LeadRepository.insert(db, lead, of: batch, on: context.today, by: p.username, at: now)
        }
        if step.effects.raisesRisk {
            try await RiskItemRepository.insert(db, failed: step.batch, today: context.today, rules: context.rules, by: p, at: now)
        }
        // A failure of a campaign's key product goes on that campaign's problem list once its verdict stands (CP-4).
        if step.batch.state == .concluded, batch.state != .concluded, step.batch.isFailure {
            try await ProblemItemRepository.fromFailedBatch(db, step.batch, today: context.today, by: p)
        }
        // A verdict or a refusal is an input of the enterprise's credit class (RK-3).
        if step.batch.verdict != batch.verdict || (step.batch.state == .refused && batch.state != .refused) {
            try await CreditClassStore.enqueue(db, [batch.enterpriseId], cause: "批次\(batch.number)：\(step.summary)")
        }
        if step.commitsRecheckList, let list = context.recheckList {
            let record = try await ListCommitmentStore.commit(db, list, recordId: batch.id, entity: "batch", entityId: batch.id, by: p.username,
                                                              actor: AuditActor(p))
            if let witness = context.recheckWitnessRegistration {
                try await WitnessRepository.consume(db, witness, commitmentHash: record.hash, at: list.committedAt)
            }
        }
        if let drawn = step.recheckDraw, let commitmentId = context.recheckCommitmentId {
            try await ListCommitmentStore.markDrawn(db, commitmentId, reveal: drawn.reveal, outcome: drawn.outcome, entity: "batch", entityId: batch.id,
                                                    by: p.username, actor: AuditActor(p), at: now)
            try await recordRecheckDraw(db, step.batch, commitmentId: commitmentId, reveal: drawn.reveal, outcome: drawn.outcome, by: p.username)
        }
        if step.publishes { try await PublicationStore.publish(db, step.batch, day: context.today, by: p.username) }
    }

    /// The plan line's season window, and the tasks of the enterprise's other counting batches sampled this year, by day.
    static func samplingFacts(_ db: any SQLDatabase, _ b: Batch) async throws -> (season: (start: Int, end: Int)?, tasks: [Day: Set<Int64>]) {
        let line = try await db.select().column(SQLColumn("season_start", table: "l")).column(SQLColumn("season_end", table: "l"))
            .from(SQLAlias(SQLIdentifier("tasks"), as: SQLIdentifier("t")))
            .join(SQLAlias(SQLIdentifier("plan_lines"), as: SQLIdentifier("l")), on: SQLColumn("plan_line_id", table: "t"), .equal, SQLColumn("id", table: "l"))
            .where(SQLColumn("id", table: "t"), .equal, SQLBind(b.taskId)).first()
        var season: (start: Int, end: Int)?
        if let start = try line?.decode(column: "season_start", as: Int?.self), let end = try line?.decode(column: "season_end", as: Int?.self) {
            season = (start, end)
        }
        var tasks: [Day: Set<Int64>] = [:]
        let modes = CheckMode.allCases.filter(\.countsTowardYearlyLimits).map(\.rawValue)
        for row in try await db.select().column("task_id").column("sampled_on").from("batches")
            .where("enterprise_id", .equal, b.enterpriseId).where("id", .notEqual, b.id).where("mode", .in, SQLBind.group(modes))
            .where("state", .notEqual, BatchState.cancelled.rawValue)
            .where("sampled_on", .greaterThanOrEqual, SQLBind("\(b.dueDate.year - 1)-01-01")).all() {
            guard let day = try row.decode(column: "sampled_on", as: String?.self).flatMap(Day.init) else { continue }
            tasks[day, default: []].insert(try row.decode(column: "task_id", as: Int64.self))
        }
        return (season, tasks)
    }

    /// The recheck agency's draw, kept like every draw (listed with the task's draws, checked by `pinzhi draw verify`).
    package static func recordRecheckDraw(_ db: any SQLDatabase, _ b: Batch, commitmentId: Int64, reveal: CommittedDraw.Reveal, outcome: ListDraw.Outcome,
                                          by user: String) async throws {
        let record = try await DrawRepository.insert(db, taskId: b.taskId, purpose: "recheck", batchId: b.id, seed: outcome.seed,
                                                     algorithm: CommittedDraw.algorithm, requestJSON: "{}", inputsJSON: "{}", hash: outcome.commitment.hash,
                                                     resultJSON: "{\"selected\":\(outcome.selectedIds.first ?? 0)}", reason: nil, by: user)
        try await db.update("draws").set("list_commitment_id", to: SQLBind(commitmentId)).set("public_value", to: SQLBind(reveal.publicValue))
            .set("public_source", to: SQLBind(reveal.publicSource)).set("witness_secret", to: SQLBind(reveal.witnessSecret))
            .set("result_text", to: SQLBind(outcome.resultText)).where("id", .equal, record.id).run()
    }
}
