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
        // The recheck agency is drawn when the objection is accepted, never the first agency (004 §十六).
        if action == .acceptObjection, taking {
            let drawSeed = seed ?? UInt64.random(in: 1...UInt64.max)
            let qualified = try await qualifiedAgencies(db, batch)
            if let chosen = RecheckAgencyDraw.run(seed: drawSeed, qualified: qualified, firstAgency: batch.agencyId) {
                let name = try await db.select().column("name").from("agencies").where("id", .equal, chosen).first()?.decode(column: "name", as: String.self) ?? ""
                context.recheckAgency = (chosen, name)
                context.recheckSeed = drawSeed
                context.recheckPool = qualified
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
        if let seed = context.recheckSeed, let chosen = step.batch.recheckAgencyId {
            try await recordRecheckDraw(db, step.batch, seed: seed, qualified: context.recheckPool, chosen: chosen, by: p.username)
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

    /// The recheck agency's draw, kept like every draw so that it can be recomputed.
    package static func recordRecheckDraw(_ db: any SQLDatabase, _ b: Batch, seed: UInt64, qualified: [Int64], chosen: Int64, by user: String) async throws {
        let inputs = "{\"qualified\":[\(qualified.sorted().map(String.init).joined(separator: ","))],\"first\":\(b.agencyId)}"
        _ = try await DrawRepository.insert(db, taskId: b.taskId, purpose: "recheck", batchId: b.id, seed: seed,
                                            algorithm: RecheckAgencyDraw.algorithm, requestJSON: "{}", inputsJSON: inputs,
                                            hash: Hashing.sha256(inputs), resultJSON: "{\"selected\":\(chosen)}", reason: nil, by: user)
    }
}
