import PinzhiDomain
import PinzhiStore

/// Public rates (PB-1) from published results only. A cell with fewer batches than the rule parameter
/// `smallCellCount` carries no figures, so that no single enterprise can be singled out from an aggregate.
struct PublicStatsTable: Sendable {
    struct Cell: Sendable {
        var key: String
        var label: String
        /// Nil when the cell is suppressed.
        var figures: RateCell?
    }

    var year: Int
    var dimension: PublishedRates.Dimension
    var minimum: Int
    var cells: [Cell]

    static func load(_ dimension: PublishedRates.Dimension, year: Int, _ services: AppServices) async throws -> PublicStatsTable {
        let minimum = try await RuleRepository(services.database).effective(on: services.today()).int("smallCellCount")
        let cells = try await PublishedRates(services.database, cache: services.publishedRates).by(dimension, year: year)
        return PublicStatsTable(year: year, dimension: dimension, minimum: minimum,
                                cells: cells.map { Cell(key: $0.key, label: $0.label, figures: $0.tested >= minimum ? $0 : nil) })
    }
}
