import PinzhiDomain
import SQLKit

/// The risk map (SPEC RK-4): products × districts from the risk items in the reader's scope (one GROUP BY), the
/// products' grades, and the year's failure rates from the statistics rollup (NonConformanceRates.cross).
public struct RiskMapQuery: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    /// Every product × district with items or checks, by product then district.
    public func cells(year: Int, today: Day, rules: RuleSet, as p: Principal) async throws -> [RiskMapCell] {
        guard RiskPolicy.readerRoles.contains(p.role) else { throw StoreError.forbidden }
        let since = ProductGrade.windowStart(today, months: rules.int("productGradeMonths")).description
        var cells: [String: RiskMapCell] = [:]
        let (items, products, grades) = try await database.session { db in
            let items = try await EnforcementScope.visible(
                db.select().column("product_id").column("district_code").column("state").column("risk_level").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                    .from(SQLAlias(SQLIdentifier("risk_items"), as: SQLIdentifier("r")))
                    .where(SQLColumn("reported_on", table: "r"), .greaterThanOrEqual, SQLBind(since))
                    .where(SQLColumn("district_code", table: "r"), .isNot, SQLLiteral.null)
                    .groupBy("product_id").groupBy("district_code").groupBy("state").groupBy("risk_level"), p, table: "r").all()
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
        for row in items {
            let product = try row.decode(column: "product_id", as: Int64.self), district = try row.decode(column: "district_code", as: String.self)
            let n = try row.decode(column: "n", as: Int.self)
            let state = RiskItemState(rawValue: try row.decode(column: "state", as: String.self)) ?? .reported
            var c = cell(product, district)
            c.items += n
            if RiskItemState.open.contains(state) { c.openItems += n }
            if state != .rejected, let level = ProductRiskLevel(rawValue: try row.decode(column: "risk_level", as: String.self)) {
                c.highestLevel = max(c.highestLevel ?? level, level)
            }
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
    /// the year's checks of their enterprises; the riskiest first (highest level, open items, failure rate).
    public func clusters(year: Int, today: Day, rules: RuleSet, as p: Principal) async throws -> [RiskClusterRow] {
        guard RiskPolicy.readerRoles.contains(p.role) else { throw StoreError.forbidden }
        let since = ProductGrade.windowStart(today, months: rules.int("productGradeMonths")).description
        return try await database.session { db in
            var rows: [String: RiskClusterRow] = [:]
            let clustered = SQLRaw("e.cluster IS NOT NULL AND e.cluster <> ''")
            for row in try await db.select().column("cluster").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e"))).where(clustered).groupBy("cluster").all() {
                let name = try row.decode(column: "cluster", as: String.self)
                rows[name] = RiskClusterRow(cluster: name, enterprises: try row.decode(column: "n", as: Int.self))
            }
            let items = try await EnforcementScope.visible(
                db.select().column(SQLColumn("cluster", table: "e"), as: "cluster").column(SQLColumn("state", table: "r"), as: "state")
                    .column(SQLColumn("risk_level", table: "r"), as: "risk_level").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                    .from(SQLAlias(SQLIdentifier("risk_items"), as: SQLIdentifier("r")))
                    .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "r"), .equal, SQLColumn("id", table: "e"))
                    .where(SQLColumn("reported_on", table: "r"), .greaterThanOrEqual, SQLBind(since)).where(clustered)
                    .groupBy(SQLColumn("cluster", table: "e")).groupBy(SQLColumn("state", table: "r")).groupBy(SQLColumn("risk_level", table: "r")),
                p, table: "r").all()
            for row in items {
                let name = try row.decode(column: "cluster", as: String.self), n = try row.decode(column: "n", as: Int.self)
                let state = RiskItemState(rawValue: try row.decode(column: "state", as: String.self)) ?? .reported
                var c = rows[name] ?? RiskClusterRow(cluster: name)
                c.items += n
                if RiskItemState.open.contains(state) { c.openItems += n }
                if state != .rejected, let level = ProductRiskLevel(rawValue: try row.decode(column: "risk_level", as: String.self)) {
                    c.highestLevel = max(c.highestLevel ?? level, level)
                }
                rows[name] = c
            }
            let checks = try await BatchRepository.visible(
                BatchRepository.ofPlanYear(db.select().column(SQLColumn("cluster", table: "e"), as: "cluster").column(StatsSQL.tested, as: "n")
                    .column(StatsSQL.failed, as: "f"), year)
                    .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "b"), .equal, SQLColumn("id", table: "e")), p)
                .where(SQLColumn("verdict", table: "b"), .isNot, SQLLiteral.null)
                .where(clustered).groupBy(SQLColumn("cluster", table: "e")).all()
            for row in checks {
                let name = try row.decode(column: "cluster", as: String.self)
                var c = rows[name] ?? RiskClusterRow(cluster: name)
                c.tested = try row.decode(column: "n", as: Int.self)
                c.failed = try row.decode(column: "f", as: Int?.self) ?? 0
                rows[name] = c
            }
            // ProductRiskLevel orders low < … < serious as its cases do.
            func rank(_ l: ProductRiskLevel?) -> Int { l.flatMap { ProductRiskLevel.allCases.firstIndex(of: $0) } ?? -1 }
            return rows.values.sorted { a, b in
                (rank(a.highestLevel), a.openItems, a.rate ?? 0, b.cluster) > (rank(b.highestLevel), b.openItems, b.rate ?? 0, a.cluster)
            }
        }
    }
}
