import PinzhiDomain
import SQLKit

/// Plan completion for the district assessment (SPEC SC-10, seed 004 §十): for each level that issued a plan in a
/// year (the city, each district), the batches planned in its issued plans, those drawn and not cancelled, and those
/// completed (a verdict, or a refusal, which ends the check). A district sees its own row and the city's.
public struct PlanCompletion: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Row: Sendable, Equatable {
        /// Nil for the city's own plans.
        public var district: String?
        public var planned: Int
        public var drawn: Int
        public var completed: Int

        public var completion: Double? { planned == 0 ? nil : Double(completed) / Double(planned) }
        public var label: String { district.map { District.named(code: $0) } ?? "市级计划" }
    }

    public func of(year: Int, as p: Principal) async throws -> [Row] {
        try await database.session { db in
            var rows: [String: Row] = [:]
            let planned = try await db.select().column(SQLColumn("district_code", table: "pl"), as: "d")
                .column(SQLRaw("CAST(SUM(l.batches) AS BIGINT)"), as: "n")
                .from(SQLAlias(SQLIdentifier("plans"), as: SQLIdentifier("pl")))
                .join(SQLAlias(SQLIdentifier("plan_lines"), as: SQLIdentifier("l")), on: SQLColumn("plan_id", table: "l"), .equal, SQLColumn("id", table: "pl"))
                .where(SQLColumn("year", table: "pl"), .equal, SQLBind(year)).where(SQLColumn("state", table: "pl"), .equal, SQLBind(PlanState.issued.rawValue))
                .groupBy(SQLColumn("district_code", table: "pl")).all()
            for row in planned {
                let d = try row.decode(column: "d", as: String?.self)
                rows[d ?? "", default: Row(district: d, planned: 0, drawn: 0, completed: 0)].planned += try row.decode(column: "n", as: Int.self)
            }
            let done = try await BatchRepository.ofPlanYear(db.select().column(SQLColumn("district_code", table: "pl"), as: "d").column(SQLRaw("COUNT(*)"), as: "n")
                .column(SQLRaw("CAST(SUM(CASE WHEN b.verdict IS NOT NULL OR b.state = 'refused' THEN 1 ELSE 0 END) AS BIGINT)"), as: "c"), year)
                .where(SQLColumn("state", table: "pl"), .equal, SQLBind(PlanState.issued.rawValue))
                .where(SQLColumn("state", table: "b"), .notEqual, SQLBind(BatchState.cancelled.rawValue))
                .groupBy(SQLColumn("district_code", table: "pl")).all()
            for row in done {
                let d = try row.decode(column: "d", as: String?.self)
                rows[d ?? "", default: Row(district: d, planned: 0, drawn: 0, completed: 0)].drawn += try row.decode(column: "n", as: Int.self)
                rows[d ?? "", default: Row(district: d, planned: 0, drawn: 0, completed: 0)].completed += try row.decode(column: "c", as: Int?.self) ?? 0
            }
            let visible: (Row) -> Bool = { row in
                switch BatchPolicy.visibility(p) {
                case .all: true
                case .district(let code): row.district == nil || row.district == code
                default: false
                }
            }
            return rows.values.filter(visible).sorted { ($0.district ?? "") < ($1.district ?? "") }
        }
    }
}
