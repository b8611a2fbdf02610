import Foundation

/// An enforcement case 案件 (SPEC EN-1): filed from a lead, handled by the district of the enterprise or by
/// 执法总队 for a major case, with the amounts of its decision and the clocks the law sets.
public struct EnforcementCase: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var leadId: Int64
    public var leadSource: LeadSource
    public var batchId: Int64?
    public var enterpriseId: Int64
    public var enterpriseName: String
    public var districtCode: String?
    public var handler: CaseHandler
    public var article: PQLArticle?
    public var summary: String
    public var state: CaseState
    public var filedOn: Day
    public var enteredOn: Day
    /// The decision is due 90 days after filing (`caseDecisionDays`), 120 once extended (`caseExtensionDays`).
    public var decisionDue: Day
    public var extended: Bool
    /// 货值金额, 罚款, 没收违法所得, 案值 in yuan.
    public var goodsValue: Double?
    public var fine: Double?
    public var confiscation: Double?
    public var caseValue: Double?
    public var decidedOn: Day?
    public var closedOn: Day?
    public var referralDecidedOn: Day?
    public var referredOn: Day?
    public var disciplineSentOn: Day?
    public var disciplineFeedback: String?

    public init(id: Int64 = 0, version: Int = 1, leadId: Int64, leadSource: LeadSource, batchId: Int64? = nil, enterpriseId: Int64,
                enterpriseName: String = "", districtCode: String?, handler: CaseHandler, article: PQLArticle?, summary: String,
                state: CaseState = .filed, filedOn: Day, decisionDue: Day) {
        self.id = id
        self.version = version
        self.leadId = leadId
        self.leadSource = leadSource
        self.batchId = batchId
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.districtCode = districtCode
        self.handler = handler
        self.article = article
        self.summary = summary
        self.state = state
        self.filedOn = filedOn
        self.enteredOn = filedOn
        self.decisionDue = decisionDue
        self.extended = false
    }

    public var number: String { EnforcementNumber.make("AJ", filedOn.year, id) }
    /// 罚没金额: the fine and what was confiscated.
    public var penaltyTotal: Double { (fine ?? 0) + (confiscation ?? 0) }
}

/// The handling organisation: the enterprise's district bureau, or 执法总队 for a major case.
public enum CaseHandler: String, Sendable, Codable, CaseIterable, CodedValue {
    case district
    case corps

    public var label: String {
        switch self {
        case .district: "企业所在区局"
        case .corps: "市场监管执法总队（重大案件）"
        }
    }
}

/// SPEC EN-1's states: 立案 → 调查 → 审核 → 告知 → 决定 → 送达 → 执行 → 结案, or 不予处罚, or 移送公安.
public enum CaseState: String, Sendable, Codable, CaseIterable, CodedValue {
    case filed
    case investigating
    case reviewing
    case notified
    case decided
    case served
    case executing
    case closed
    case noPenalty = "no_penalty"
    case referred

    public var label: String {
        switch self {
        case .filed: "立案"
        case .investigating: "调查"
        case .reviewing: "审核"
        case .notified: "告知"
        case .decided: "决定"
        case .served: "送达"
        case .executing: "执行"
        case .closed: "结案"
        case .noPenalty: "不予处罚"
        case .referred: "移送公安"
        }
    }

    /// Before the decision: the 90-day clock runs, the case may be extended or referred.
    public static let beforeDecision: Set<CaseState> = [.filed, .investigating, .reviewing, .notified]
    public static let finished: Set<CaseState> = [.closed, .noPenalty, .referred]
}

public enum CaseAction: String, Sendable, Codable, CaseIterable {
    case investigate
    case review
    case notify
    case decide
    case serve
    case execute
    case close
    case noPenalty = "no_penalty"
    case refer
    case extend
    case sendToDiscipline = "send_to_discipline"
    case disciplineFeedback = "discipline_feedback"
}

/// The Product Quality Law articles a case is usually filed under, with the fine each allows as a multiple of
/// 货值金额 (SPEC EN-1): Art. 49 1–3×, Art. 50 0.5–3×, Art. 51 and 53 up to 1×, Art. 52 up to 2×.
public enum PQLArticle: String, Sendable, Codable, CaseIterable, CodedValue {
    case art49
    case art50
    case art51
    case art52
    case art53
    case art56
    case other

    public var label: String {
        switch self {
        case .art49: "产品质量法第四十九条（不符合保障人身、财产安全的标准）"
        case .art50: "产品质量法第五十条（掺杂掺假、以假充真、以次充好）"
        case .art51: "产品质量法第五十一条（国家明令淘汰的产品）"
        case .art52: "产品质量法第五十二条（销售失效、变质的产品）"
        case .art53: "产品质量法第五十三条（伪造产地、冒用厂名厂址、认证标志）"
        case .art56: "产品质量法第五十六条（拒绝接受依法进行的监督检查）"
        case .other: "其他法律法规"
        }
    }

    /// The fine's range as multiples of 货值金额; nil where the article sets none in those terms.
    public var fineMultiples: ClosedRange<Double>? {
        switch self {
        case .art49: 1...3
        case .art50: 0.5...3
        case .art51, .art53: 0...1
        case .art52: 0...2
        case .art56, .other: nil
        }
    }

    /// A warning when the fine lies outside the article's range for this 货值金额; the fine is kept (the decision
    /// is the bureau's), the warning goes on the timeline.
    public func fineWarning(fine: Double, goodsValue: Double?) -> String? {
        guard let range = fineMultiples, let goods = goodsValue, goods > 0 else { return nil }
        let low = range.lowerBound * goods, high = range.upperBound * goods
        guard fine < low - 0.005 || fine > high + 0.005 else { return nil }
        return "罚款\(Money.text(fine))元超出\(shortLabel)的幅度（货值金额\(Money.text(goods))元的\(Money.text(range.lowerBound))至\(Money.text(range.upperBound))倍，即\(Money.text(low))至\(Money.text(high))元）"
    }

    public var shortLabel: String { label.components(separatedBy: "（").first ?? label }
}

/// Amounts in yuan as people write them: no trailing “.00” on whole numbers.
public enum Money {
    public static func text(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return String(value) }
        let cents = (value * 100).rounded()
        if cents.truncatingRemainder(dividingBy: 100) == 0 { return String(Int64(cents / 100)) }
        return String(format: "%.2f", cents / 100)
    }
}
