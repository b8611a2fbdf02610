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
         SQLBind(dataJSON(step.data)), SQLBind(rulesVersion)]
    }

    /// A step's input as a JSON object, keys sorted. Written by hand: JSONEncoder's generic path was a tenth of the
    /// generator's time (every step of millions writes one). Decoded with JSONDecoder like any JSON (`list`).
    static func dataJSON(_ data: [String: String]) -> String {
        var out = "{"
        for (n, key) in data.keys.sorted().enumerated() {
            if n > 0 { out += "," }
            appendJSONString(key, to: &out)
            out += ":"
            appendJSONString(data[key]!, to: &out)
        }
        return out + "}"
    }

    /// A JSON string literal (RFC 8259 §7): the quote, the backslash and the control characters escaped.
    static func appendJSONString(_ text: String, to out: inout String) {
        out += "\""
        var plain = true
        for unit in text.utf8 where unit < 0x20 || unit == 0x22 || unit == 0x5C {
            plain = false
            break
        }
        if plain {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
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
