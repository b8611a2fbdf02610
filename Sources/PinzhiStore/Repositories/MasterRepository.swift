import Foundation
import PinzhiDomain
import SQLKit

/// Lists, reads and writes one kind of master-data record within the principal's scope. Every write runs in a
/// transaction with its audit row; an update names the version it started from and is refused if that is stale.
public struct MasterRepository<R: MasterRecord>: Sendable {
    let database: PinzhiDatabase
    /// How far a search by a Chinese fragment counts its matches before saying "more than" (Page.totalIsLowerBound).
    /// A thousand is fifty pages, more than anyone reads; counting to ten thousand at a million enterprises cost a
    /// common fragment 10–50 ms of index steps, to a thousand about 1 ms.
    let searchCountLimit: Int

    public init(_ database: PinzhiDatabase, searchCountLimit: Int = 1_000) {
        self.database = database
        self.searchCountLimit = searchCountLimit
    }

    var table: String { R.kind.table }
    package static var encoder: SQLQueryEncoder { SQLQueryEncoder(keyEncodingStrategy: SnakeCaseKeys.strategy, nilEncodingStrategy: .asNil) }

    /// Columns that may be filtered on with an exact value, and how to type the value.
    public static var filterableColumns: [String: FieldType] {
        var columns: [String: FieldType] = [:]
        for spec in R.fields {
            switch spec.type {
            case .choice, .district, .boolean, .reference, .organisation, .integer: columns[Naming.snake(spec.key)] = spec.type
            default: break
            }
        }
        if let parent = R.kind.parent { columns[parent.column] = .reference(parent.kind) }
        return columns
    }

    public static var sortableColumns: Set<String> {
        Set(R.fields.filter(\.listed).map { Naming.snake($0.key) } + ["id", "updated_at"])
    }

    // MARK: Reading

    public func list(_ query: ListQuery, as principal: Principal) async throws -> Page<R> {
        let scope = ScopeFilter.predicate(R.kind, principal, .read)
        return try await database.session { db in
            let driver = try await searchDriver(db, query)
            let (total, more) = try await count(db, query, scope, driver: driver)
            var select = filtered(source(db, driver).column(SQLColumn(SQLLiteral.all, table: SQLIdentifier(table))), query, scope, driver: driver)
            // A code prefix lists by code: the unique index's range is then read in order and stops at the page,
            // where ordering tens of thousands of matches by id cost a second at a million enterprises.
            let sort = query.sort.flatMap { Self.sortableColumns.contains($0) ? $0 : nil } ?? (Self.isCodePrefix(query) ? "uscc" : "id")
            let direction: SQLDirection = query.descending ? .descending : .ascending
            // Read from a piece's index, the records come in id order already.
            select = sort == "id" && driver != nil ? select.orderBy(SQLOrderBy(expression: SQLColumn("record_id", table: "g"), direction: direction))
                : select.orderBy(SQLOrderBy(expression: SQLColumn(sort, table: table), direction: direction))
            if sort != "id" { select = select.orderBy(SQLOrderBy(expression: SQLColumn("id", table: table), direction: SQLDirection.ascending)) }
            let rows = try await select.limit(query.limit).offset(query.offset).all()
            return Page(items: try rows.map(decode), total: total, offset: query.offset, limit: query.limit, totalIsLowerBound: more)
        }
    }

    /// The records a picker offers the principal (the first `limit` active ones it sees, by id), kept until the next
    /// write (ReadCache): list pages offer products and agencies as filters on every visit, and decoding them again
    /// each time was a sixth of the batch list's time (issue 21).
    public func choices(limit: Int = 500, as principal: Principal) async throws -> [R] {
        let p = principal
        let key = "choices|\(table)|\(limit)|\(p.accountId)|\(p.role.rawValue)|\(p.organisationId)|\(p.districtCode ?? "")|\(p.agencyId ?? 0)|"
            + "\(p.enterpriseId ?? 0)|\(p.expertId ?? 0)"
        return try await database.reads.value(key) { try await list(ListQuery(limit: limit), as: principal).items }
    }

    /// How many records the principal sees with these filters, kept until the next write (ReadCache): the workbench
    /// shows several such counts on every visit. A search by a common fragment counts up to `searchCountLimit`.
    public func count(_ query: ListQuery, as principal: Principal) async throws -> Int {
        let scope = ScopeFilter.predicate(R.kind, principal, .read)
        let key = "count|\(table)|\(principal.accountId)|\(query.includeInactive)|\(query.search ?? "")|"
            + query.filters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        return try await database.reads.value(key) {
            try await database.session { db in try await count(db, query, scope, driver: try await searchDriver(db, query)).total }
        }
    }

