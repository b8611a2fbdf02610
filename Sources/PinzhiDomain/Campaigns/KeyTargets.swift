/// The campaign's key targets 重点对象 (SPEC CP-1, 001 §三(二)), computed from the records, never typed: producers
/// of a key product that failed a spot check last year, and sellers with repeated failures or many complaints
/// (thresholds: rule parameters `campaignSellerFailures`, `campaignSellerComplaints`; docs/rules.md §5d).
public enum KeyTargets {
    /// What the records say of one enterprise, over the campaign's key products.
    public struct Facts: Sendable, Equatable {
        public var enterpriseId: Int64
        public var enterpriseName: String
        public var districtCode: String?
        public var isProducer: Bool
        public var failuresLastYear: Int
        /// Failures over the last three years (“连续或多次”).
        public var failuresRecent: Int
        public var complaints: Int

        public init(enterpriseId: Int64, enterpriseName: String, districtCode: String?, isProducer: Bool, failuresLastYear: Int, failuresRecent: Int,
                    complaints: Int) {
            self.enterpriseId = enterpriseId
            self.enterpriseName = enterpriseName
            self.districtCode = districtCode
            self.isProducer = isProducer
            self.failuresLastYear = failuresLastYear
            self.failuresRecent = failuresRecent
            self.complaints = complaints
        }
    }

    public enum Reason: String, Sendable, Codable, CaseIterable, CodedValue {
        case producerFailedLastYear = "producer_failed_last_year"
        case sellerRepeatedFailures = "seller_repeated_failures"
        case sellerComplaints = "seller_complaints"

        public var label: String {
            switch self {
            case .producerFailedLastYear: "上年度监督抽查不合格的生产企业"
            case .sellerRepeatedFailures: "连续或多次抽查不合格的销售企业"
            case .sellerComplaints: "投诉举报集中的销售企业"
            }
        }
    }

    public struct Target: Sendable, Equatable {
        public var facts: Facts
        public var reasons: [Reason]
    }

    /// The key targets among the facts, each with every reason it qualifies for, most reasons first.
    public static func select(_ facts: [Facts], rules: RuleSet) -> [Target] {
        let failures = rules.int("campaignSellerFailures"), complaints = rules.int("campaignSellerComplaints")
        return facts.compactMap { f -> Target? in
            var reasons: [Reason] = []
            if f.isProducer {
                if f.failuresLastYear > 0 { reasons.append(.producerFailedLastYear) }
            } else {
                if f.failuresRecent >= failures { reasons.append(.sellerRepeatedFailures) }
                if f.complaints >= complaints { reasons.append(.sellerComplaints) }
            }
            return reasons.isEmpty ? nil : Target(facts: f, reasons: reasons)
        }.sorted { ($0.reasons.count, $1.facts.enterpriseName) > ($1.reasons.count, $0.facts.enterpriseName) }
    }
}
