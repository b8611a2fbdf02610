import PinzhiDomain
import SQLKit

/// The rows of leads and cases a principal may read (EnforcementPolicy): all for 执法总队 and the city, a
/// district's own for its bureau, none for anyone else.
enum EnforcementScope {
    static func visible<B: SQLPredicateBuilder>(_ builder: B, _ p: Principal, table: String) -> B {
        switch EnforcementPolicy.districtScope(p) {
        case .some(nil): builder
        case .some(let code?): builder.where(SQLColumn("district_code", table: table), .equal, SQLBind(code))
        case nil: builder.where(SQLRaw("1 = 0"))
        }
    }

    /// What a list of leads, cases or letters is narrowed to: a state, a district, a year, a text in the enterprise's
    /// name or the record's text (its summary, a letter's reason).
    static func filtered<B: SQLPredicateBuilder>(_ builder: B, table: String, dayColumn: String, state: String?, district: String?,
                                                 year: Int?, search: String?, enterpriseId: Int64?,
                                                 textColumn: String = "summary") -> B {
        var q = builder
        if let state { q = q.where(SQLColumn("state", table: table), .equal, SQLBind(state)) }
        if let district, !district.isEmpty { q = q.where(SQLColumn("district_code", table: table), .equal, SQLBind(district)) }
        if let enterpriseId { q = q.where(SQLColumn("enterprise_id", table: table), .equal, SQLBind(enterpriseId)) }
        if let year {
            q = q.where(SQLColumn(SQLIdentifier(dayColumn), table: SQLIdentifier(table)), .greaterThanOrEqual, SQLBind("\(year)-01-01"))
                .where(SQLColumn(SQLIdentifier(dayColumn), table: SQLIdentifier(table)), .lessThan, SQLBind("\(year + 1)-01-01"))
        }
        if let s = search?.trimmed, !s.isEmpty {
            let like = "%\(s)%"
            q = q.where { g in
                g.where(SQLColumn("name", table: "e"), .like, SQLBind(like)).orWhere(SQLColumn(SQLIdentifier(textColumn), table: SQLIdentifier(table)), .like, SQLBind(like))
            }
        }
        return q
    }

    static func day(_ row: any SQLRow, _ column: String) throws -> Day? {
        try row.decode(column: column, as: String?.self).flatMap(Day.init)
    }

    /// `table` as `alias` with its enterprise joined as `e`: the rows a lead, case or letter list reads (a letter to a
    /// district has no enterprise: `.left`).
    static func joined(_ db: any SQLDatabase, _ table: String, as alias: String, method: SQLJoinMethod = .inner,
                       columns: (SQLSelectBuilder) -> SQLSelectBuilder) -> SQLSelectBuilder {
        columns(db.select()).from(SQLAlias(SQLIdentifier(table), as: SQLIdentifier(alias)))
            .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), method: method, on: SQLColumn("enterprise_id", table: alias), .equal,
                  SQLColumn("id", table: "e"))
    }

    /// One page of a filtered list (`rows` filtered and ordered) and the count of all its rows. The count reads the
    /// enterprise only for a `search` (its name): every record's enterprise exists (a foreign key, and enterprises
    /// are deactivated, never deleted), so the join changes no count, and at city scale it cost a lookup in the
    /// enterprises per counted row, most of a list's time (issue 21).
    static func page<T: Sendable>(_ db: any SQLDatabase, _ table: String, as alias: String, method: SQLJoinMethod = .inner, search: String?,
                                  filtered: (SQLSelectBuilder) -> SQLSelectBuilder, rows: SQLSelectBuilder, order: [(any SQLExpression, SQLDirection)],
                                  decode: (any SQLRow) throws -> T, limit: Int, offset: Int, countLimit: Int? = nil) async throws -> Page<T> {
        let alone = search?.trimmed.isEmpty ?? true
        return try await PagedSelect.page(db, counting: { count in
            filtered(alone ? count.from(SQLAlias(SQLIdentifier(table), as: SQLIdentifier(alias))) : joined(db, table, as: alias, method: method) { _ in count })
        }, rows: filtered(rows), order: order, limit: limit, offset: offset, countLimit: countLimit, decode: decode)
    }
}
