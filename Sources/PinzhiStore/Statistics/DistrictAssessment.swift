import PinzhiDomain
import SQLKit

/// The district assessment (SPEC SC-10, seed 004 §十): for each district, the failed batches of its enterprises in a
/// year, how many are closed, how many open items are past their deadline, and the case transfer rate (case leads
/// per failure); within the principal's scope.
public struct DistrictAssessment: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Row: Sendable, Equatable {
        public var district: String
        public var failed: Int
        public var closed: Int
        public var overdue: Int
        public var caseLeads: Int

        public var closedShare: Double? { failed == 0 ? nil : Double(closed) / Double(failed) }
        public var caseTransferRate: Double? { failed == 0 ? nil : Double(caseLeads) / Double(failed) }
    }

    public func of(year: Int, today: Day, as p: Principal) async throws -> [Row] {
        let rules = try await RuleRepository(database).effective(on: today)
        let calendar = try await CalendarRepository(database).calendar()
        var filter = BatchFilter()
        filter.year = year
        filter.verdict = .fail
        let failed = try await BatchRepository(database).all(filter, as: p).filter { BatchState.final.contains($0.state) }
        let ids = failed.map(\.id)
        let leads: [Int64: Int] = ids.isEmpty ? [:] : try await database.session { db in
            var found: [Int64: Int] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                for row in try await db.select().column("batch_id").from("case_leads").where("batch_id", .in, chunk).all() {
                    found[try row.decode(column: "batch_id", as: Int64.self), default: 0] += 1
                }
            }
            return found
        }
        return Dictionary(grouping: failed, by: \.enterpriseDistrict).map { district, batches in
            Row(district: district, failed: batches.count, closed: batches.filter { $0.state == .closed }.count,
                overdue: batches.filter { b in b.state != .closed && (BatchWorkflow.deadline(b, rules: rules, calendar: calendar).map { $0 < today } ?? false) }.count,
                caseLeads: batches.filter { (leads[$0.id] ?? 0) > 0 }.count)
        }.sorted { ($0.overdue, $0.failed) > ($1.overdue, $1.failed) }
    }
}
