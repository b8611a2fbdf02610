/// The choice by risk of the enterprises a district inspects on site beyond the licence holders (SPEC CP-3, 001 §四4
/// “根据风险程度抽取企业实施现场检查”): the same verifiable draw as SC-4 (PZ-DRAW-2, ListDraw) over the district's
/// makers and sellers of the campaign's products, each weighted by its credit class with the shares of the task draw
/// (`creditShareA` … `creditShareD`), committed with the list. Licence holders (inspected anyway, 100 %) and the
/// enterprises already inspected in the campaign are listed but not eligible.
public enum InspectionDraw {
    public static let holder = "licence-holder"
    public static let inspected = "inspected"

    public struct Candidate: Sendable, Equatable {
        public var enterpriseId: Int64
        public var uscc: String
        public var creditClass: String
        public var holdsLicence: Bool
        public var inspected: Bool

        public init(enterpriseId: Int64, uscc: String, creditClass: String, holdsLicence: Bool, inspected: Bool) {
            (self.enterpriseId, self.uscc, self.creditClass, self.holdsLicence, self.inspected) = (enterpriseId, uscc, creditClass, holdsLicence, inspected)
        }
    }

    public static func subject(campaign: Int64, district: String) -> String { "campaign:\(campaign):\(district)" }

    public static func weights(_ rules: RuleSet) -> ListDraw.Weights {
        .init(a: rules.value("creditShareA"), b: rules.value("creditShareB"), c: rules.value("creditShareC"), d: rules.value("creditShareD"))
    }

    /// The list to commit: candidates by enterprise id, code the USCC, group the credit class, status eligible or why not.
    public static func list(campaign: Int64, district: String, day: Day, count: Int, candidates: [Candidate], salts: [[UInt8]], committedAt: String,
                            rules: RuleSet) -> ListDraw {
        let sorted = candidates.sorted { $0.enterpriseId < $1.enterpriseId }
        return ListDraw(kind: .campaignInspection, subject: subject(campaign: campaign, district: district), day: day, count: count,
                        candidates: sorted.map { c in
                            ListDraw.Candidate(id: c.enterpriseId, code: c.uscc, group: ["A", "B", "C", "D"].contains(c.creditClass) ? c.creditClass : "B",
                                               status: c.holdsLicence ? holder : c.inspected ? inspected : ListDraw.eligible)
                        }, salts: salts, committedAt: committedAt, weights: weights(rules))
    }
}
