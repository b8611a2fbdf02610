import PinzhiDomain
import SQLKit

/// Where the failed batches of a year stand in post-handling (SPEC SC-9, the funnel), within scope: how many reached
/// each stage, and how many of those still open are past their deadline.
public struct HandlingFunnel: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Stage: Sendable, Equatable {
        public var state: BatchState
        public var reached: Int
        public var waiting: Int
        public var overdue: Int
    }

    public static let order: [BatchState] = [.concluded, .transferred, .received, .ordered, .rectified, .closed]

    /// - Parameter failed: the year's failures when the caller has read them already (the dashboard reads them once
    ///   for this and the district assessment).
    public func of(year: Int, today: Day, as p: Principal, failed: BatchRepository.FailedOfYear? = nil) async throws -> [Stage] {
        let rules = try await RuleRepository(database).effective(on: today)
        let calendar = try await CalendarRepository(database).calendar()
        let read: BatchRepository.FailedOfYear
        if let failed { read = failed } else { read = try await BatchRepository(database).failedOfYear(year, as: p) }
        let at = read.counts.reduce(into: [BatchState: Int]()) { $0[$1.state, default: 0] += $1.n }
        let late = read.overdue(on: today, rules: rules, calendar: calendar)
        return Self.order.enumerated().map { index, state in
            let reached = Self.order[index...].reduce(0) { $0 + (at[$1] ?? 0) }
            let overdue = late.filter { $0.state == state }.count
            return Stage(state: state, reached: reached, waiting: state == .closed ? 0 : at[state] ?? 0, overdue: overdue)
        }
    }
}
