import PinzhiDomain
import SQLKit

/// A kind whose records may be written many at a time: its table and every column a step may change besides the
/// state, typed for the bulk UPDATE. The generator (`pinzhi generate`) records steps with WorkflowRowRecorder and
/// writes them through this; the live path stays WorkflowStore's, one step per transaction.
package protocol BulkWorkflowRecords: WorkflowRecords {
    static var table: String { get }
    static func stepColumns(_ record: Kind.Record) -> [(String, BulkUpdate.Kind, SQLBind)]
    /// The record with another version (as saving a step leaves it).
    static func withVersion(_ record: Kind.Record, _ version: Int) -> Kind.Record
    /// The side effects of many recorded steps, in the caller's transaction; by default each step's `record` in turn.
    static func recordAll(_ db: any SQLDatabase, _ steps: [RecordedStep<Kind>], at now: String) async throws
}

/// A step taken in memory, with what its side effects need.
package struct RecordedStep<K: WorkflowKind>: Sendable {
    package var step: StepOutcome<K>
    package var before: K.Record
    package var context: K.Context
    package var by: Principal
}

extension BulkWorkflowRecords {
    package static func recordAll(_ db: any SQLDatabase, _ steps: [RecordedStep<Kind>], at now: String) async throws {
        for s in steps { try await record(db, s.step, before: s.before, context: s.context, by: s.by, at: now) }
    }
}

/// Takes steps of one kind in memory with the engine, exactly as WorkflowStore would in the database, and writes
/// what they did in a few statements: each record's final row under a guard on the version it was read at, every
/// step's event, and each step's side effects through the kind's own `record` (the live path's code). The audit
/// is summarised by the caller, one row per write. For many records at once (BatchRowRecorder does the same for
/// batches, whose steps have more side effects).
// One recorder belongs to one generation pass: filled by its steps, then written once; never shared while mutated.
package final class WorkflowRowRecorder<R: BulkWorkflowRecords>: @unchecked Sendable {
    package typealias K = R.Kind
    /// A step's context on its day (the rules and calendar of the generation), for a caller that adds to it.
    package let context: (Day) -> K.Context
    private var events: [[any SQLExpression]] = []
    private var starts: [Int64: K.Record] = [:]
    private var finals: [Int64: (record: K.Record, steps: Int)] = [:]
    private var taken: [RecordedStep<K>] = []
    private let now = Clock.nowText()

    /// `context` gives a step's context on its day (the rules and calendar of the generation).
    package init(context: @escaping (Day) -> K.Context) {
        self.context = context
    }

    /// One step on the record as it now is; the record as the step leaves it (its version one more).
    package func take(_ action: K.Action, _ who: Principal, _ day: Day, _ input: [String: String], _ record: K.Record) throws -> K.Record {
        try take(action, who, input, record, context: context(day))
    }

    /// The same with a context the caller prepared (a step that chooses among records read from the database).
    package func take(_ action: K.Action, _ who: Principal, _ input: [String: String], _ record: K.Record, context: K.Context) throws -> K.Record {
        let id = K.id(of: record)
        if starts[id] == nil { starts[id] = record }
        let day = context.today
        let step: StepOutcome<K>
        switch Workflow<K>.apply(action, to: record, by: who, input: input, context: context) {
        case .success(let s): step = s
        case .failure(let refusal): throw StoreError.conflict("生成的步骤被流程拒绝：\(K.label) \(K.step(action).label) \(refusal)")
        }
        events.append(WorkflowEvents.row(step, from: record, today: day, at: now, by: who, rulesVersion: context.rules.version))
        taken.append(RecordedStep(step: step, before: record, context: context, by: who))
        finals[id] = (step.record, (finals[id]?.steps ?? 0) + 1)
        return R.withVersion(step.record, K.version(of: record) + 1)
    }

    package var stepCount: Int { events.count }
    package var recordCount: Int { starts.count }

    /// Writes everything recorded inside the caller's transaction, then forgets it; a record changed meanwhile
    /// refuses the whole write.
    package func write(_ db: any SQLDatabase) async throws {
        let ids = finals.keys.sorted()
        if let first = ids.first.flatMap({ finals[$0] }) {
            let extra = R.stepColumns(first.record)
            let columns = [("state", BulkUpdate.Kind.text)] + extra.map { ($0.0, $0.1) } + [("version", .bigint), ("updated_at", .text)]
            let rows: [[any SQLExpression]] = ids.map { id in
                let (record, steps) = finals[id]!
                let start = K.version(of: starts[id]!)
                let binds: [SQLBind] = [SQLBind(id), SQLBind(K.state(of: record).rawValue)] + R.stepColumns(record).map(\.2)
                    + [SQLBind(start + steps), SQLBind(now), SQLBind(start)]
                return binds
            }
            let changed = try await BulkUpdate.run(db, R.table, key: "id", columns: columns, rows: rows, expectingVersion: true)
            guard changed == ids.count else { throw StoreError.staleVersion(current: 0) }
        }
        try await BulkInsert.run(db, WorkflowEvents.table(K.self), WorkflowEvents.columns(K.self), events)
        try await R.recordAll(db, taken, at: now)
        events = []
        starts = [:]
        finals = [:]
        taken = []
    }
}

/// Steps recorded for a bulk write, of any kind: what a generator flushes together.
package protocol RecordedWrites: AnyObject, Sendable {
    var stepCount: Int { get }
    var recordCount: Int { get }
    func write(_ db: any SQLDatabase) async throws
}

extension WorkflowRowRecorder: RecordedWrites {}

extension PinzhiDatabase {
    /// Writes the recorders' steps in one transaction with one audit row saying how many records took how many steps
    /// (`summary(records, steps)`): a generator's audit trail is one row per write, each step keeping its event.
    package func write(_ recorders: [any RecordedWrites], entity: String, summary: (_ records: Int, _ steps: Int) -> String) async throws {
        let steps = recorders.reduce(0) { $0 + $1.stepCount }, records = recorders.reduce(0) { $0 + $1.recordCount }
        guard steps > 0 else { return }
        let text = summary(records, steps)
        try await transaction { db in
            for recorder in recorders { try await recorder.write(db) }
            _ = try await AuditLog.append(db, actor: .system("generate"), action: "generate", entity: entity, entityId: nil, summary: text)
        }
    }
}
