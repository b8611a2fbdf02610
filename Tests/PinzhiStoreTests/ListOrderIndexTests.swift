import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

/// The lists that show open records first are read in order from Migration040's indexes, not sorted whole (issue 21:
/// a city's risk items and leads number hundreds of thousands). SQLite says which index a query uses; PostgreSQL
/// chooses by its statistics, which a test database does not have, so the plan is checked on SQLite.
@Suite("列表按索引顺序读取")
struct ListOrderIndexTests {
    @Test func openFirstListsAreReadThroughTheirIndexes() async throws {
        try await TestDatabase.with { db in
            guard db.dialect == .sqlite else { return }
            try await db.session { sql in
                let lists: [(String, SQLSelectBuilder, [(any SQLExpression, SQLDirection)])] = [
                    ("risk_items_list", RiskItemRepository.select(sql), RiskItemRepository.listOrder),
                    ("leads_list", LeadRepository.select(sql), LeadRepository.listOrder),
                    ("problem_items_list", ProblemItemRepository.select(sql), ProblemItemRepository.listOrder),
                    ("assistance_cases_list", AssistanceRepository.select(sql), AssistanceRepository.listOrder),
                ]
                try await Self.asAtCityScale(sql)
                for (index, select, order) in lists {
                    var q = select
                    for (expression, direction) in order { q = q.orderBy(expression, direction) }
                    let (text, binds) = sql.serialize(q.limit(20).query)
                    let plan = try await Self.plan(sql, text, binds)
                    #expect(binds.isEmpty)
                    #expect(plan.contains { $0.contains("USING INDEX \(index)") }, "\(index): \(plan)")
                    #expect(!plan.contains { $0.contains("TEMP B-TREE FOR ORDER BY") }, "\(index): \(plan)")
                }
            }
        }
    }

