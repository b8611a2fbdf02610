import Foundation
import PinzhiDomain
import SQLKit

/// An enterprise's quality archive 企业质量档案 (TA-3): every check with its result, objection and post-handling,
/// its case leads, and its credit class over time from the audit trail, within the principal's scope.
public struct EnterpriseArchive: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct CaseLead: Sendable, Equatable {
        public var batchNumber: String
        public var summary: String
        public var state: String
        public var createdAt: String
    }

    public struct CreditChange: Sendable, Equatable {
        public var at: String
        public var creditClass: String
        public var by: String
    }

    public struct Archive: Sendable {
        public var enterprise: Enterprise
        public var batches: [Batch]
        public var caseLeads: [CaseLead]
        public var credit: [CreditChange]
    }

    /// Nil when the enterprise is not in the principal's scope.
    public func of(_ enterpriseId: Int64, as p: Principal) async throws -> Archive? {
        guard let enterprise = try await MasterRepository<Enterprise>(database).find(enterpriseId, as: p) else { return nil }
        var filter = BatchFilter()
        filter.enterpriseId = enterpriseId
        let batches = BatchPolicy.visibility(p) == .none ? [] : try await BatchRepository(database).all(filter, as: p)
            .filter { $0.state != .cancelled }
        let numbers = Dictionary(batches.map { ($0.id, $0.number) }, uniquingKeysWith: { a, _ in a })
        let leads = try await database.session { db in
            try await db.select().column("*").from("case_leads").where("enterprise_id", .equal, enterpriseId).orderBy("id").all()
        }.compactMap { row -> CaseLead? in
            guard let batch = try? row.decode(column: "batch_id", as: Int64.self), let number = numbers[batch] else { return nil }
            return CaseLead(batchNumber: number, summary: (try? row.decode(column: "summary", as: String.self)) ?? "",
                            state: (try? row.decode(column: "state", as: String.self)) == "open" ? "待核查" : "已处理",
                            createdAt: (try? row.decode(column: "created_at", as: String.self)) ?? "")
        }
        var credit: [CreditChange] = []
        var last: String?
        for entry in try await AuditQueries(database).history(entity: RecordKind.enterprise.rawValue, id: enterpriseId).reversed() {
            guard let json = entry.afterJson, let after = try? JSONDecoder().decode(Enterprise.self, from: Data(json.utf8)) else { continue }
            if after.creditClass != last {
                credit.append(CreditChange(at: entry.at, creditClass: after.creditClass, by: entry.actorName))
                last = after.creditClass
            }
        }
        return Archive(enterprise: enterprise, batches: batches, caseLeads: leads, credit: credit)
    }
}
