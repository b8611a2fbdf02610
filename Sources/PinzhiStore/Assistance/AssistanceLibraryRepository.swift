import Foundation
import PinzhiDomain
import SQLKit

/// The library of quality problems and solutions (SPEC TA-4, 002 三(六)): written by the bureau — by hand or from a
/// closed case's 诊断书, without the enterprise's name — and read free of charge by every assistance reader,
/// enterprises included; classified by kind of problem and product, searched by text.
public struct AssistanceLibraryRepository: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Filter: Sendable {
        public var category: ProblemCategory?
        public var productId: Int64?
        public var search: String?
        public init() {}
    }

    static func select(_ db: any SQLDatabase) -> SQLSelectBuilder {
        db.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("l"))).column(SQLColumn("name", table: "p"), as: "product_name")
            .from(SQLAlias(SQLIdentifier("assistance_library"), as: SQLIdentifier("l")))
            .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                  on: SQLColumn("product_id", table: "l"), .equal, SQLColumn("id", table: "p"))
    }

    static func filtered(_ q: SQLSelectBuilder, _ f: Filter) -> SQLSelectBuilder {
        var q = q
        if let c = f.category { q = q.where(SQLColumn("category", table: "l"), .equal, SQLBind(c.rawValue)) }
        if let p = f.productId { q = q.where(SQLColumn("product_id", table: "l"), .equal, SQLBind(p)) }
        if let s = f.search?.trimmed, !s.isEmpty {
            let like = "%\(s)%"
            q = q.where { g in
                g.where(SQLColumn("title", table: "l"), .like, SQLBind(like)).orWhere(SQLColumn("problem", table: "l"), .like, SQLBind(like))
                    .orWhere(SQLColumn("solution", table: "l"), .like, SQLBind(like)).orWhere(SQLColumn("name", table: "p"), .like, SQLBind(like))
            }
        }
        return q
    }

    static func decode(_ row: any SQLRow) throws -> LibraryEntry {
        LibraryEntry(id: try row.decode(column: "id", as: Int64.self),
                     category: ProblemCategory(rawValue: try row.decode(column: "category", as: String.self)) ?? .management,
                     productId: try row.decode(column: "product_id", as: Int64?.self), productName: try row.decode(column: "product_name", as: String?.self),
                     title: try row.decode(column: "title", as: String.self), problem: try row.decode(column: "problem", as: String.self),
                     cause: try row.decode(column: "cause", as: String.self), solution: try row.decode(column: "solution", as: String.self),
                     caseId: try row.decode(column: "case_id", as: Int64?.self), createdBy: try row.decode(column: "created_by", as: String.self),
                     createdOn: try EnforcementScope.day(row, "created_on") ?? Day(year: 1970, month: 1, day: 1)!)
    }

    public static func mayRead(_ p: Principal) -> Bool { AssistancePolicy.readerRoles.contains(p.role) }

    public func page(_ f: Filter, limit: Int, offset: Int, as p: Principal) async throws -> Page<LibraryEntry> {
        guard Self.mayRead(p) else { throw StoreError.forbidden }
        return try await database.session { db in
            try await PagedSelect.page(db, counting: { count in
                Self.filtered(count.from(SQLAlias(SQLIdentifier("assistance_library"), as: SQLIdentifier("l")))
                    .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                          on: SQLColumn("product_id", table: "l"), .equal, SQLColumn("id", table: "p")), f)
            }, rows: Self.filtered(Self.select(db), f), order: [(SQLColumn("id", table: "l"), .descending)], limit: limit, offset: offset, decode: Self.decode)
        }
    }

    public func find(_ id: Int64, as p: Principal) async throws -> LibraryEntry? {
        guard Self.mayRead(p) else { throw StoreError.forbidden }
        return try await database.session { db in try await Self.select(db).where(SQLColumn("id", table: "l"), .equal, SQLBind(id)).first().map(Self.decode) }
    }

    /// An entry as the bureau writes it; from a case, only a closed one with its 诊断书 the principal reads.
    public func create(category: ProblemCategory, productCode: String?, title: String, problem: String, cause: String, solution: String, caseId: Int64?,
                       today: Day, as p: Principal) async throws -> LibraryEntry {
        guard AssistancePolicy.organiserRoles.contains(p.role) else { throw StoreError.forbidden }
        let errors = LibraryEntry.check(title: title, problem: problem, cause: cause, solution: solution)
        guard errors.isEmpty else { throw StoreError.invalid(ValidationFailure(errors)) }
        return try await database.transaction { db in
            var product: Int64?
            if let code = productCode?.trimmed, !code.isEmpty {
                guard let id = try await db.select().column("id").from("products").where("code", .equal, SQLBind(code)).first()?.decode(column: "id", as: Int64.self) else {
                    throw StoreError.invalid(ValidationFailure([FieldError("productCode", "未找到该产品编码的产品")]))
                }
                product = id
            }
            if let caseId {
                guard let c = try await AssistanceRepository.find(db, caseId, p), c.state == .closed, c.diagnosis != nil else {
                    throw StoreError.invalid(ValidationFailure([FieldError("caseId", "只有已结案且出具诊断书的帮扶案例可以收入问题库")]))
                }
                if product == nil { product = c.productId }
            }
            let id = try await db.insert(into: "assistance_library")
                .columns("category", "product_id", "title", "problem", "cause", "solution", "case_id", "created_by", "created_on", "created_at")
                .values(SQLBind(category.rawValue), SQLBind(product), SQLBind(title.trimmed), SQLBind(problem.trimmed), SQLBind(cause.trimmed),
                        SQLBind(solution.trimmed), SQLBind(caseId), SQLBind(p.username), SQLBind(today.description), SQLBind(Clock.nowText()))
                .returning("id").first()?.decode(column: "id", as: Int64.self) ?? 0
            guard let entry = try await Self.select(db).where(SQLColumn("id", table: "l"), .equal, SQLBind(id)).first().map(Self.decode) else {
                throw StoreError.internalError("问题库条目写入后未能读出")
            }
            try await AuditLog.append(db, actor: AuditActor(p), action: "create", entity: "assistance_library", entityId: id,
                                      summary: "收入质量问题库：\(entry.title)（\(entry.category.label)）", before: nil, after: AuditLog.json(entry))
            return entry
        }
    }
}
