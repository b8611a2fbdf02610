import Foundation
import PinzhiDomain
import SQLKit

/// The versioned rule parameters: read the version in force on a date; add a version with a reason. Versions are
/// never edited, and a new one may not take effect before today or before the latest one, so no past decision
/// changes its footing.
public struct RuleRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public func versions() async throws -> [RuleSet] {
        try await database.session { db in
            try await db.select().column("*").from("rule_versions").orderBy("version", .descending).all().map(Self.decode)
        }
    }

    public func effective(on day: Day) async throws -> RuleSet {
        // Read on most pages and changed a few times a year: kept until the next write.
        try await database.reads.value("rules|\(day)") {
            try await database.session { db in
                guard let row = try await db.select().column("*").from("rule_versions").where("effective_from", .lessThanOrEqual, day.description)
                    .orderBy("effective_from", .descending).limit(1).first() else { throw StoreError.internalError("没有生效的规则版本") }
                return try Self.decode(row)
            }
        }
    }

    public func create(values: [String: Double], effectiveFrom: Day, reason: String, today: Day, by principal: Principal) async throws -> RuleSet {
        guard AccessPolicy.canAdminister(principal.role) else { throw StoreError.forbidden }
        var errors = RuleSet.validate(values, reason: reason)
        if effectiveFrom < today { errors.append(FieldError("effectiveFrom", "生效日期不能早于今天（\(today)），已作出的决定不因参数调整而改变")) }
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        let json = String(decoding: try JSONEncoder.sorted.encode(values), as: UTF8.self)
        return try await database.transaction { db in
            let latest = try await db.select().column("*").from("rule_versions").orderBy("version", .descending).limit(1).first().map(Self.decode)
            if let latest, effectiveFrom <= latest.effectiveFrom {
                throw StoreError.invalid(ValidationFailure([FieldError("effectiveFrom", "生效日期须晚于最新版本（第\(latest.version)版，\(latest.effectiveFrom)起）")]))
            }
            let version = (latest?.version ?? 0) + 1
            let set = RuleSet(version: version, effectiveFrom: effectiveFrom, values: values, reason: reason, createdBy: principal.username)
            try await db.insert(into: "rule_versions").columns("version", "effective_from", "values_json", "reason", "created_by", "created_at")
                .values(SQLBind(version), SQLBind(effectiveFrom.description), SQLBind(json), SQLBind(reason), SQLBind(principal.username),
                        SQLBind(Clock.nowText())).run()
            let changed = RuleParameter.all.filter { latest?.value($0.key) != values[$0.key] }
                .map { "\($0.label) \(RuleSet.format(latest?.value($0.key) ?? 0))→\(RuleSet.format(values[$0.key] ?? 0))" }
            try await AuditLog.append(db, actor: AuditActor(principal), action: "create", entity: "rule_version", entityId: Int64(version),
                                      summary: "规则参数第\(version)版（\(effectiveFrom)起生效）：\(changed.joined(separator: "；"))。理由：\(reason)",
                                      before: AuditLog.json(latest), after: AuditLog.json(set))
            return set
        }
    }

    /// A parameter introduced after a version was written holds its default in that version.
    static func decode(_ row: any SQLRow) throws -> RuleSet {
        let json = try row.decode(column: "values_json", as: String.self)
        let stored = (try? JSONDecoder().decode([String: Double].self, from: Data(json.utf8))) ?? [:]
        return RuleSet(version: try row.decode(column: "version", as: Int.self),
                       effectiveFrom: Day(try row.decode(column: "effective_from", as: String.self)) ?? Day("2000-01-01")!,
                       values: RuleSet.defaults.merging(stored) { _, kept in kept },
                       reason: try row.decode(column: "reason", as: String.self),
                       createdBy: try row.decode(column: "created_by", as: String.self))
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
