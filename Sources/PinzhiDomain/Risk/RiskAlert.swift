/// A risk alert (SPEC RK-5): a 风险提示 to regulators or the industry, or a 消费提示 to the public, drafted from what
/// the city learnt about a product's hazard, approved by the city before it is published, and withdrawn when it no
/// longer holds. Only an approved 消费提示 reaches the public portal; a 风险提示 stays inside.
public struct RiskAlert: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var type: AlertType
    public var audience: AlertAudience
    public var title: String
    /// What the risk is, as published.
    public var content: String
    /// What readers should do (防范建议 / 消费提示).
    public var advice: String
    public var productId: Int64?
    public var productName: String?
    public var riskItemId: Int64?
    public var riskItemNumber: String?
    /// The risk may reach beyond the city: the approval reports it to SAMR (国家市场监督管理总局).
    public var nationalScope: Bool
    /// The drafting district bureau; nil when the city drafted it.
    public var districtCode: String?
    public var createdOn: Day
    public var createdBy: String
    public var state: AlertState
    public var enteredOn: Day
    public var approver: String?
    public var publishedOn: Day?
    public var withdrawnOn: Day?
    /// Why it was returned or withdrawn, the latest.
    public var note: String?

    public init(id: Int64 = 0, version: Int = 1, type: AlertType, audience: AlertAudience, title: String, content: String, advice: String,
                productId: Int64? = nil, productName: String? = nil, riskItemId: Int64? = nil, riskItemNumber: String? = nil,
                nationalScope: Bool = false, districtCode: String? = nil, createdOn: Day, createdBy: String, state: AlertState = .draft,
                enteredOn: Day? = nil) {
        self.id = id
        self.version = version
        self.type = type
        self.audience = type == .consumer ? .consumers : audience
        self.title = title
        self.content = content
        self.advice = advice
        self.productId = productId
        self.productName = productName
        self.riskItemId = riskItemId
        self.riskItemNumber = riskItemNumber
        self.nationalScope = nationalScope
        self.districtCode = districtCode
        self.createdOn = createdOn
        self.createdBy = createdBy
        self.state = state
        self.enteredOn = enteredOn ?? createdOn
    }

    /// “XFTS2026-00003” for a 消费提示, “FXTS2026-00003” for a 风险提示: the year drafted and the id.
    public var number: String { EnforcementNumber.make(type.prefix, createdOn.year, id) }

    /// Whether the public may read it: an approved 消费提示 not withdrawn.
    public var isPublic: Bool { type == .consumer && state == .published }

    /// The id in a number such as “FX2026-00012” (a risk item's) or a bare id; nil if neither.
    public static func id(inNumber text: String) -> Int64? {
        let trimmed = text.trimmed
        if let id = Int64(trimmed), id > 0 { return id }
        guard let dash = trimmed.lastIndex(of: "-"), let id = Int64(trimmed[trimmed.index(after: dash)...]), id > 0 else { return nil }
        return id
    }
}

/// 风险提示 (internal) or 消费提示 (public).
public enum AlertType: String, Sendable, Codable, CaseIterable, CodedValue {
    case risk
    case consumer

    public var label: String {
        switch self {
        case .risk: "风险提示"
        case .consumer: "消费提示"
        }
    }

    var prefix: String {
        switch self {
        case .risk: "FXTS"
        case .consumer: "XFTS"
        }
    }
}

/// Whom an alert speaks to: a 风险提示 to regulators or to the industry, a 消费提示 to consumers.
public enum AlertAudience: String, Sendable, Codable, CaseIterable, CodedValue {
    case regulators
    case industry
    case consumers

    public var label: String {
        switch self {
        case .regulators: "监管部门"
        case .industry: "行业企业"
        case .consumers: "消费者"
        }
    }

    /// The audiences a 风险提示 may have.
    public static let internalOnes: [AlertAudience] = [.regulators, .industry]
}

/// 草稿 → 审核中 → 已发布 → 已撤回 (SPEC RK-5).
public enum AlertState: String, Sendable, Codable, CaseIterable, CodedValue {
    case draft
    case review
    case published
    case withdrawn

    public var label: String {
        switch self {
        case .draft: "草稿"
        case .review: "审核中"
        case .published: "已发布"
        case .withdrawn: "已撤回"
        }
    }
}

public enum AlertAction: String, Sendable, Codable, CaseIterable {
    case revise
    case submit
    case approve
    case `return`
    case withdraw
}
