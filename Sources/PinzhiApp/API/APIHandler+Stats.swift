import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Statistics for the roles that see them (SPEC SC-10), the same figures as the dashboard's, crossed by up to three
/// dimensions.
extension APIHandler {
    func getRates(_ input: Operations.GetRates.Input) async throws -> Operations.GetRates.Output {
        let p = try bridge.principal()
        guard StatsPolicy.seesStatistics(p.role) else { throw WebError.forbidden }
        let dimensions = input.query.groupBy.compactMap { StatsDimension(rawValue: $0.rawValue) }
        guard (1...3).contains(dimensions.count), Set(dimensions).count == dimensions.count else {
            throw WebError.badRequest("groupBy 应为一到三个不重复的维度", field: "groupBy")
        }
        let year = input.query.year ?? services.today().year
        guard (2000...2100).contains(year) else { throw WebError.badRequest("year 应在2000到2100之间", field: "year") }
        let cells = try await NonConformanceRates(services.database).cross(dimensions, year: year,
                                                                             mode: input.query.mode.flatMap { CheckMode(rawValue: $0.rawValue) }, as: p)
        return .ok(.init(body: .json(.init(year: year, groupBy: dimensions.map(\.rawValue), cells: cells.map { c in
            .init(keys: c.key.components(separatedBy: "|"), labels: c.label.components(separatedBy: " · "), tested: c.tested, failed: c.failed,
                  rate: c.rate, low: c.interval?.low, high: c.interval?.high, previousTested: c.previousTested, previousFailed: c.previousFailed,
                  change: c.change)
        }))))
    }
}

/// Every table of the statistics dashboard, as its export: the same header and figures.
extension APIHandler {
    func getStatsTable(_ input: Operations.GetStatsTable.Input) async throws -> Operations.GetStatsTable.Output {
        let p = try bridge.principal()
        guard StatsPolicy.seesStatistics(p.role) else { throw WebError.forbidden }
        let year = input.query.year ?? services.today().year
        guard (2000...2100).contains(year) else { throw WebError.badRequest("年度应在2000至2100之间", field: "year") }
        guard let table = try await StatsTable.make(input.path.table.rawValue, year: year, as: p, services: services)
        else { throw WebError.notFound }
        return .ok(.init(body: .json(.init(name: table.name, header: table.header, rows: table.rows))))
    }
}
