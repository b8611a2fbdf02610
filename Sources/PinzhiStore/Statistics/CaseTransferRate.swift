import PinzhiDomain
import SQLKit

/// 转案率 as SPEC EN-1 defines it (003 §十四): cases filed from a spot check's leads ÷ (failed batches + refusals)
/// of the plan year — cases, not leads. A batch's cases count toward the year of its plan; a failure is a batch
/// whose verdict is final and failed, a refusal a batch in the refused state; both within the principal's scope.
public struct CaseTransferRate: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct Row: Sendable, Equatable, Codable {
        /// The district of the enterprises counted; nil for the whole selection.
        public var district: String?
        public var failedBatches: Int
        public var refusals: Int
        public var leads: Int
        public var cases: Int

        public var rate: Double? { failedBatches + refusals == 0 ? nil : Double(cases) / Double(failedBatches + refusals) }
    }

    /// The year's figures for the whole scope (or one district) and, in `districts`, for each district.
    public func of(year: Int, district: String? = nil, as p: Principal) async throws -> (total: Row, districts: [Row]) {
        // Only the failures and refusals, and only what is counted of them: a year holds a million batches at city
        // scale (issue 21).
        let final = BatchState.final.map(\.rawValue).sorted()
        let batches: [Counted] = try await database.session { db in
            var q = BatchRepository.visible(BatchRepository.ofPlanYear(db.select().column(SQLColumn("id", table: "b"), as: "id")
                .column(SQLColumn("state", table: "b"), as: "state").column(SQLColumn("enterprise_district", table: "b"), as: "district"), year), p)
                .where { g in
                    g.where(SQLColumn("state", table: "b"), .equal, SQLBind(BatchState.refused.rawValue)).orWhere { f in
                        f.where(SQLColumn("verdict", table: "b"), .equal, SQLBind(ItemVerdict.fail.rawValue))
                            .where(SQLColumn("state", table: "b"), .in, SQLBind.group(final))
                    }
                }
            if let district, !district.isEmpty { q = q.where(SQLColumn("enterprise_district", table: "b"), .equal, SQLBind(district)) }
            return try await q.all().map { row in
                Counted(id: try row.decode(column: "id", as: Int64.self), refused: try row.decode(column: "state", as: String.self) == BatchState.refused.rawValue,
                        enterpriseDistrict: try row.decode(column: "district", as: String.self))
            }
        }
        let (leads, cases) = try await counts(batches.map(\.id))
        func row(_ district: String?, _ group: [Counted]) -> Row {
            Row(district: district, failedBatches: group.filter { !$0.refused }.count, refusals: group.filter(\.refused).count,
                leads: group.reduce(0) { $0 + (leads[$1.id] ?? 0) }, cases: group.reduce(0) { $0 + (cases[$1.id] ?? 0) })
        }
        let districts = Dictionary(grouping: batches, by: \.enterpriseDistrict).map { row($0.key, $0.value) }
            .sorted { ($0.rate ?? -1, $0.district ?? "") > ($1.rate ?? -1, $1.district ?? "") }
        return (row(district, batches), districts)
    }

    /// A failure or refusal as counted.
    struct Counted: Sendable {
        var id: Int64
        var refused: Bool
        var enterpriseDistrict: String
    }

    /// Spot-check leads and the cases filed from them, per batch.
    func counts(_ ids: [Int64]) async throws -> (leads: [Int64: Int], cases: [Int64: Int]) {
        guard !ids.isEmpty else { return ([:], [:]) }
        let sources = SQLBind.group(LeadSource.allCases.filter(\.fromSpotCheck).map(\.rawValue))
        return try await database.session { db in
            var leads: [Int64: Int] = [:], cases: [Int64: Int] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
                for row in try await db.select().column("batch_id").column("case_id").from("leads")
                    .where("batch_id", .in, SQLBind.group(chunk)).where("source", .in, sources).all() {
                    let batch = try row.decode(column: "batch_id", as: Int64.self)
                    leads[batch, default: 0] += 1
                    if try row.decode(column: "case_id", as: Int64?.self) != nil { cases[batch, default: 0] += 1 }
                }
            }
            return (leads, cases)
        }
    }
}
