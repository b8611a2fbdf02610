import PinzhiDomain
import SQLKit

/// How the store reads and writes the records of one workflow kind: the kind's repository conforms (BatchRepository,
/// PlanRepository, TaskRepository). WorkflowStore does the rest of a step the same way for every kind.
public protocol WorkflowRecords: Sendable {
    associatedtype Kind: WorkflowKind where Kind.Record: Encodable

    /// The record as the principal may see it (nil outside their scope), read on the transaction's connection.
    static func find(_ db: any SQLDatabase, _ id: Int64, _ p: Principal) async throws -> Kind.Record?

    /// The context of a step on the record. `taking` is false when only the form is shown: random draws and other
    /// preparations of a step happen only when it is taken.
    static func context(_ db: any SQLDatabase, _ record: Kind.Record, _ action: Kind.Action, base: BasicContext, by p: Principal,
                        taking: Bool, seed: UInt64?) async throws -> Kind.Context

    /// Writes the record as the step left it, refusing if its version moved since it was read; returns it as saved.
    static func save(_ db: any SQLDatabase, _ step: StepOutcome<Kind>, before: Kind.Record) async throws -> Kind.Record

    /// Writes the step's side effects (results, leads, draws, publications…) in the same transaction.
    static func record(_ db: any SQLDatabase, _ step: StepOutcome<Kind>, before: Kind.Record, context: Kind.Context, by p: Principal,
                       at now: String) async throws
}

extension WorkflowRecords where Kind.Context == BasicContext {
    public static func context(_ db: any SQLDatabase, _ record: Kind.Record, _ action: Kind.Action, base: BasicContext, by p: Principal,
                               taking: Bool, seed: UInt64?) async throws -> BasicContext { base }
}

extension WorkflowRecords where Kind.Effects == NoEffects {
    public static func record(_ db: any SQLDatabase, _ step: StepOutcome<Kind>, before: Kind.Record, context: Kind.Context, by p: Principal,
                              at now: String) async throws {}
}
