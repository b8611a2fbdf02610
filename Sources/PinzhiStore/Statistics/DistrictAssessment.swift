import PinzhiDomain
import SQLKit

/// The district assessment (SPEC SC-10, seed 004 §十): for each district, the failed batches of its enterprises in a
/// year, how many are closed, how many open items are past their deadline, and the 转案率 (CaseTransferRate: cases,
/// not leads, per failure or refusal); within the principal's scope.
public struct DistrictAssessment: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Row: Sendable, Equatable {
        public var district: String
        public var failed: Int
        public var closed: Int
        public var overdue: Int
        public var refusals: Int
        public var cases: Int

        public var closedShare: Double? { failed == 0 ? nil : Double(closed) / Double(failed) }
        public var caseTransferRate: Double? { failed + refusals == 0 ? nil : Double(cases) / Double(failed + refusals) }
    }

    /// - Parameter failed: the year's failures when the caller has read them already.
    public func of(year: Int, today: Day, as p: Principal, failed: BatchRepository.FailedOfYear? = nil) async throws -> [Row] {
        let rules = try await RuleRepository(database).effective(on: today)
        let calendar = try await CalendarRepository(database).calendar()
        let read: BatchRepository.FailedOfYear
        if let failed { read = failed } else { read = try await BatchRepository(database).failedOfYear(year, as: p) }
        let counts = read.counts.filter { BatchState.final.contains($0.state) }
        let overdue = read.overdue(on: today, rules: rules, calendar: calendar).filter { BatchState.final.contains($0.state) }
        let transfer = Dictionary(try await CaseTransferRate(database).of(year: year, as: p).districts.map { ($0.district ?? "", $0) },
                                  uniquingKeysWith: { a, _ in a })
        return Dictionary(grouping: counts, by: \.district).map { district, counts in
            Row(district: district, failed: counts.reduce(0) { $0 + $1.n }, closed: counts.filter { $0.state == .closed }.reduce(0) { $0 + $1.n },
                overdue: overdue.filter { $0.enterpriseDistrict == district }.count,
                refusals: transfer[district]?.refusals ?? 0, cases: transfer[district]?.cases ?? 0)
        }.sorted { ($0.overdue, $0.failed) > ($1.overdue, $1.failed) }
    }
}
