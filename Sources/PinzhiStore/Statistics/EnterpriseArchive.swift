import Foundation
import PinzhiDomain
import SQLKit

/// An enterprise's quality archive 企业质量档案 (TA-3): every check with its result, objection and post-handling,
/// its case leads and cases (for those who may read them), and its credit class over time from the audit trail, within the principal's scope.
public struct EnterpriseArchive: Sendable {
    let database: PinzhiDatabase

    public init(_ database: PinzhiDatabase) { self.database = database }

    public struct CreditChange: Sendable, Equatable {
        public var at: String
        public var creditClass: String
        public var by: String
    }

    public struct Archive: Sendable {
        public var enterprise: Enterprise
        public var batches: [Batch]
        public var caseLeads: [CaseLead]
        public var cases: [EnforcementCase]
        public var credit: [CreditChange]
    }

    /// Nil when the enterprise is not in the principal's scope.
    public func of(_ enterpriseId: Int64, as p: Principal) async throws -> Archive? {
        guard let enterprise = try await MasterRepository<Enterprise>(database).find(enterpriseId, as: p) else { return nil }
        var filter = BatchFilter()
        filter.enterpriseId = enterpriseId
        let batches = BatchPolicy.visibility(p) == .none ? [] : try await BatchRepository(database).all(filter, as: p)
            .filter { $0.state != .cancelled }
        // Leads and cases are the enforcement side's: shown to those who may read them (EnforcementPolicy), in their scope.
        var leadFilter = LeadRepository.Filter()
        leadFilter.enterpriseId = enterpriseId
        let leads = try await LeadRepository(database).page(leadFilter, limit: 500, offset: 0, as: p).items
        var caseFilter = CaseRepository.Filter()
        caseFilter.enterpriseId = enterpriseId
        let cases = try await CaseRepository(database).page(caseFilter, limit: 500, offset: 0, as: p).items
        var credit: [CreditChange] = []
        var last: String?
        for entry in try await AuditQueries(database).history(entity: RecordKind.enterprise.rawValue, id: enterpriseId).reversed() {
            guard let json = entry.afterJson, let after = try? JSONDecoder().decode(Enterprise.self, from: Data(json.utf8)) else { continue }
            if after.creditClass != last {
                credit.append(CreditChange(at: entry.at, creditClass: after.creditClass, by: entry.actorName))
                last = after.creditClass
            }
        }
        return Archive(enterprise: enterprise, batches: batches, caseLeads: leads, cases: cases, credit: credit)
    }
}
