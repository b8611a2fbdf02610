import Foundation
import PinzhiDomain
import SQLKit

/// One step on a record's timeline, whatever the kind: what was done, from which state to which, by whom, with what
/// input and under which rules version. A kind's events live in `<kind>_events` (batch_events, plan_events …).
public struct WorkflowEvent: Sendable, Codable, Equatable {
    public var id: Int64
    public var action: String
    public var fromState: String
    public var toState: String
    public var day: String
    public var at: String
    public var actorName: String
    public var actorRole: String
    public var summary: String
    public var data: [String: String]
    public var rulesVersion: Int
}

public typealias BatchEvent = WorkflowEvent

/// The timeline table of each kind, written and read the same way for all.
public enum WorkflowEvents {
    static func table<K: WorkflowKind>(_ kind: K.Type) -> String { "\(K.name)_events" }

    package static func columns<K: WorkflowKind>(_ kind: K.Type) -> [String] {
        ["\(K.name)_id", "action", "from_state", "to_state", "day", "at", "actor_name", "actor_role", "summary", "data_json", "rules_version"]
    }

    package static func row<K: WorkflowKind>(_ step: StepOutcome<K>, from record: K.Record, today: Day, at now: String, by p: Principal,
                                     rulesVersion: Int) -> [any SQLExpression] {
        [SQLBind(K.id(of: record)), SQLBind(step.action.rawValue), SQLBind(step.from.rawValue), SQLBind(step.to.rawValue),
         SQLBind(today.description), SQLBind(now), SQLBind(p.displayName), SQLBind(p.role.label), SQLBind(step.summary),
         SQLBind(AuditLog.json(step.data) ?? "{}"), SQLBind(rulesVersion)]
    }

    static func append<K: WorkflowKind>(_ db: any SQLDatabase, _ step: StepOutcome<K>, from record: K.Record, today: Day, at now: String,
                                        by p: Principal, rulesVersion: Int) async throws {
        try await db.insert(into: table(K.self)).columns(columns(K.self))
            .values(row(step, from: record, today: today, at: now, by: p, rulesVersion: rulesVersion)).run()
    }

    /// A record's timeline, oldest first.
    public static func list<K: WorkflowKind>(_ database: PinzhiDatabase, _ kind: K.Type, id: Int64) async throws -> [WorkflowEvent] {
        try await database.session { db in
            try await db.select().column("*").from(table(K.self)).where("\(K.name)_id", .equal, id).orderBy("id").all().map { row in
                WorkflowEvent(id: try row.decode(column: "id", as: Int64.self), action: try row.decode(column: "action", as: String.self),
                              fromState: try row.decode(column: "from_state", as: String.self), toState: try row.decode(column: "to_state", as: String.self),
                              day: try row.decode(column: "day", as: String.self), at: try row.decode(column: "at", as: String.self),
                              actorName: try row.decode(column: "actor_name", as: String.self), actorRole: try row.decode(column: "actor_role", as: String.self),
                              summary: try row.decode(column: "summary", as: String.self),
                              data: (try? JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "data_json", as: String.self).utf8))) ?? [:],
                              rulesVersion: try row.decode(column: "rules_version", as: Int.self))
            }
        }
    }
}
