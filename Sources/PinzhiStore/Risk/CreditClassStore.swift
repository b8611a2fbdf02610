import Foundation
import PinzhiDomain
import SQLKit

/// Computed credit risk classes (SPEC RK-3): the model's facts counted for a set of enterprises with one query per
/// input, the class written to `enterprises.credit_class` (which the draw weights by) and every change kept in
/// `credit_classes` with its facts, points and reasons. What changes an input (a batch's verdict or refusal, a
/// product's grade, a case, a graded complaint) queues the enterprise in its transaction; `processQueue` recomputes
/// them right after; `recomputeAll` recomputes everyone (the daily job, and the first start after the migration,
/// which turns the typed classes into computed ones).
public struct CreditClassStore: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// One computation that changed a class (or the first).
    public struct Change: Sendable, Codable, Equatable {
        public var id: Int64
        public var creditClass: CreditClass
        public var previous: String?
        public var total: Int
        public var staticPoints: Int
        public var dynamicPoints: Int
        public var creditPoints: Int
        public var reasons: [String]
        public var cause: String
        public var day: Day
    }

    // MARK: Facts

    /// A column compared as an expression, so that no index on it is used: a chunk's reads go by the enterprise index
    /// (400 enterprises at a time), and everyone's are one pass over the table. Without statistics SQLite preferred
    /// the index on `verdict` or `state` and read every failed or refused batch of the city for each chunk — a daily
    /// recompute of a million enterprises took a minute.
    static func byEnterprise(_ column: String) -> any SQLExpression { SQLRaw("(\(column) || '')") }

    /// Whose facts are read: a chunk of enterprises, by the enterprise index; or everyone, in one pass over each table.
    /// Read a chunk at a time, a million enterprises' batches were a random read each (156 s on PostgreSQL at L).
    enum Scope: Sendable {
        case enterprises([Int64])
        case everyone

        func only(_ query: SQLSelectBuilder, _ column: any SQLExpression = SQLIdentifier("enterprise_id")) -> SQLSelectBuilder {
            switch self {
            case .enterprises(let ids): query.where(column, .in, SQLBind.group(ids))
            case .everyone: query.where(column, .isNot, SQLLiteral.null) // a complaint or a case may name no enterprise
            }
        }
    }

    /// The model's facts of each enterprise on `today`: every enterprise of a chunk; for everyone, those with a fact
    /// (the others' are `CreditFacts()`).
    static func facts(_ db: any SQLDatabase, _ scope: Scope, today: Day, rules: RuleSet) async throws -> [Int64: CreditFacts] {
        var facts: [Int64: CreditFacts] = [:]
        if case .enterprises(let ids) = scope {
            guard !ids.isEmpty else { return facts }
            for id in ids { facts[id] = CreditFacts() }
        }
        let since = ProductGrade.windowStart(today, months: 12 * rules.int("creditDynamicYears")).description
        let recent = ProductGrade.windowStart(today, months: rules.int("creditRefusalFloorMonths")).description
        @Sendable func id(_ row: any SQLRow) throws -> Int64 { try row.decode(column: "enterprise_id", as: Int64.self) }
        // The products it makes and each product's grade changes (the override where one stands).
        let links = try await scope.only(db.select().columns("enterprise_id", "product_id").from("enterprise_products"))
            .where("active", .equal, SQLBind(true))
            .all { row in (enterprise: try id(row), product: try row.decode(column: "product_id", as: Int64.self)) }
        var grades: [Int64: ProductRiskLevel] = [:]
        if !links.isEmpty {
            var history = db.select().column("*").from("product_grades")
            if case .enterprises = scope { history = history.where("product_id", .in, SQLBind.group(Array(Set(links.map(\.product))))) }
            let rows = try await history.orderBy("id").all()
            let changes = try Dictionary(grouping: rows, by: { try $0.decode(column: "product_id", as: Int64.self) }).mapValues { rows in
                try rows.map(ProductGradeStore.decode)
            }
            for (product, history) in changes { grades[product] = ProductGradeStore.Current(history).effective }
        }
        for link in links {
            guard let level = grades[link.product] else { continue }
            facts[link.enterprise, default: CreditFacts()].highestGrade = max(facts[link.enterprise]?.highestGrade ?? level, level)
        }
        // The batches that count — failed in the window, refused in it, or ordered to rectify and past the deadline —
        // in one read: each batch row is fetched once for all three (by the enterprise index, a random read per batch,
        // which was most of a million enterprises' recompute when each condition read them again). A batch may count
        // under more than one condition (a failure ordered to rectify), as each condition is counted on its own.
        let (fail, refused, ordered, due) = (ItemVerdict.fail.rawValue, BatchState.refused.rawValue, BatchState.ordered.rawValue, today.description)
        let counted = try await scope.only(db.select().columns("enterprise_id", "verdict", "serious", "reported_on", "state", "state_since", "rectification_deadline")
            .from("batches"))
            .where { $0.where { $0.where(byEnterprise("verdict"), .equal, SQLBind(fail)).where("reported_on", .greaterThanOrEqual, SQLBind(since)) }
                .orWhere { $0.where(byEnterprise("state"), .equal, SQLBind(refused)).where("state_since", .greaterThanOrEqual, SQLBind(since)) }
                .orWhere { $0.where(byEnterprise("state"), .equal, SQLBind(ordered)).where("rectification_deadline", .lessThan, SQLBind(due)) } }
            .all { row in
                (enterprise: try id(row), state: try row.decode(column: "state", as: String.self), verdict: try row.decode(column: "verdict", as: String?.self),
                 serious: try row.decode(column: "serious", as: Bool.self), reportedOn: try row.decode(column: "reported_on", as: String?.self),
                 since: try row.decode(column: "state_since", as: String?.self), deadline: try row.decode(column: "rectification_deadline", as: String?.self))
            }
        for row in counted {
            let e = row.enterprise
            if row.verdict == fail, let on = row.reportedOn, on >= since {
                if row.serious { facts[e, default: CreditFacts()].seriousFailures += 1 } else { facts[e, default: CreditFacts()].otherFailures += 1 }
            }
            if row.state == refused, let on = row.since, on >= since {
                facts[e, default: CreditFacts()].refusals += 1
                if on >= recent { facts[e, default: CreditFacts()].recentRefusals += 1 }
            }
            if row.state == ordered, let deadline = row.deadline, deadline < due {
                facts[e, default: CreditFacts()].overdueRectifications += 1
            }
        }
        for e in try await scope.only(db.select().column("enterprise_id").from("cases")).where("filed_on", .greaterThanOrEqual, SQLBind(since)).all(decoding: id) {
            facts[e, default: CreditFacts()].cases += 1
        }
        // A problem-list item counts while it is listed and not yet cleared (a lead still being verified does not).
        for e in try await scope.only(db.select().column("enterprise_id").from("problem_items"))
            .where("state", .in, SQLBind.group([ProblemState.listed, .rectifying, .awaitingClosure].map(\.rawValue))).all(decoding: id) {
            facts[e, default: CreditFacts()].openProblemItems += 1
        }
        // A complaint counts once the city has graded it (verified), unless it was not adopted.
        for e in try await scope.only(db.select().column("enterprise_id").from("risk_items"))
            .where("source", .equal, SQLBind(RiskSource.complaint.rawValue))
            .where(byEnterprise("state"), .in, SQLBind.group([RiskItemState.graded, .handling, .handled].map(\.rawValue)))
            .where("reported_on", .greaterThanOrEqual, SQLBind(since)).all(decoding: id) {
            facts[e, default: CreditFacts()].verifiedComplaints += 1
        }
        // The officer duty (OfficerDuty): enterprises in its scope without the roles their size requires.
        let inDuty = try await scope.only(db.select().columns("id", "scale").from(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e"))),
                                          SQLColumn("id", table: "e"))
            .where(OfficerStaffing.inDuty)
            .all { row in (id: try row.decode(column: "id", as: Int64.self), scale: EnterpriseScale(rawValue: try row.decode(column: "scale", as: String.self)) ?? .small) }
        if !inDuty.isEmpty {
            let roles = try await scope.only(db.select().columns("enterprise_id", "role").from("safety_officers"))
                .where("state", .notEqual, SQLBind(OfficerState.dismissed.rawValue))
                .fold(into: [Int64: [OfficerRole]]()) { m, r in
                    if let role = OfficerRole(rawValue: try r.decode(column: "role", as: String.self)) { m[try id(r), default: []].append(role) }
                }
            for e in inDuty where !OfficerDuty.missing(scale: e.scale, active: roles[e.id] ?? []).isEmpty {
                facts[e.id, default: CreditFacts()].missingOfficer = true
            }
        }
        return facts
    }

    // MARK: The queue

    /// Queues enterprises whose inputs a step changed, in the step's transaction. Only an insert: the recomputation,
    /// which updates enterprise rows, runs after the step in its own transaction (`processQueue`), so a step never
    /// holds the audit chain's head while it waits for an enterprise row another step holds (a deadlock on PostgreSQL).
    package static func enqueue(_ db: any SQLDatabase, _ ids: [Int64], cause: String) async throws {
        try await enqueue(db, Set(ids).sorted().map { ($0, cause) })
    }

    /// Queues enterprises each with its own cause, in few statements (a generator's thousands of filings).
    package static func enqueue(_ db: any SQLDatabase, _ entries: [(enterpriseId: Int64, cause: String)]) async throws {
        let now = Clock.nowText()
        try await BulkInsert.run(db, "credit_queue", ["enterprise_id", "cause", "queued_at"],
                                 entries.map { [SQLBind($0.enterpriseId), SQLBind($0.cause), SQLBind(now)] })
    }

    /// Queues the enterprises that make a product (a change of its grade moves their static part).
    package static func enqueue(_ db: any SQLDatabase, makersOf productId: Int64, cause: String) async throws {
        try await db.raw("""
            INSERT INTO credit_queue (enterprise_id, cause, queued_at) SELECT DISTINCT enterprise_id, \(bind: cause), \(bind: Clock.nowText()) \
            FROM enterprise_products WHERE product_id = \(bind: productId)
            """).run()
    }

    /// Queues every active enterprise not queued yet, with `cause`: after a bulk load that wrote verdicts without
    /// queuing (`pinzhi generate`), one pass of the queue then recomputes everyone, each queued enterprise keeping
    /// the cause it was queued with, instead of the queue and then `recomputeAll` reading every enterprise's facts twice.
    package func enqueueEveryone(cause: String) async throws {
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO credit_queue (enterprise_id, cause, queued_at) SELECT id, \(bind: cause), \(bind: Clock.nowText()) FROM enterprises \
                WHERE active = \(bind: true) AND id NOT IN (SELECT enterprise_id FROM credit_queue)
                """).run()
        }
    }

    /// Recomputes the queued enterprises (each with the latest cause queued for it) and empties the queue, in one
    /// transaction: the server runs it right after the steps that queue and every few seconds (`Serve`); tests call it.
    @discardableResult
    public func processQueue(today: Day) async throws -> Int {
        let waiting = try await database.session { db in try await db.select().column("id").from("credit_queue").limit(1).first() != nil }
        guard waiting else { return 0 }
        let rules = try await RuleRepository(database).effective(on: today)
        let dialect = database.dialect
        return try await database.transaction { db in
            try await Self.takeTurn(db, dialect)
            let rows = try await db.select().columns("id", "enterprise_id", "cause").from("credit_queue").orderBy("id").limit(5000).all()
            guard let last = try rows.last?.decode(column: "id", as: Int64.self) else { return 0 }
            var causes: [Int64: String] = [:]
            for row in rows { causes[try row.decode(column: "enterprise_id", as: Int64.self)] = try row.decode(column: "cause", as: String.self) }
            try await db.delete(from: "credit_queue").where("id", .lessThanOrEqual, SQLBind(last)).run()
            // Each change names the latest cause queued for its enterprise; the facts are read 400 enterprises at a time
            // whatever their causes (a cause per enterprise is the rule: every filing names its case).
            try await Self.recompute(db, causes.keys.sorted(), today: today, rules: rules) { causes[$0] ?? "" }
            return causes.count
        }
    }

    /// Every app server recomputes (`Serve`): on PostgreSQL their recomputations take turns on an advisory lock held
    /// to the end of the transaction, so the second sees what the first wrote (and the queue rows it deleted) and
    /// never writes the same change again. SQLite's write transactions already take turns (BEGIN IMMEDIATE).
    static func takeTurn(_ db: any SQLDatabase, _ dialect: Dialect) async throws {
        if dialect == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(7275)").run() }
    }

    // MARK: Recomputing

    /// Recomputes the enterprises' classes in the caller's transaction: a row and the enterprise's class written for
    /// each whose class or points changed. Returns the changes.
    @discardableResult
    package static func recompute(_ db: any SQLDatabase, _ ids: [Int64], today: Day, rules: RuleSet, cause: String) async throws -> [(Int64, CreditAssessment)] {
        try await recompute(db, ids, today: today, rules: rules) { _ in cause }
    }

    /// The same, each enterprise's change naming its own cause. The rows of a chunk go in as one multi-row INSERT and
    /// the classes that moved as one UPDATE (a million enterprises are recomputed daily).
    package static func recompute(_ db: any SQLDatabase, _ ids: [Int64], today: Day, rules: RuleSet,
                                  cause: (Int64) -> String) async throws -> [(Int64, CreditAssessment)] {
        var changed: [(Int64, CreditAssessment)] = []
        let now = Clock.nowText()
        for chunk in stride(from: 0, to: ids.count, by: 400).map({ Array(ids[$0..<min($0 + 400, ids.count)]) }) {
            let facts = try await Self.facts(db, .enterprises(chunk), today: today, rules: rules)
            let typed = try await db.select().columns("id", "credit_class").from("enterprises").where("id", .in, SQLBind.group(chunk)).all()
                .reduce(into: [Int64: String]()) { m, r in m[try r.decode(column: "id", as: Int64.self)] = try r.decode(column: "credit_class", as: String.self) }
            let last = try await latest(db, chunk)
            var rows: [[any SQLExpression]] = []
            var moved: [[any SQLExpression]] = []
            for id in chunk {
                guard let f = facts[id], let current = typed[id] else { continue }
                let a = CreditModel.assess(f, rules: rules)
                if Self.unchanged(a, last: last[id].map(Stamp.init), carried: current) { continue }
                rows.append([SQLBind(id), SQLBind(a.creditClass.rawValue), SQLBind(current), SQLBind(a.total), SQLBind(a.staticPoints),
                             SQLBind(a.dynamicPoints), SQLBind(a.creditPoints), SQLBind(AuditLog.json(a.facts) ?? "{}"),
                             SQLBind(a.reasons.joined(separator: "\n")), SQLBind(cause(id)), SQLBind(today.description), SQLBind(now), SQLBind(rules.version)])
                if current != a.creditClass.rawValue { moved.append([SQLBind(id), SQLBind(a.creditClass.rawValue)]) }
                changed.append((id, a))
            }
            try await BulkInsert.run(db, "credit_classes", ["enterprise_id", "credit_class", "previous_class", "total", "static_points", "dynamic_points",
                                                             "credit_points", "facts_json", "reasons", "cause", "day", "at", "rules_version"], rows)
            _ = try await BulkUpdate.run(db, "enterprises", key: "id", columns: [("credit_class", .text)], rows: moved)
        }
        return changed
    }

    /// An enterprise whose class a recomputation changed.
    public struct Moved: Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var uscc: String
        public var from: String
        public var to: CreditClass
    }

    /// Every active enterprise, in one transaction per chunk of those that may have moved: the daily job (windows move,
    /// deadlines pass) and the first computation after the migration. Returns the enterprises whose class differs from
    /// before, with both.
    public func recomputeAll(today: Day) async throws -> [Moved] {
        let rules = try await RuleRepository(database).effective(on: today)
        let first = try await database.session { db in try await Self.version(db) == nil }
        let cause = first ? "启用模型计算：手工录入的分类改为按积分模型计算" : "每日重算（回溯期与整改期限随日期变化）"
        // Who may have moved, found in one pass over each table. Each chunk of them is then recomputed as a queued
        // enterprise is, from its facts read again in the chunk's transaction: a step may have changed them since this
        // pass. Such a step queued the enterprise, and the queue's pass, before or after this one (they take turns),
        // writes its fresh answer; so what this one writes must be fresh too. One that this pass found unchanged is
        // left to the queue.
        let ids = try await database.session { db in try await Self.candidates(db, today: today, rules: rules) }
        var moved: [Moved] = []
        for chunk in stride(from: 0, to: ids.count, by: 400).map({ Array(ids[$0..<min($0 + 400, ids.count)]) }) {
            let before = try await database.session { db in
                try await db.select().columns("id", "name", "uscc", "credit_class").from("enterprises").where("id", .in, SQLBind.group(chunk)).all()
                    .reduce(into: [Int64: (name: String, uscc: String, cls: String)]()) { m, r in
                        m[try r.decode(column: "id", as: Int64.self)] = (try r.decode(column: "name", as: String.self), try r.decode(column: "uscc", as: String.self),
                                                                         try r.decode(column: "credit_class", as: String.self))
                    }
            }
            let dialect = database.dialect
            let changes = try await database.transaction { db in
                try await Self.takeTurn(db, dialect)
                return try await Self.recompute(db, chunk, today: today, rules: rules, cause: cause)
            }
            for (id, a) in changes where before[id]?.cls != a.creditClass.rawValue {
                moved.append(Moved(id: id, name: before[id]?.name ?? "", uscc: before[id]?.uscc ?? "", from: before[id]?.cls ?? "", to: a.creditClass))
            }
        }
        return moved
    }

    /// The active enterprises whose answer the model would change today, in id order: the facts and the last
    /// computations of everyone, read in one pass over each table (a daily recompute of a million enterprises).
    static func candidates(_ db: any SQLDatabase, today: Day, rules: RuleSet) async throws -> [Int64] {
        let facts = try await facts(db, .everyone, today: today, rules: rules)
        // The last computation of each enterprise is its highest id, kept as the rows arrive in the table's own order.
        let last = try await db.select().columns("id", "enterprise_id", "credit_class", "total", "reasons").from("credit_classes")
            .fold(into: [Int64: (id: Int64, stamp: Stamp)]()) { m, row in
                let (e, id) = (try row.decode(column: "enterprise_id", as: Int64.self), try row.decode(column: "id", as: Int64.self))
                guard (m[e]?.id ?? .min) < id else { return }
                m[e] = (id, Stamp(CreditClass(rawValue: try row.decode(column: "credit_class", as: String.self)), total: try row.decode(column: "total", as: Int.self),
                                  reasons: try row.decode(column: "reasons", as: String.self)))
            }
        return try await db.select().columns("id", "credit_class").from("enterprises").where("active", .equal, SQLBind(true))
            .fold(into: [Int64]()) { ids, row in
                let id = try row.decode(column: "id", as: Int64.self)
                let a = CreditModel.assess(facts[id] ?? CreditFacts(), rules: rules)
                if !unchanged(a, last: last[id]?.stamp, carried: try row.decode(column: "credit_class", as: String.self)) { ids.append(id) }
            }
            .sorted()
    }

    /// What a computation said, as far as deciding whether to write goes: the class, the points and the reasons (as
    /// stored, one per line; hashed, so that a million of them are held in a daily pass).
    struct Stamp: Equatable, Sendable {
        var creditClass: CreditClass?
        var total: Int
        var reasons: Int

        init(_ creditClass: CreditClass?, total: Int, reasons: String) {
            (self.creditClass, self.total, self.reasons) = (creditClass, total, reasons.hashValue)
        }

        init(_ a: CreditAssessment) { self.init(a.creditClass, total: a.total, reasons: a.reasons.joined(separator: "\n")) }

        init(_ c: Change) { self.init(c.creditClass, total: c.total, reasons: c.reasons.joined(separator: "\n")) }
    }

    /// Nothing to write when the model says what it said last and the enterprise still carries that class.
    static func unchanged(_ a: CreditAssessment, last: Stamp?, carried: String) -> Bool {
        last == Stamp(a) && carried == a.creditClass.rawValue
    }

    // MARK: Reading

    /// Ordered by enterprise and then id, which the enterprise index gives as it is read: ordered by id alone, SQLite
    /// with statistics from when the table was small (a generated city's first ANALYZE, a server that never re-runs
    /// it) read the whole table in id order for every 400 enterprises — the daily recompute of a million read
    /// hundreds of gigabytes.
    static func latest(_ db: any SQLDatabase, _ ids: [Int64]) async throws -> [Int64: Change] {
        try await db.select().column("*").from("credit_classes").where("enterprise_id", .in, SQLBind.group(ids)).orderBy("enterprise_id").orderBy("id").all()
            .reduce(into: [Int64: Change]()) { m, r in m[try r.decode(column: "enterprise_id", as: Int64.self)] = try decode(r) }
    }

    /// Every change of the enterprise's class, newest first.
    public func history(_ enterpriseId: Int64) async throws -> [Change] {
        try await database.session { db in
            try await db.select().column("*").from("credit_classes").where("enterprise_id", .equal, SQLBind(enterpriseId)).orderBy("id", .descending)
                .all().map(Self.decode)
        }
    }

    /// The latest computation id: a draw records it, so the classes it read can be recovered (`credit_classes` up to it).
    static func version(_ db: any SQLDatabase) async throws -> Int64? {
        try await db.select().column(SQLFunction("MAX", args: SQLColumn("id")), as: "v").from("credit_classes").first()?.decode(column: "v", as: Int64?.self)
    }

    static func decode(_ row: any SQLRow) throws -> Change {
        Change(id: try row.decode(column: "id", as: Int64.self),
               creditClass: CreditClass(rawValue: try row.decode(column: "credit_class", as: String.self)) ?? .b,
               previous: try row.decode(column: "previous_class", as: String?.self), total: try row.decode(column: "total", as: Int.self),
               staticPoints: try row.decode(column: "static_points", as: Int.self), dynamicPoints: try row.decode(column: "dynamic_points", as: Int.self),
               creditPoints: try row.decode(column: "credit_points", as: Int.self),
               reasons: try row.decode(column: "reasons", as: String.self).split(separator: "\n").map(String.init),
               cause: try row.decode(column: "cause", as: String.self), day: try EnforcementScope.day(row, "day") ?? Day(year: 1970, month: 1, day: 1)!)
    }
}
