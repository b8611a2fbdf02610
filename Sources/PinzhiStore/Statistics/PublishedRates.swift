import PinzhiDomain
import SQLKit

/// Public aggregate statistics (PB-1): computed from the published snapshots only, so nothing unpublished can leak,
/// by product or district for the year of publication.
public struct PublishedRates: Sendable {
    let database: PinzhiDatabase
    let cache: PublishedRatesCache?

    public init(_ database: PinzhiDatabase, cache: PublishedRatesCache? = nil) {
        self.database = database
        self.cache = cache
    }

    public enum Dimension: String, Sendable, CaseIterable {
        case product
        case district
    }

    public func by(_ dimension: Dimension, year: Int) async throws -> [RateCell] {
        guard let cache else { return try await computed(dimension, year: year) }
        let generation = try await database.session { try await PublicationStore.generation($0) }
        return try await cache.value("\(dimension.rawValue)|\(year)", generation: generation) { try await computed(dimension, year: year) }
    }

    func computed(_ dimension: Dimension, year: Int) async throws -> [RateCell] {
        try await database.session { db in
            let key: SQLColumn = dimension == .product ? SQLColumn("product_id", table: "pu") : SQLColumn("district", table: "pu")
            var q = db.select().column(key, as: "k").column(SQLRaw("COUNT(*)"), as: "n")
                .column(SQLRaw("CAST(SUM(CASE WHEN pu.failed THEN 1 ELSE 0 END) AS BIGINT)"), as: "f")
                .from(SQLAlias(SQLIdentifier("publications"), as: SQLIdentifier("pu")))
                .where(SQLColumn("published_on", table: "pu"), .greaterThanOrEqual, SQLBind("\(year)-01-01"))
                .where(SQLColumn("published_on", table: "pu"), .lessThanOrEqual, SQLBind("\(year)-12-31"))
                .groupBy(key)
            if dimension == .product {
                q = q.column(SQLColumn("name", table: "p"), as: "l")
                    .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), on: SQLColumn("product_id", table: "pu"), .equal, SQLColumn("id", table: "p"))
                    .groupBy(SQLColumn("name", table: "p"))
            }
            return try await q.all().map { row in
                let k = try NonConformanceRates.text(row, "k")
                let label = dimension == .product ? (try row.decode(column: "l", as: String.self)) : District.named(code: k)
                return RateCell(key: k, label: label, tested: try row.decode(column: "n", as: Int.self), failed: try row.decode(column: "f", as: Int?.self) ?? 0)
            }.sorted { $0.label < $1.label }
        }
    }
}
