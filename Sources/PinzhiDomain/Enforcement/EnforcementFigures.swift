/// The enforcement columns of the monthly form (001 attachment, SPEC CP-5: 案件查办 — 查处案件（起）, 罚没金额, 案值,
/// 移送司法机关案件（起）; 行纪衔接（起）; 约谈企业（家）) for one period, each counted on the day its own act happened:
/// a case counts as 查处 in the period it was filed 立案, its 罚没金额 and 案值 in the period it was decided, a judicial
/// referral in the period the file was transferred (移送), a 行纪衔接 in the period it was sent to the discipline
/// commission, an enterprise as 约谈 in the period its 约谈 was held. So a month's form never counts the same act twice,
/// and the months of a year add up to the year (docs/rules.md §5a).
public struct EnforcementFigures: Sendable, Equatable, Codable {
    /// 查处案件（起）: cases filed in the period.
    public var cases: Int = 0
    /// 罚没金额 in yuan: fine plus confiscation of the cases decided in the period.
    public var penaltyTotal: Double = 0
    /// 案值 in yuan of the cases decided in the period.
    public var caseValue: Double = 0
    /// Of which fined: the cases decided in the period with a fine above zero.
    public var finedCases: Int = 0
    /// 移送司法机关案件（起）: cases transferred to the police in the period.
    public var judicialReferrals: Int = 0
    /// 行纪衔接（起）: cases sent to the discipline commission in the period.
    public var disciplineLinks: Int = 0
    /// 约谈企业（家）: distinct enterprises whose 约谈 was held in the period.
    public var interviewedEnterprises: Int = 0

    public init() {}

    /// Adds one case's acts that fall within `period`.
    public mutating func add(_ c: EnforcementCase, in period: ClosedRange<Day>) {
        if period.contains(c.filedOn) { cases += 1 }
        if let d = c.decidedOn, period.contains(d) {
            penaltyTotal += c.penaltyTotal
            caseValue += c.caseValue ?? 0
            if (c.fine ?? 0) > 0 { finedCases += 1 }
        }
        if let d = c.referredOn, period.contains(d) { judicialReferrals += 1 }
        if let d = c.disciplineSentOn, period.contains(d) { disciplineLinks += 1 }
    }

    /// Counts the enterprises of the 约谈 held in the period (one per enterprise, however many 约谈 it had).
    public mutating func addInterviews(_ held: [(enterpriseId: Int64, day: Day)], in period: ClosedRange<Day>) {
        interviewedEnterprises += Set(held.filter { period.contains($0.day) }.map(\.enterpriseId)).count
    }

    /// The figures of a period in total: the dashboard's thirteen periods need no groups (at city scale a year has
    /// some fifty thousand cases, and grouping them twice for each month was most of the dashboard's time).
    public static func total(_ cases: [EnforcementCase], interviews: [(enterpriseId: Int64, day: Day)], in period: ClosedRange<Day>) -> EnforcementFigures {
        var total = EnforcementFigures()
        for c in cases { total.add(c, in: period) }
        total.addInterviews(interviews, in: period)
        return total
    }

    /// The figures of a period, in total and grouped by `key` (a product category, a district): a case without a key
    /// (a lead not from a batch) counts in the total and under nil, as does a 约谈 without one (a letter names an
    /// enterprise, not a product).
    public static func tally<Key: Hashable>(_ cases: [EnforcementCase], interviews: [(enterpriseId: Int64, day: Day, key: Key?)],
                                            in period: ClosedRange<Day>, by key: (EnforcementCase) -> Key?)
        -> (total: EnforcementFigures, groups: [Key?: EnforcementFigures]) {
        let total = Self.total(cases, interviews: interviews.map { ($0.enterpriseId, $0.day) }, in: period)
        var groups: [Key?: EnforcementFigures] = [:]
        for c in cases { groups[key(c), default: EnforcementFigures()].add(c, in: period) }
        for (k, held) in Dictionary(grouping: interviews, by: \.key) {
            groups[k, default: EnforcementFigures()].addInterviews(held.map { ($0.enterpriseId, $0.day) }, in: period)
        }
        return (total, groups.filter { $0.value != EnforcementFigures() })
    }
}
