import PinzhiDomain
import SQLKit

/// The risk map (SPEC RK-4): products × districts from the risk items in the reader's scope (RiskRollup), the
/// products' grades, and the year's failure rates from the statistics rollup (NonConformanceRates.cross); and the
/// industrial clusters. Every figure is read from a rollup kept with the steps, so that the map right after a write
/// costs what the rollups' rows cost, not the city's items and checks (issue 21 item 5).
public struct RiskMapQuery: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// Every product × district with items or checks, by product then district.
    public func cells(year: Int, today: Day, rules: RuleSet, as p: Principal) async throws -> [RiskMapCell] {
        guard RiskPolicy.readerRoles.contains(p.role) else { throw StoreError.forbidden }
        let since = ProductGrade.windowStart(today, months: rules.int("productGradeMonths"))
        var cells: [String: RiskMapCell] = [:]
        let (items, products, grades) = try await database.session { db in
            let items = try await RiskRollup.counts(db, since: since, by: [.product, .district], scope: EnforcementPolicy.districtScope(p))
            let products = try await db.select().columns("id", "name").from("products").all().reduce(into: [Int64: String]()) { m, r in
                m[try r.decode(column: "id", as: Int64.self)] = try r.decode(column: "name", as: String.self)
            }
            let grades = try await db.select().column("*").from("product_grades").orderBy("id").all()
            return (items, products, grades)
        }
        let current = try Dictionary(grouping: grades, by: { try $0.decode(column: "product_id", as: Int64.self) })
            .mapValues { try ProductGradeStore.Current($0.map(ProductGradeStore.decode)).effective }
        func cell(_ product: Int64, _ district: String) -> RiskMapCell {
            cells["\(product)|\(district)"] ?? RiskMapCell(productId: product, productName: products[product] ?? "#\(product)", districtCode: district,
                                                           productGrade: current[product] ?? nil)
        }
        for count in items {
            guard let product = Int64(count.values[0]) else { continue }
            let district = count.values[1]
            var c = cell(product, district)
            Self.add(count, to: &c.items, open: &c.openItems, highest: &c.highestLevel)
            cells["\(product)|\(district)"] = c
        }
        // Readers without statistics (none today among risk readers) see the items alone.
        let rates = (try? await NonConformanceRates(database).cross([.product, .district], year: year, as: p)) ?? []
        for r in rates where r.tested > 0 {
            let parts = r.key.split(separator: "|").map(String.init)
            guard parts.count == 2, let product = Int64(parts[0]), District.isKnown(parts[1]) else { continue }
            var c = cell(product, parts[1])
            c.tested = r.tested
            c.failed = r.failed
            cells["\(product)|\(parts[1])"] = c
        }
        return cells.values.sorted { ($0.productName, $0.districtCode) < ($1.productName, $1.districtCode) }
    }

    /// The industrial clusters with enterprises, their risk items in the reader's scope within the grade's window and
    /// the year's checks of their enterprises, each under the cluster the enterprise names today; the riskiest first
    /// (highest level, open items, failure rate). The items and checks come from the rollups kept with every step
    /// (RiskRollup, ClusterRollup), the members from the index of clustered enterprises (Migration048).
    public func clusters(year: Int, today: Day, rules: RuleSet, as p: Principal) async throws -> [RiskClusterRow] {
        guard RiskPolicy.readerRoles.contains(p.role) else { throw StoreError.forbidden }
        let since = ProductGrade.windowStart(today, months: rules.int("productGradeMonths"))
        // The members are counted from the index of clustered enterprises (about 50 ms at L on PostgreSQL, the most of
        // this read) on a connection of their own, beside the rollups' rows.
        async let members = database.session { db in
            try await db.select().column("cluster").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from("enterprises").where(SQLRaw("cluster IS NOT NULL AND cluster <> ''")).groupBy("cluster")
                .all { row in (name: try row.decode(column: "cluster", as: String.self), enterprises: try row.decode(column: "n", as: Int.self)) }
        }
        let rollups = try await database.session { db in
            var rows: [String: RiskClusterRow] = [:]
            for count in try await RiskRollup.counts(db, since: since, by: [.cluster], scope: EnforcementPolicy.districtScope(p)) {
                let name = count.values[0]
                var c = rows[name] ?? RiskClusterRow(cluster: name)
                Self.add(count, to: &c.items, open: &c.openItems, highest: &c.highestLevel)
                rows[name] = c
            }
            // Risk readers all see statistics in a rollup's scope (the city's or a district's).
            if let scope = StatsSQL.RollupScope(p) {
                for (name, checks) in try await ClusterRollup.checks(db, year: year, scope: scope) {
                    var c = rows[name] ?? RiskClusterRow(cluster: name)
                    c.tested = checks.tested
                    c.failed = checks.failed
                    rows[name] = c
                }
            }
            return rows
        }
        var rows = rollups
        for member in try await members { rows[member.name, default: RiskClusterRow(cluster: member.name)].enterprises = member.enterprises }
        // ProductRiskLevel orders low < … < serious as its cases do.
        func rank(_ l: ProductRiskLevel?) -> Int { l.flatMap { ProductRiskLevel.allCases.firstIndex(of: $0) } ?? -1 }
        return rows.values.sorted { a, b in
            (rank(a.highestLevel), a.openItems, a.rate ?? 0, b.cluster) > (rank(b.highestLevel), b.openItems, b.rate ?? 0, a.cluster)
        }
    }

    /// One group of items counted into a cell or cluster: all of them, the open ones, the highest level among those
    /// adopted.
    static func add(_ count: RiskRollup.Count, to items: inout Int, open: inout Int, highest: inout ProductRiskLevel?) {
        let state = RiskItemState(rawValue: count.state) ?? .reported
        items += count.items
        if RiskItemState.open.contains(state) { open += count.items }
        if state != .rejected, let level = ProductRiskLevel(rawValue: count.level) { highest = max(highest ?? level, level) }
    }
}