    func count(_ db: any SQLDatabase, _ query: ListQuery, _ scope: ScopeFilter.Predicate,
               driver: String?) async throws -> (total: Int, more: Bool) {
        guard driver != nil || Self.isCodePrefix(query) else {
            let n = try await filtered(db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table), query, scope, driver: nil)
                .first()?.decode(column: "n", as: Int.self) ?? 0
            return (n, false)
        }
        let matches = filtered(source(db, driver).column(SQLLiteral.numeric("1")), query, scope, driver: driver).limit(searchCountLimit + 1)
        let n = try await Self.rows(db, matches)
        return n > searchCountLimit ? (searchCountLimit, true) : (n, false)
    }

    /// How many rows a (limited) select gives.
    static func rows(_ db: any SQLDatabase, _ select: SQLSelectBuilder) async throws -> Int {
        try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLGroupExpression(select.select), as: SQLIdentifier("t"))).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The piece of an indexed Chinese fragment held by the fewest records (counted up to the limit): the search
    /// reads that piece's index in record order and checks the rest per record, so a common fragment's first page
    /// costs a few index steps, not a million. Nil when the search does not use the index.
    func searchDriver(_ db: any SQLDatabase, _ query: ListQuery) async throws -> String? {
        let term = Self.searchTerm(query)
        guard !R.indexedSearchColumns.isEmpty, !term.isEmpty, SearchGrams.indexable(term),
              !(R.searchColumns.contains("uscc") && USCC.prefix(term) != nil) else { return nil }
        let pieces = SearchGrams.of([database.dialect.lowercased(term)]).sorted()
        guard pieces.count > 1 else { return pieces.first }
        var rarest: (piece: String, records: Int)?
        for piece in pieces {
            let holders = db.select().column(SQLLiteral.numeric("1")).from(SearchIndex.table(table)).where("gram", .equal, piece)
            let n = try await Self.rows(db, holders.limit(searchCountLimit + 1))
            if rarest.map({ n < $0.records }) ?? true { rarest = (piece, n) }
        }
        return rarest?.piece
    }

    /// The table, or with a search piece, that piece's index rows joined to their records (on SQLite as a CROSS JOIN,
    /// which keeps the index first; PostgreSQL's planner finds that order itself and has no CROSS JOIN … ON).
    func source(_ db: any SQLDatabase, _ driver: String?) -> SQLSelectBuilder {
        guard let driver else { return db.select().from(table) }
        let method: any SQLExpression = Dialect.of(db) == .sqlite ? SQLRaw("CROSS") : SQLJoinMethod.inner
        return db.select().from(SQLAlias(SQLIdentifier(SearchIndex.table(table)), as: SQLIdentifier("g")))
            .join(SQLIdentifier(table), method: method, on: SQLColumn("record_id", table: "g"), .equal, SQLColumn("id", table: table))
            .where(SQLColumn("gram", table: "g"), .equal, SQLBind(driver))
    }

    /// A search by the start of a USCC (a range on the unique index), counted up to the limit like a fragment.
    static func isCodePrefix(_ query: ListQuery) -> Bool {
        R.searchColumns.contains("uscc") && USCC.prefix(searchTerm(query)) != nil
    }

    static func searchTerm(_ query: ListQuery) -> String {
        (query.search ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
    }

    /// The records of the whole filtered list, for exports, in pages so that memory stays flat.
    public func forEachBatch(_ query: ListQuery, as principal: Principal, batch: Int = 1000,
                             _ body: ([R]) throws -> Void) async throws {
        var offset = 0
        while true {
            var q = query
            q.limit = batch
            q.offset = offset
            let page = try await list(q, as: principal)
            try body(page.items)
            offset += page.items.count
            if !page.hasNext || page.items.isEmpty { break }
        }
    }

    /// The record if it exists and the principal may see it (or change it, for `.write`); nil otherwise, so that
    /// out-of-scope records look exactly like missing ones.
    public func find(_ id: Int64, as principal: Principal, for action: Action = .read) async throws -> R? {
        try await database.session { db in try await find(db, id, ScopeFilter.predicate(R.kind, principal, action)) }
    }

    func find(_ db: any SQLDatabase, _ id: Int64, _ scope: ScopeFilter.Predicate) async throws -> R? {
        let select = ScopeFilter.apply(scope, to: db.select().column("*").from(table).where("id", .equal, id))
        return try await select.first().map(decode)
    }

    func filtered<B: SQLPredicateBuilder>(_ builder: B, _ query: ListQuery, _ scope: ScopeFilter.Predicate, driver: String? = nil) -> B {
        var b = ScopeFilter.apply(scope, to: builder, table: table)
        if !query.includeInactive { b = b.where(SQLColumn("active", table: table), .equal, SQLBind(true)) }
        for (column, raw) in query.filters.sorted(by: { $0.key < $1.key }) {
            guard let type = Self.filterableColumns[column], let value = Self.typed(raw, type) else { continue }
            b = b.where(SQLColumn(column, table: table), .equal, SQLBind(value))
        }
        let term = Self.searchTerm(query)
        if R.searchColumns.contains("uscc"), let prefix = USCC.prefix(term) {
            // A code prefix is a range on the unique index, however many records there are.
            let uscc = SQLColumn("uscc", table: table)
            b = b.where(uscc, .greaterThanOrEqual, SQLBind(prefix)).where(uscc, .lessThan, SQLBind(prefix + "~"))
        } else if !term.isEmpty {
            let folded = database.dialect.lowercased(term)
            let pattern = "%\(folded)%"
            if let driver {
                // The records come from the driving piece's index (source); each must hold the other pieces too, and
                // is then checked below. A fragment of two characters is one piece, and holding it is the match.
                for piece in SearchGrams.of([folded]).sorted() where piece != driver {
                    b = b.where(SQLQueryString("EXISTS (SELECT 1 FROM \(ident: SearchIndex.table(table)) x WHERE x.gram = \(bind: piece) AND x.record_id = \(ident: table).id)"))
                }
                if term.unicodeScalars.count == 2 { return b }
            }
            b = b.where { group in
                var g = group
                for column in R.searchColumns {
                    g = g.orWhere(SQLFunction("LOWER", args: SQLColumn(column, table: table)), .like, SQLBind(pattern))
                }
                return g
            }
        }
        return b
    }

    static func typed(_ raw: String, _ type: FieldType) -> (any Encodable & Sendable)? {
        switch type {
        case .boolean: ["1", "true", "是"].contains(raw) ? true : (["0", "false", "否"].contains(raw) ? false : nil)
        case .integer, .reference, .organisation: Int64(raw)
        // A filter may name the choice by its label (a bookmarked list, an API caller reading the page).
        case .choice(let options): raw.isEmpty ? nil : options.code(for: raw) ?? raw
        default: raw.isEmpty ? nil : raw
        }
    }

    func decode(_ row: any SQLRow) throws -> R {
        try row.decode(model: R.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    // MARK: Writing

    public func create(_ record: R, as principal: Principal) async throws -> R {
        let scope = ScopeFilter.predicate(R.kind, principal, .write)
        if case .none = scope { throw StoreError.forbidden }
        return try await database.transaction { db in
            try await insert(db, record, actor: AuditActor(principal), scope: scope)
        }
    }

    public func update(_ record: R, expectedVersion: Int, as principal: Principal) async throws -> R {
        let scope = ScopeFilter.predicate(R.kind, principal, .write)
        return try await database.transaction { db in
            guard let current = try await find(db, record.id, scope) else { throw StoreError.notFound }
            guard current.version == expectedVersion else { throw StoreError.staleVersion(current: current.version) }
            return try await replace(db, old: current, new: record, actor: AuditActor(principal), scope: scope, action: "update")
        }
    }

    public func setActive(_ id: Int64, _ active: Bool, expectedVersion: Int, as principal: Principal) async throws -> R {
        let scope = ScopeFilter.predicate(R.kind, principal, .write)
        return try await database.transaction { db in
            guard var record = try await find(db, id, scope) else { throw StoreError.notFound }
            guard record.version == expectedVersion else { throw StoreError.staleVersion(current: record.version) }
            let old = record
            record.active = active
            return try await replace(db, old: old, new: record, actor: AuditActor(principal), scope: scope,
                                     action: active ? "reactivate" : "deactivate")
        }
    }

    /// Inserts inside the caller's transaction. Refuses a duplicate natural key and a row outside the writer's scope.
    package func insert(_ db: any SQLDatabase, _ record: R, actor: AuditActor, scope: ScopeFilter.Predicate = .all) async throws -> R {
        if let existing = try await findByNaturalKey(db, record) {
            throw StoreError.duplicate(field: R.fields.first { Naming.snake($0.key) == R.naturalKey.last }?.key ?? "",
                                       message: "\(naturalKeyLabel)相同的\(R.kind.label)已存在：\(existing.displayName)")
        }
        let now = Clock.nowText()
        var pairs = try Self.encoder.encode(record).filter { $0.0 != "id" && $0.0 != "version" }
        pairs += [("version", SQLBind(1)), ("created_at", SQLBind(now)), ("updated_at", SQLBind(now))]
        let row = try await mapConstraintErrors {
            try await db.insert(into: table).columns(pairs.map(\.0)).values(pairs.map(\.1)).returning("id").first()
        }
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw StoreError.internalError("插入未返回编号") }
        try await SearchIndex.add(db, table, columns: R.indexedSearchColumns, ids: [id])
        // A new enterprise's credit class is the model's, computed from the queue right after (RK-3).
        if R.kind == .enterprise { try await CreditClassStore.enqueue(db, [id], cause: "新建企业") }
        guard let saved = try await find(db, id, scope) else { throw StoreError.forbidden }
        try await AuditLog.append(db, actor: actor, action: "create", entity: R.kind.rawValue, entityId: id,
                                  summary: "新建\(R.kind.label)：\(saved.displayName)", after: AuditLog.json(saved))
        return saved
    }

    /// Writes `new` over `old` inside the caller's transaction; the version check in the WHERE clause makes a
    /// concurrent second writer fail rather than overwrite.
    func replace(_ db: any SQLDatabase, old: R, new: R, actor: AuditActor, scope: ScopeFilter.Predicate = .all,
                 action: String) async throws -> R {
        var new = new
        new.id = old.id
        new.version = old.version
        new.keepComputed(from: old)
        if new == old { return old }
        if let other = try await findByNaturalKey(db, new), other.id != old.id {
            throw StoreError.duplicate(field: R.fields.first { Naming.snake($0.key) == R.naturalKey.last }?.key ?? "",
                                       message: "\(naturalKeyLabel)相同的\(R.kind.label)已存在：\(other.displayName)")
        }
        let pairs = try Self.encoder.encode(new).filter { $0.0 != "id" && $0.0 != "version" }
        // A new cluster takes the enterprise's checks and risk items with it on the risk map.
        let clusterMoves = R.kind == .enterprise && (old as? Enterprise)?.cluster != (new as? Enterprise)?.cluster
        if clusterMoves { try await EnterpriseRollupShare.withdraw(db, [old.id]) }
        var update = db.update(table)
        for (column, value) in pairs { update = update.set(SQLIdentifier(column), to: value) }
        update = update.set(SQLIdentifier("version"), to: SQLRaw("version + 1"))
            .set(SQLIdentifier("updated_at"), to: SQLBind(Clock.nowText()))
            .where("id", .equal, old.id).where("version", .equal, old.version)
        let row = try await mapConstraintErrors { try await update.returning("version").first() }
        guard row != nil else { throw StoreError.staleVersion(current: old.version) }
        if clusterMoves { try await EnterpriseRollupShare.restore(db, [old.id]) }
        try await SearchIndex.change(db, table, id: old.id, from: SearchIndex.texts(R.indexedSearchColumns, in: try Self.encoder.encode(old)),
                                     to: SearchIndex.texts(R.indexedSearchColumns, in: pairs))
        guard let saved = try await find(db, old.id, scope) else { throw StoreError.forbidden }
        let verb = ["update": "修改", "deactivate": "停用", "reactivate": "启用", "import": "导入更新"][action] ?? action
        try await AuditLog.append(db, actor: actor, action: action, entity: R.kind.rawValue, entityId: old.id,
                                  summary: "\(verb)\(R.kind.label)：\(saved.displayName)",
                                  before: AuditLog.json(old), after: AuditLog.json(saved))
        return saved
    }

    func findByNaturalKey(_ db: any SQLDatabase, _ record: R) async throws -> R? {
        let pairs = try Self.encoder.encode(record)
        var select = db.select().column("*").from(table)
        for column in R.naturalKey {
            guard let value = pairs.first(where: { $0.0 == column })?.1 else { return nil }
            select = select.where(SQLIdentifier(column), .equal, value)
        }
        return try await select.first().map(decode)
    }

    /// Inserts a new record or updates the one with the same natural key; unchanged records are left alone, so
    /// importing the same file twice writes nothing the second time. Returns what happened.
    func upsert(_ db: any SQLDatabase, _ record: R, actor: AuditActor) async throws -> UpsertOutcome {
        guard let existing = try await findByNaturalKey(db, record) else {
            _ = try await insert(db, record, actor: actor)
            return .inserted
        }
        var incoming = record
        incoming.active = existing.active
        incoming.id = existing.id
        incoming.version = existing.version
        incoming.keepComputed(from: existing)
        if incoming == existing { return .unchanged }
        _ = try await replace(db, old: existing, new: incoming, actor: actor, action: "import")
        return .updated
    }

    var naturalKeyLabel: String {
        R.naturalKey.compactMap { column in R.fields.first { Naming.snake($0.key) == column }?.label }.joined(separator: "、")
    }

    func mapConstraintErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            let text = String(reflecting: error)
            if text.contains("UNIQUE") || text.contains("23505") || text.contains("duplicate key") {
                throw StoreError.duplicate(field: "", message: "\(naturalKeyLabel)相同的\(R.kind.label)已存在")
            }
            if text.contains("FOREIGN KEY") || text.contains("23503") {
                throw StoreError.invalid(ValidationFailure([FieldError("", "引用的记录不存在")]))
            }
            throw error
        }
    }
}

public enum UpsertOutcome: Sendable, Equatable {
    case inserted
    case updated
    case unchanged
}
