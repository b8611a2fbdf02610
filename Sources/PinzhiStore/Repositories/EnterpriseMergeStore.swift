import Foundation
import PinzhiDomain
import SQLKit

/// Merges a duplicate enterprise into the record that stays, and undoes a merge (SPEC MD-1; EnterpriseMerge for the
/// rules). Each runs in one transaction with its merge record and an audit row on each of the two enterprises, whose
/// histories both stay readable. Draws keep their stored inputs as they were: a draw is evidence of what was drawn.
public struct EnterpriseMergeStore: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// A table that names an enterprise, by id or by code. `unique` are the other columns of a unique key with the
    /// enterprise column: a row whose key the survivor already has stays with the merged record.
    struct Reference: Sendable {
        let table: String
        let column: String
        let label: String
        var unique: [String] = []
        var byCode = false
    }

    /// Every reference to an enterprise in the schema (MigrationTests checks that none is missing).
    static let references: [Reference] = [
        .init(table: "batches", column: "enterprise_id", label: "抽查批次"),
        .init(table: "enterprise_products", column: "enterprise_id", label: "生产销售的产品", unique: ["product_id", "stage"]),
        .init(table: "national_checks", column: "enterprise_id", label: "国家抽查记录", unique: ["year", "product_id"]),
        .init(table: "national_plan_entries", column: "enterprise_uscc", label: "国家抽查计划", unique: ["year", "product_id"], byCode: true),
        .init(table: "licences", column: "enterprise_id", label: "许可证与CCC证书"),
        .init(table: "risk_items", column: "enterprise_id", label: "风险信息"),
        .init(table: "monitoring_batches", column: "enterprise_id", label: "风险监测样品"),
        .init(table: "leads", column: "enterprise_id", label: "案源线索"),
        .init(table: "cases", column: "enterprise_id", label: "案件"),
        .init(table: "letters", column: "enterprise_id", label: "三书一函"),
        .init(table: "issuer_notices", column: "enterprise_id", label: "发证机关通报"),
        .init(table: "assistance_cases", column: "enterprise_id", label: "质量技术帮扶"),
        .init(table: "assistance_targets", column: "enterprise_id", label: "帮扶对象名单", unique: ["year"]),
        .init(table: "assistance_clusters", column: "leader_id", label: "集聚区牵头企业"),
        .init(table: "campaign_self_inspections", column: "enterprise_id", label: "专项行动自查", unique: ["campaign_id"]),
        .init(table: "campaign_inspections", column: "enterprise_id", label: "专项行动检查"),
        .init(table: "problem_items", column: "enterprise_id", label: "问题清单"),
        .init(table: "safety_officers", column: "enterprise_id", label: "质量安全管理人员"),
        .init(table: "officer_assessment_items", column: "enterprise_id", label: "安全员考核记录"),
        .init(table: "routine_records", column: "enterprise_id", label: "日管控周排查月调度记录", unique: ["kind", "period"]),
        .init(table: "risk_controls", column: "enterprise_id", label: "风险管控清单"),
        .init(table: "credit_classes", column: "enterprise_id", label: "信用风险分类记录"),
        .init(table: "expert_conflicts", column: "enterprise_uscc", label: "专家回避", unique: ["expert_id"], byCode: true),
        .init(table: "accounts", column: "enterprise_id", label: "企业用户账号"),
    ]

    /// Assistance activities list their enterprises in one text column (",3,17,"): the id is replaced in the text.
    static let activityList = (table: "assistance_activities", column: "enterprise_ids", label: "帮扶活动参加企业")

    static func label(_ table: String) -> String {
        table == activityList.table ? activityList.label : references.first { $0.table == table }?.label ?? table
    }

    // MARK: Reading

    /// What names each of two enterprises, table by table, for the side-by-side comparison before a merge.
    public struct Comparison: Sendable {
        public var merged: Enterprise
        public var survivor: Enterprise
        public var counts: [(label: String, merged: Int, survivor: Int)]
    }

    public func comparison(merged mergedId: Int64, survivor survivorId: Int64) async throws -> Comparison? {
        try await database.session { db in
            guard let merged = try await Self.enterprise(db, mergedId), let survivor = try await Self.enterprise(db, survivorId) else { return nil }
            var counts: [(label: String, merged: Int, survivor: Int)] = []
            for reference in Self.references {
                let m = try await Self.count(db, reference, merged), s = try await Self.count(db, reference, survivor)
                if m + s > 0 { counts.append((reference.label, m, s)) }
            }
            let m = try await Self.listed(db, mergedId).count, s = try await Self.listed(db, survivorId).count
            if m + s > 0 { counts.append((Self.activityList.label, m, s)) }
            return Comparison(merged: merged, survivor: survivor, counts: counts)
        }
    }

    /// The merges and undos an enterprise took part in (merged or staying), newest first, with whether each merge has
    /// been undone.
    public func history(of enterpriseId: Int64) async throws -> [(merge: EnterpriseMerge, undone: Bool)] {
        try await database.session { db in
            let rows = try await db.select().column("*").from("enterprise_merges")
                .where("merged_id", .equal, SQLBind(enterpriseId)).orWhere("survivor_id", .equal, SQLBind(enterpriseId))
                .orderBy("id", .descending).limit(200).all()
            let merges = try rows.map(Self.decode)
            let undone = Set(merges.compactMap(\.undoes))
            return merges.map { ($0, undone.contains($0.id)) }
        }
    }

    /// The enterprise whose code this is, or whose id this is: how a person names the record that stays.
    public func find(codeOrId: String) async throws -> Enterprise? {
        let text = codeOrId.trimmingCharacters(in: .whitespaces).uppercased()
        return try await database.session { db in
            if let row = try await db.select().column("*").from("enterprises").where("uscc", .equal, SQLBind(text)).first() {
                return try row.decode(model: Enterprise.self, keyDecodingStrategy: .convertFromSnakeCase)
            }
            guard let id = Int64(text) else { return nil }
            return try await Self.enterprise(db, id)
        }
    }

    // MARK: Writing

    /// Merges `mergedId` into `survivorId`; the merge record. Refused with the rule's messages (StoreError.invalid).
    public func merge(_ mergedId: Int64, into survivorId: Int64, reason: String, actor: AuditActor) async throws -> EnterpriseMerge {
        try await database.transaction { db in
            let merged = try await Self.enterprise(db, mergedId), survivor = try await Self.enterprise(db, survivorId)
            let errors = EnterpriseMerge.check(merged: merged, survivor: survivor, reason: reason)
            guard errors.isEmpty, let merged, let survivor else { throw StoreError.invalid(ValidationFailure(errors)) }
            var record = EnterpriseMerge()
            record.kind = .merge
            record.mergedId = merged.id
            record.survivorId = survivor.id
            record.reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            record.mergedWasActive = merged.active
            // The moved checks and risk items count under the survivor's cluster from now on.
            try await EnterpriseRollupShare.withdraw(db, [merged.id, survivor.id])
            for reference in Self.references {
                let (moved, kept) = try await Self.move(db, reference, from: merged, to: survivor)
                if !moved.isEmpty { record.moved[reference.table] = moved }
                if kept > 0 { record.kept[reference.table] = kept }
            }
            let listed = try await Self.listed(db, merged.id)
            for (id, text) in listed {
                try await db.update(Self.activityList.table).set(SQLIdentifier(Self.activityList.column), to: SQLBind(Self.replace(merged.id, with: survivor.id, in: text)))
                    .where("id", .equal, SQLBind(id)).run()
            }
            if !listed.isEmpty { record.moved[Self.activityList.table] = listed.map(\.id) }
            // The original lists, so that the undo restores them exactly even where the survivor was listed too.
            record.lists = Dictionary(uniqueKeysWithValues: listed.map { (String($0.id), $0.text) })
            try await Self.point(db, merged, to: survivor.id, active: false)
            try await EnterpriseRollupShare.restore(db, [merged.id, survivor.id])
            let saved = try await Self.insert(db, record, by: actor.name)
            let summary = Self.summary(saved)
            try await AuditLog.append(db, actor: actor, action: "merge", entity: RecordKind.enterprise.rawValue, entityId: merged.id,
                                      summary: "合并到企业\(survivor.name)（\(survivor.uscc)，编号\(survivor.id)）：\(summary)；原因：\(saved.reason)",
                                      before: AuditLog.json(merged), after: AuditLog.json(try await Self.enterprise(db, merged.id)))
            try await AuditLog.append(db, actor: actor, action: "merge", entity: RecordKind.enterprise.rawValue, entityId: survivor.id,
                                      summary: "并入企业\(merged.name)（\(merged.uscc)，编号\(merged.id)）：\(summary)；原因：\(saved.reason)")
            // The survivor's class now rests on both records' history (RK-3).
            try await CreditClassStore.enqueue(db, [survivor.id], cause: "合并企业")
            return saved
        }
    }

    /// Undoes the latest merge of `mergedId`: the moved rows go back, the merged record is restored; a new record.
    public func undo(_ mergedId: Int64, reason: String, actor: AuditActor) async throws -> EnterpriseMerge {
        try await database.transaction { db in
            let rows = try await db.select().column("*").from("enterprise_merges").where("merged_id", .equal, SQLBind(mergedId))
                .where("kind", .equal, SQLBind(EnterpriseMerge.Kind.merge.rawValue)).orderBy("id", .descending).limit(1).all()
            guard let merge = try rows.first.map(Self.decode) else {
                throw StoreError.invalid(ValidationFailure([FieldError("mergeId", "该企业没有合并记录，无需撤销")]))
            }
            let undone = try await db.select().column("id").from("enterprise_merges").where("undoes", .equal, SQLBind(merge.id)).first() != nil
            let merged = try await Self.enterprise(db, merge.mergedId), survivor = try await Self.enterprise(db, merge.survivorId)
            let errors = EnterpriseMerge.checkUndo(merge, undoneAlready: undone, merged: merged, survivor: survivor, reason: reason)
            guard errors.isEmpty, let merged, let survivor else { throw StoreError.invalid(ValidationFailure(errors)) }
            var record = EnterpriseMerge()
            record.kind = .undo
            record.undoes = merge.id
            record.mergedId = merged.id
            record.survivorId = survivor.id
            record.reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
            record.mergedWasActive = merge.mergedWasActive
            try await EnterpriseRollupShare.withdraw(db, [merged.id, survivor.id])
            for reference in Self.references {
                guard let ids = merge.moved[reference.table], !ids.isEmpty else { continue }
                let from = SQLBind(Self.key(reference, survivor)), to = SQLBind(Self.key(reference, merged))
                var back: [Int64] = []
                for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                    // Only rows that still name the survivor: one re-pointed since by a person stays as they left it.
                    let moved = try await db.update(reference.table).set(SQLIdentifier(reference.column), to: to)
                        .where("id", .in, SQLBind.group(chunk)).where(SQLIdentifier(reference.column), .equal, from)
                        .returning("id").all()
                    back += try moved.map { try $0.decode(column: "id", as: Int64.self) }
                }
                if !back.isEmpty { record.moved[reference.table] = back.sorted() }
            }
            for (key, text) in merge.lists {
                guard let id = Int64(key) else { continue }
                try await db.update(Self.activityList.table).set(SQLIdentifier(Self.activityList.column), to: SQLBind(text)).where("id", .equal, SQLBind(id)).run()
            }
            if !merge.lists.isEmpty { record.moved[Self.activityList.table] = merge.lists.keys.compactMap { Int64($0) }.sorted() }
            try await Self.point(db, merged, to: nil, active: merge.mergedWasActive)
            try await EnterpriseRollupShare.restore(db, [merged.id, survivor.id])
            let saved = try await Self.insert(db, record, by: actor.name)
            let summary = Self.summary(saved).replacingOccurrences(of: "移动", with: "移回")
            try await AuditLog.append(db, actor: actor, action: "unmerge", entity: RecordKind.enterprise.rawValue, entityId: merged.id,
                                      summary: "撤销合并到企业\(survivor.name)（编号\(survivor.id)）：\(summary)；原因：\(saved.reason)",
                                      before: AuditLog.json(merged), after: AuditLog.json(try await Self.enterprise(db, merged.id)))
            try await AuditLog.append(db, actor: actor, action: "unmerge", entity: RecordKind.enterprise.rawValue, entityId: survivor.id,
                                      summary: "撤销企业\(merged.name)（编号\(merged.id)）的并入：\(summary)；原因：\(saved.reason)")
            try await CreditClassStore.enqueue(db, [survivor.id, merged.id], cause: "撤销合并")
            return saved
        }
    }

    // MARK: Pieces

    static func enterprise(_ db: any SQLDatabase, _ id: Int64) async throws -> Enterprise? {
        try await db.select().column("*").from("enterprises").where("id", .equal, SQLBind(id)).first()
            .map { try $0.decode(model: Enterprise.self, keyDecodingStrategy: .convertFromSnakeCase) }
    }

    static func key(_ reference: Reference, _ enterprise: Enterprise) -> any Encodable & Sendable {
        reference.byCode ? enterprise.uscc : enterprise.id
    }

    static func count(_ db: any SQLDatabase, _ reference: Reference, _ enterprise: Enterprise) async throws -> Int {
        try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(reference.table)
            .where(SQLIdentifier(reference.column), .equal, SQLBind(key(reference, enterprise))).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Moves the rows naming `merged` to `survivor`, except those whose unique key the survivor has already.
    static func move(_ db: any SQLDatabase, _ reference: Reference, from merged: Enterprise, to survivor: Enterprise) async throws -> (moved: [Int64], kept: Int) {
        let from = SQLBind(key(reference, merged)), to = SQLBind(key(reference, survivor))
        // Table and column names are this file's constants, never input.
        let (table, column) = (reference.table, reference.column)
        var query: SQLQueryString = "SELECT t.id FROM \(unsafeRaw: table) t WHERE t.\(unsafeRaw: column) = \(from)"
        if !reference.unique.isEmpty {
            let same = reference.unique.map { "s.\($0) = t.\($0)" }.joined(separator: " AND ")
            query = query + " AND NOT EXISTS (SELECT 1 FROM \(unsafeRaw: table) s WHERE s.\(unsafeRaw: column) = \(to) AND \(unsafeRaw: same))"
        }
        let ids = try await db.raw(query + " ORDER BY t.id").all().map { try $0.decode(column: "id", as: Int64.self) }
        let total = try await count(db, reference, merged)
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            try await db.update(table).set(SQLIdentifier(column), to: to).where("id", .in, SQLBind.group(chunk)).run()
        }
        return (ids, total - ids.count)
    }

    /// The assistance activities that list the enterprise, with their lists as stored.
    static func listed(_ db: any SQLDatabase, _ id: Int64) async throws -> [(id: Int64, text: String)] {
        try await db.select().column("id").column(SQLIdentifier(activityList.column)).from(activityList.table)
            .where(SQLIdentifier(activityList.column), .like, SQLBind("%,\(id),%")).all()
            .map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: activityList.column, as: String.self)) }
    }

    /// ",3,17," with 3 replaced by 9, or dropped when 9 is listed already.
    static func replace(_ old: Int64, with new: Int64, in text: String) -> String {
        let ids = text.split(separator: ",").map(String.init)
        var out: [String] = []
        for id in ids.map({ $0 == String(old) ? String(new) : $0 }) where !out.contains(id) { out.append(id) }
        return "," + out.joined(separator: ",") + ","
    }

    /// Sets where the merged record points and whether it is active, as a new version of it.
    static func point(_ db: any SQLDatabase, _ enterprise: Enterprise, to survivor: Int64?, active: Bool) async throws {
        let row = try await db.update("enterprises").set(SQLIdentifier("merged_into"), to: SQLBind(survivor)).set(SQLIdentifier("active"), to: SQLBind(active))
            .set(SQLIdentifier("version"), to: SQLRaw("version + 1")).set(SQLIdentifier("updated_at"), to: SQLBind(Clock.nowText()))
            .where("id", .equal, SQLBind(enterprise.id)).where("version", .equal, SQLBind(enterprise.version)).returning("id").first()
        guard row != nil else { throw StoreError.staleVersion(current: enterprise.version) }
    }

    static func insert(_ db: any SQLDatabase, _ record: EnterpriseMerge, by: String) async throws -> EnterpriseMerge {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let now = Clock.nowText()
        let moved = String(decoding: try encoder.encode(MovedRows(rows: record.moved, lists: record.lists)), as: UTF8.self)
        let kept = String(decoding: try encoder.encode(record.kept), as: UTF8.self)
        let row = try await db.insert(into: "enterprise_merges")
            .columns("kind", "merged_id", "survivor_id", "undoes", "reason", "moved_json", "kept_json", "merged_was_active", "created_by", "created_at")
            .values(SQLBind(record.kind.rawValue), SQLBind(record.mergedId), SQLBind(record.survivorId), SQLBind(record.undoes), SQLBind(record.reason),
                    SQLBind(moved), SQLBind(kept), SQLBind(record.mergedWasActive), SQLBind(by), SQLBind(now))
            .returning("id").first()
        var saved = record
        saved.id = try row?.decode(column: "id", as: Int64.self) ?? 0
        saved.by = by
        saved.at = now
        return saved
    }

    struct MovedRows: Codable {
        var rows: [String: [Int64]]
        var lists: [String: String]
    }

    static func decode(_ row: any SQLRow) throws -> EnterpriseMerge {
        var m = EnterpriseMerge()
        m.id = try row.decode(column: "id", as: Int64.self)
        m.kind = EnterpriseMerge.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .merge
        m.mergedId = try row.decode(column: "merged_id", as: Int64.self)
        m.survivorId = try row.decode(column: "survivor_id", as: Int64.self)
        m.undoes = try row.decode(column: "undoes", as: Int64?.self)
        m.reason = try row.decode(column: "reason", as: String.self)
        let moved = try JSONDecoder().decode(MovedRows.self, from: Data(try row.decode(column: "moved_json", as: String.self).utf8))
        m.moved = moved.rows
        m.lists = moved.lists
        m.kept = try JSONDecoder().decode([String: Int].self, from: Data(try row.decode(column: "kept_json", as: String.self).utf8))
        m.mergedWasActive = try row.decode(column: "merged_was_active", as: Bool.self)
        m.by = try row.decode(column: "created_by", as: String.self)
        m.at = try row.decode(column: "created_at", as: String.self)
        return m
    }

    /// What moved and what stayed, in words.
    public static func summary(_ merge: EnterpriseMerge) -> String {
        EnterpriseMerge.summary(moved: merge.moved.sorted { $0.key < $1.key }.map { (label($0.key), $0.value.count) },
                                kept: merge.kept.sorted { $0.key < $1.key }.map { (label($0.key), $0.value) })
    }
}
