import PinzhiDomain
import SQLKit

/// Takes one step of any kind in one transaction: the record read in scope, its version checked, the engine's
/// checks and outcome, the record written under a version guard, its event, its side effects and its audit row.
/// A refused step writes nothing; a second, concurrent step on the same version finds nothing to change.
public struct WorkflowStore<R: WorkflowRecords>: Sendable {
    public typealias K = R.Kind
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public func act(_ id: Int64, _ action: K.Action, input: [String: String], expectedVersion: Int, today: Day, as p: Principal,
                    seed: UInt64? = nil, rules: RuleSet? = nil, calendar: WorkingDayCalendar? = nil) async throws -> K.Record {
        let base = try await baseContext(today, rules: rules, calendar: calendar)
        return try await database.transaction { db in
            try await Self.act(db, id, action, input: input, expectedVersion: expectedVersion, as: p, base: base, seed: seed)
        }
    }

    /// The form of a step as the principal would take it now, with its first values: nil when the step is not open.
    public func form(_ record: K.Record, _ action: K.Action, today: Day, as p: Principal) async throws -> (fields: [FieldSpec], values: [String: String])? {
        guard Workflow<K>.available(p, record, today: today).contains(action) else { return nil }
        let base = try await baseContext(today)
        let context = try await database.session { db in
            try await R.context(db, record, action, base: base, by: p, taking: false, seed: nil)
        }
        let step = K.step(action)
        return (step.fields(record, context), step.defaults(record, today))
    }

    func baseContext(_ today: Day, rules: RuleSet? = nil, calendar: WorkingDayCalendar? = nil) async throws -> BasicContext {
        let rules = if let rules { rules } else { try await RuleRepository(database).effective(on: today) }
        let calendar = if let calendar { calendar } else { try await CalendarRepository(database).calendar() }
        return BasicContext(today: today, rules: rules, calendar: calendar)
    }

    /// One step inside the caller's transaction (an import takes many steps in one).
    static func act(_ db: any SQLDatabase, _ id: Int64, _ action: K.Action, input: [String: String], expectedVersion: Int,
                    as p: Principal, base: BasicContext, seed: UInt64?) async throws -> K.Record {
        guard let record = try await R.find(db, id, p) else { throw StoreError.notFound }
        // Someone who may not take the step learns that first, whatever version they name.
        guard Workflow<K>.isParty(p, K.step(action), record) else { throw StoreError.forbidden }
        guard K.version(of: record) == expectedVersion else { throw StoreError.staleVersion(current: K.version(of: record)) }
        let context = try await R.context(db, record, action, base: base, by: p, taking: true, seed: seed)
        let step: StepOutcome<K>
        switch Workflow<K>.apply(action, to: record, by: p, input: input, context: context) {
        case .success(let s): step = s
        case .failure(.forbidden): throw StoreError.forbidden
        case .failure(.wrongState(let text)): throw StoreError.conflict(text)
        case .failure(.invalid(let failure)): throw StoreError.invalid(failure)
        }
        let after = try await R.save(db, step, before: record)
        let now = Clock.nowText()
        try await WorkflowEvents.append(db, step, from: record, today: base.today, at: now, by: p, rulesVersion: base.rules.version)
        try await R.record(db, step, before: record, context: context, by: p, at: now)
        try await AuditLog.append(db, actor: AuditActor(p), action: action.rawValue, entity: K.name, entityId: id,
                                  summary: "\(K.title(of: record))：\(step.summary)", before: AuditLog.json(record), after: AuditLog.json(after))
        return after
    }
}

/// The row of a step's record written the same way for every kind with a plain table: its new state and the
/// columns the step changed, the version bumped, under a guard on the version and the state it was read in (a
/// concurrent second step finds nothing to change and is refused as stale).
enum WorkflowRows {
    static func update(_ db: any SQLDatabase, _ table: String, id: Int64, version: Int, from state: String, to next: String,
                       setting columns: [(String, SQLBind)]) async throws {
        var update = db.update(table).set("state", to: next)
        for (column, value) in columns { update = update.set(SQLIdentifier(column), to: value) }
        let row = try await update.set(SQLIdentifier("version"), to: SQLRaw("version + 1")).set("updated_at", to: Clock.nowText())
            .where("id", .equal, id).where("version", .equal, version).where("state", .equal, state).returning("id").first()
        guard row != nil else { throw StoreError.staleVersion(current: version) }
    }
}
