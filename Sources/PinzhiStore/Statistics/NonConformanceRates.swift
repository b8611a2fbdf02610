import PinzhiDomain
import SQLKit

/// Non-conformance rates (SPEC SC-10) from the batches with a verdict, by one dimension, for a year and the year
/// before, within the principal's scope. One GROUP BY over indexed columns; the labels are joined in.
public struct NonConformanceRates: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// `mode` narrows to one way of checking, e.g. the evaluation checks whose pass rate is reported by region.
    /// City and district scopes read the rollup; any other scope (none sees statistics today) counts the batches.
    public func by(_ dimension: StatsDimension, year: Int, mode: CheckMode? = nil, as p: Principal) async throws -> [RateCell] {
        StatsSQL.RollupScope(p) == nil ? try await fromBatches(dimension, year: year, mode: mode, as: p)
            : try await fromRollup(dimension, year: year, mode: mode, as: p)
    }

    func fromRollup(_ dimension: StatsDimension, year: Int, mode: CheckMode?, as p: Principal) async throws -> [RateCell] {
        try await cross([dimension], year: year, mode: mode, as: p)
    }

    /// Rates broken down by several dimensions at once (product × district, say), from the rollup, for a scope
    /// that may see statistics. A cell's key and label join its dimensions' with "|" and " · ".
    public func cross(_ dimensions: [StatsDimension], year: Int, mode: CheckMode? = nil, as p: Principal) async throws -> [RateCell] {
        guard let scope = StatsSQL.RollupScope(p) else { throw StoreError.forbidden }
        // The rollup changes only with a verdict, in the transaction that records it: kept until the next write.
        let key = "rates|\(dimensions.map(\.rawValue).joined(separator: ","))|\(year)|\(mode?.rawValue ?? "")|\(scope.district ?? "all")"
        return try await database.reads.value(key) { try await crossFromRollup(dimensions, year: year, mode: mode, district: scope.district) }
    }

    private func crossFromRollup(_ dimensions: [StatsDimension], year: Int, mode: CheckMode?, district: String?) async throws -> [RateCell] {
        try await database.session { db in
            let r = "r"
            var q = db.select().column(SQLColumn("year", table: r), as: "y")
                .column(SQLRaw("CAST(SUM(r.tested) AS BIGINT)"), as: "n").column(SQLRaw("CAST(SUM(r.failed) AS BIGINT)"), as: "f")
                .from(SQLAlias(SQLIdentifier("rate_rollup"), as: SQLIdentifier(r)))
                .where(SQLColumn("year", table: r), .in, SQLBind.group([year, year - 1]))
                .groupBy(SQLColumn("year", table: r))
            for (index, dimension) in dimensions.enumerated() {
                let (key, label): (SQLColumn, SQLColumn) = switch dimension {
                case .product: (SQLColumn("product_id", table: r), SQLColumn("name", table: "p"))
                case .district: (SQLColumn("enterprise_district", table: r), SQLColumn("enterprise_district", table: r))
                case .stage: (SQLColumn("stage", table: r), SQLColumn("stage", table: r))
                case .mode: (SQLColumn("mode", table: r), SQLColumn("mode", table: r))
                case .agency: (SQLColumn("agency_id", table: r), SQLColumn("name", table: "a"))
                }
                q = q.column(key, as: "k\(index)").column(label, as: "l\(index)").groupBy(key).groupBy(label)
                if dimension == .product {
                    q = q.join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), on: SQLColumn("product_id", table: r), .equal, SQLColumn("id", table: "p"))
                }
                if dimension == .agency {
                    q = q.join(SQLAlias(SQLIdentifier("agencies"), as: SQLIdentifier("a")), on: SQLColumn("agency_id", table: r), .equal, SQLColumn("id", table: "a"))
                }
            }
            if let mode { q = q.where(SQLColumn("mode", table: r), .equal, SQLBind(mode.rawValue)) }
            q = StatsSQL.districtScope(q, district, table: r)
            return try Self.cells(try await q.all(), dimensions, year: year)
        }
    }

    /// The same figures counted from the batches: the reference the rollup is tested against, and the path for
    /// scopes the rollup cannot express (an agency's recheck batches).
    func fromBatches(_ dimension: StatsDimension, year: Int, mode: CheckMode?, as p: Principal) async throws -> [RateCell] {
        try await database.session { db in
            let key: SQLColumn
            let label: SQLColumn
            switch dimension {
            case .product: (key, label) = (SQLColumn("product_id", table: "b"), SQLColumn("name", table: "p"))
            case .district: (key, label) = (SQLColumn("enterprise_district", table: "b"), SQLColumn("enterprise_district", table: "b"))
            case .stage: (key, label) = (SQLColumn("stage", table: "b"), SQLColumn("stage", table: "b"))
            case .mode: (key, label) = (SQLColumn("mode", table: "b"), SQLColumn("mode", table: "b"))
            case .agency: (key, label) = (SQLColumn("agency_id", table: "b"), SQLColumn("name", table: "a"))
            }
            var q = BatchRepository.visible(
                BatchRepository.from(db.select().column(key, as: "k0").column(label, as: "l0").column(SQLColumn("year", table: "pl"), as: "y")
                    .column(StatsSQL.tested, as: "n")
                    .column(StatsSQL.failed, as: "f")), p)
                .where(SQLColumn("verdict", table: "b"), .isNot, SQLLiteral.null)
                .where(SQLColumn("year", table: "pl"), .in, SQLBind.group([year, year - 1]))
                .groupBy(key).groupBy(label).groupBy(SQLColumn("year", table: "pl"))
            if let mode { q = q.where(SQLColumn("mode", table: "b"), .equal, SQLBind(mode.rawValue)) }
            return try Self.cells(try await q.all(), [dimension], year: year)
        }
    }

    static func cells(_ rows: [any SQLRow], _ dimensions: [StatsDimension], year: Int) throws -> [RateCell] {
        var cells: [String: RateCell] = [:]
        for row in rows {
            let k = try dimensions.indices.map { try Self.text(row, "k\($0)") }.joined(separator: "|")
            let y = try row.decode(column: "y", as: Int.self)
            let n = try row.decode(column: "n", as: Int.self)
            let f = try row.decode(column: "f", as: Int?.self) ?? 0
            let l = try dimensions.enumerated().map { Self.label($0.element, try Self.text(row, "l\($0.offset)")) }.joined(separator: " · ")
            var cell = cells[k] ?? RateCell(key: k, label: l, tested: 0, failed: 0)
            if y == year { cell.tested += n; cell.failed += f } else { cell.previousTested += n; cell.previousFailed += f }
            cells[k] = cell
        }
        return cells.values.filter { $0.tested > 0 }.sorted { ($0.rate ?? 0, $0.tested, $1.key) > ($1.rate ?? 0, $1.tested, $0.key) }
    }

    /// The total over the principal's scope; for a district also the city-wide total, which the city publishes anyway.
    public func total(year: Int, as p: Principal) async throws -> RateCell {
        let cells = try await by(.stage, year: year, as: p)
        return RateCell(key: "all", label: "合计", tested: cells.reduce(0) { $0 + $1.tested }, failed: cells.reduce(0) { $0 + $1.failed },
                        previousTested: cells.reduce(0) { $0 + $1.previousTested }, previousFailed: cells.reduce(0) { $0 + $1.previousFailed })
    }

    /// A key column may hold an id or a code. PostgreSQL would read an id's binary integer as text without
    /// complaint, so the integer reading is tried first; SQLite refuses it for text, which then reads as text.
    static func text(_ row: any SQLRow, _ column: String) throws -> String {
        if let n = try? row.decode(column: column, as: Int64.self) { return String(n) }
        return try row.decode(column: column, as: String.self)
    }

    static func label(_ dimension: StatsDimension, _ raw: String) -> String {
        switch dimension {
        case .district: District.named(code: raw)
        case .mode: CheckMode(rawValue: raw)?.label ?? raw
        case .stage: SamplingStage(rawValue: raw)?.label ?? raw
        default: raw
        }
    }
}
