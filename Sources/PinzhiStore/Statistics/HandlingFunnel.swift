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

    public func of(year: Int, today: Day, as p: Principal) async throws -> [Stage] {
        let rules = try await RuleRepository(database).effective(on: today)
        let calendar = try await CalendarRepository(database).calendar()
        var filter = BatchFilter()
        filter.year = year
        filter.verdict = .fail
        filter.states = Self.order
        let failed = try await BatchRepository(database).all(filter, as: p)
        return Self.order.enumerated().map { index, state in
            let at = failed.filter { $0.state == state }
            let reached = failed.filter { (Self.order.firstIndex(of: $0.state) ?? 0) >= index }.count
            let overdue = at.filter { b in BatchWorkflow.deadline(b, rules: rules, calendar: calendar).map { $0 < today } ?? false }.count
            return Stage(state: state, reached: reached, waiting: state == .closed ? 0 : at.count, overdue: overdue)
        }
    }
}