    /// The batch list newest first under each filter that has its own index, read in order from it (a city district
    /// holds hundreds of thousands of batches; Migration042 for the district).
    @Test func theBatchListIsReadInOrderUnderEachIndexedFilter() async throws {
        try await TestDatabase.with { db in
            guard db.dialect == .sqlite else { return }
            try await db.session { sql in
                try await Self.asAtCityScale(sql)
                var filters: [(String, BatchFilter)] = []
                var f = BatchFilter()
                f.district = "310115"
                filters.append(("batches_district_list", f))
                f = BatchFilter()
                f.verdict = .fail
                filters.append(("batches_verdict", f))
                f = BatchFilter()
                f.taskId = 1
                filters.append(("batches_task", f))
                f = BatchFilter()
                f.enterpriseId = 1
                filters.append(("batches_enterprise", f))
                for (index, filter) in filters {
                    let q = BatchRepository.filtered(BatchRepository.visible(BatchRepository.select(sql), SpotCheckFixture.city), filter)
                        .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "b"), direction: SQLDirection.descending)).limit(50)
                    let (text, binds) = sql.serialize(q.query)
                    let plan = try await Self.plan(sql, text, binds)
                    #expect(plan.contains { $0.contains("INDEX \(index) ") }, "\(index): \(plan)")
                    #expect(!plan.contains { $0.contains("TEMP B-TREE FOR ORDER BY") }, "\(index): \(plan)")
                }
            }
        }
    }

    @Test func aPlanYearsFailuresAreCountedFromTheOutcomeIndex() async throws {
        try await TestDatabase.with { db in
            guard db.dialect == .sqlite else { return }
            try await db.session { sql in
                try await Self.asAtCityScale(sql)
                for principal in [SpotCheckFixture.city, TestDatabase.district("310115")] {
                    let (text, binds) = sql.serialize(BatchRepository.failureCounts(sql, 2026, principal).query)
                    let plan = try await Self.plan(sql, text, binds)
                    #expect(plan.contains { $0.contains("COVERING INDEX batches_task_outcome") }, "\(plan)")
                }
            }
        }
    }

    /// The planner as at city scale: statistics saying each table holds a city's rows (SQLite reads sqlite_stat1 as
    /// ANALYZE would have written it; an empty table's plan would not matter).
    static func asAtCityScale(_ sql: any SQLDatabase) async throws {
        try await sql.raw("ANALYZE").run()
        for (table, rows) in [("risk_items", 300_000), ("leads", 300_000), ("problem_items", 50_000), ("assistance_cases", 20_000),
                              ("enterprises", 1_000_000), ("batches", 5_000_000), ("products", 30), ("campaigns", 5), ("cases", 250_000),
                              ("agencies", 50), ("plans", 200)] {
            try await sql.raw("DELETE FROM sqlite_stat1 WHERE tbl = \(bind: table)").run()
            try await sql.raw("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (\(bind: table), NULL, \(bind: String(rows)))").run()
        }
        // The batches' indexes as ANALYZE wrote them on the generated city (L): a verdict or a state is a third of
        // the table, a task some seven thousand batches.
        for (index, stat) in [("batches_task_outcome", "5000000 7143 2461 2461 164 164"), ("batches_district_list", "5000000 312500 1"),
                              ("batches_form", "5000000 312500 1056 55 22 15 1"), ("batches_verdict", "5000000 1666667"),
                              ("batches_open", "5000000 2500000 1250000"), ("batches_state", "5000000 1666667"),
                              ("batches_agency", "5000000 357143 121952"), ("batches_enterprise", "5000000 6"), ("batches_task", "5000000 7143"),
                              ("plans_year", "200 40 40"), ("tasks_plan", "700 4")] {
            try await sql.raw("DELETE FROM sqlite_stat1 WHERE idx = \(bind: index)").run()
            try await sql.raw("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (\(bind: index.hasPrefix("plans") ? "plans" : index.hasPrefix("tasks") ? "tasks" : "batches"), \(bind: index), \(bind: stat))").run()
        }
        try await sql.raw("ANALYZE sqlite_schema").run()
    }

    static func plan(_ sql: any SQLDatabase, _ text: String, _ binds: [any Encodable & Sendable]) async throws -> [String] {
        var query = SQLQueryString("EXPLAIN QUERY PLAN ")
        var rest = Substring(text)
        var values = binds.makeIterator()
        // SQLite's placeholders are ?NNN in order; each becomes its bind again.
        while let mark = rest.firstIndex(of: "?") {
            query.appendLiteral(String(rest[..<mark]))
            var end = rest.index(after: mark)
            while end < rest.endIndex, rest[end].isNumber { end = rest.index(after: end) }
            guard let value = values.next() else { break }
            query.appendInterpolation(bind: value)
            rest = rest[end...]
        }
        query.appendLiteral(String(rest))
        return try await sql.raw(query).all().map { try $0.decode(column: "detail", as: String.self) }
    }

    /// A list page's count stops one past its limit (it then says "more than"); the page itself is unchanged and
    /// without a limit everything is counted.
    @Test func aCountLimitStopsCountingOnePastIt() async throws {
        try await TestDatabase.with { db in
            try await db.session { sql in
                try await sql.raw("CREATE TABLE paging_probe (id INTEGER NOT NULL)").run()
                for id in 1...5 { try await sql.insert(into: "paging_probe").columns("id").values(SQLBind(id)).run() }
                func page(_ cap: Int?) async throws -> Page<Int> {
                    try await PagedSelect.page(sql, counting: { $0.from("paging_probe") }, rows: sql.select().column("id").from("paging_probe"),
                                               order: [(SQLColumn("id"), .descending)], limit: 2, offset: 0, countLimit: cap) { try $0.decode(column: "id", as: Int.self) }
                }
                #expect(try await page(nil).total == 5)
                let capped = try await page(3)
                #expect(capped.total == 4 && capped.items == [5, 4], "one past the limit, the page unchanged")
                #expect(try await page(5).total == 5)
            }
        }
    }
}
