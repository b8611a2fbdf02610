/// One of "三书一函" (003 §十四, SPEC EN-3): a letter from the city bureau or a district bureau to an enterprise or to a
/// district bureau, with its reason, the actions it requires and the day they are due, tracked from draft to 销号.
public struct Letter: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var type: LetterType
    public var target: LetterTarget
    /// The enterprise addressed (a letter to an enterprise).
    public var enterpriseId: Int64?
    public var enterpriseName: String?
    /// The district addressed, or the addressed enterprise's district: whose bureau sees and follows the letter.
    public var districtCode: String?
    /// The issuing bureau: a district's code, nil for the city bureau.
    public var issuerDistrict: String?
    public var reason: String
    public var requiredActions: String
    /// The day the reply (and the actions) are due, set by the issuer.
    public var deadline: Day
    /// Records the letter refers to, as their numbers (“CJ2026-000123”, “AJ2026-00004”).
    public var linkedRecords: String?
    public var state: LetterState
    public var createdOn: Day
    public var enteredOn: Day
    public var signer: String?
    public var issuedOn: Day?
    public var servedOn: Day?
    public var reply: String?
    public var repliedOn: Day?
    public var interviewRecord: String?
    public var verificationNote: String?
    public var verifiedOn: Day?
    public var closedOn: Day?
    /// The letter this one escalates, and the one that escalated this.
    public var escalatedFrom: Int64?
    public var escalatedTo: Int64?

    public init(id: Int64 = 0, version: Int = 1, type: LetterType, target: LetterTarget, enterpriseId: Int64? = nil, enterpriseName: String? = nil,
                districtCode: String?, issuerDistrict: String?, reason: String, requiredActions: String, deadline: Day,
                linkedRecords: String? = nil, state: LetterState = .draft, createdOn: Day, escalatedFrom: Int64? = nil) {
        self.id = id
        self.version = version
        self.type = type
        self.target = target
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.districtCode = districtCode
        self.issuerDistrict = issuerDistrict
        self.reason = reason
        self.requiredActions = requiredActions
        self.deadline = deadline
        self.linkedRecords = linkedRecords
        self.state = state
        self.createdOn = createdOn
        self.enteredOn = createdOn
        self.escalatedFrom = escalatedFrom
    }

    /// “ZG2026-00007”: the type's prefix, the year drafted and the id.
    public var number: String { EnforcementNumber.make(type.prefix, createdOn.year, id) }

    /// Who the letter is addressed to, as its heading says.
    public var addressee: String {
        switch target {
        case .enterprise: enterpriseName ?? "—"
        case .district: District.named(code: districtCode) + "市场监督管理局"
        }
    }

    public var issuerName: String { issuerDistrict.map { District.named(code: $0) + "市场监督管理局" } ?? "上海市市场监督管理局" }

    /// The target ignored the letter: issued and unanswered past its deadline.
    public func isIgnored(today: Day) -> Bool { LetterState.awaitingReply.contains(state) && today > deadline }
}

/// The four documents of "三书一函", in the order of escalation (SPEC EN-3): 提醒敦促 → 责令整改 → 约谈 → 挂牌督办.
public enum LetterType: String, Sendable, Codable, CaseIterable, CodedValue {
    case reminder
    case rectification
    case interview
    case supervision

    public var label: String {
        switch self {
        case .reminder: "提醒敦促函"
        case .rectification: "责令整改通知书"
        case .interview: "约谈通知书"
        case .supervision: "挂牌督办通知书"
        }
    }

    var prefix: String {
        switch self {
        case .reminder: "TX"
        case .rectification: "ZG"
        case .interview: "YT"
        case .supervision: "GP"
        }
    }

    /// The stronger letter that follows when this one is ignored; none after 挂牌督办.
    public var escalation: LetterType? {
        switch self {
        case .reminder: .rectification
        case .rectification: .interview
        case .interview: .supervision
        case .supervision: nil
        }
    }
}

/// A letter goes to an enterprise or to a district bureau (SPEC EN-3).
public enum LetterTarget: String, Sendable, Codable, CaseIterable, CodedValue {
    case enterprise
    case district

    public var label: String {
        switch self {
        case .enterprise: "企业"
        case .district: "区局"
        }
    }
}

/// SPEC EN-3's states 草稿 → 审批 → 已发出 → 已送达 → 已回复 → 已核验 → 已销号, and 已升级 for a letter ignored and
/// followed by a stronger one.
public enum LetterState: String, Sendable, Codable, CaseIterable, CodedValue {
    case draft
    case approval
    case issued
    case served
    case replied
    case verified
    case closed
    case escalated

    public var label: String {
        switch self {
        case .draft: "草稿"
        case .approval: "审批"
        case .issued: "已发出"
        case .served: "已送达"
        case .replied: "已回复"
        case .verified: "已核验"
        case .closed: "已销号"
        case .escalated: "已升级"
        }
    }

    /// Not yet sent: only the issuing bureau sees it.
    public static let unsent: Set<LetterState> = [.draft, .approval]
    public static let awaitingReply: Set<LetterState> = [.issued, .served]
    public static let finished: Set<LetterState> = [.closed, .escalated]
}

public enum LetterAction: String, Sendable, Codable, CaseIterable {
    case submit
    case approve
    case reject
    case serve
    case interview
    case reply
    case verify
    case close
    case escalate
}

/// The issuing bureau, and the enterprise or district bureau the letter is addressed to.
public enum LetterParty: String, Sendable, Hashable {
    case issuer
    case target
}

/// Who issues, receives and reads letters (SPEC EN-3, ORG-2): the city bureau's supervisors issue to any enterprise
/// or district; a district bureau issues to its own enterprises; 执法总队 reads them all.
public enum LetterPolicy {
    public static let issuerRoles: Set<Role> = [.cityAdmin, .citySupervisor, .districtSupervisor]
    public static let readerRoles: Set<Role> = [.cityAdmin, .citySupervisor, .districtSupervisor, .enforcementOfficer, .enterpriseUser]

    /// The bureau a principal issues for: `.some(nil)` for the city, `.some(code)` for a district, nil if none.
    public static func issuer(_ p: Principal) -> String?? {
        switch p.role {
        case .cityAdmin, .citySupervisor: .some(nil)
        case .districtSupervisor: p.districtCode.map { .some($0) } ?? nil
        default: nil
        }
    }

    public static func isIssuer(_ p: Principal, _ l: Letter) -> Bool {
        guard let bureau = issuer(p) else { return false }
        return bureau == l.issuerDistrict
    }

    public static func isTarget(_ p: Principal, _ l: Letter) -> Bool {
        switch l.target {
        case .enterprise: p.role == .enterpriseUser && p.enterpriseId != nil && p.enterpriseId == l.enterpriseId
        case .district: p.role == .districtSupervisor && p.districtCode != nil && p.districtCode == l.districtCode
        }
    }

    /// Why this principal may not address this target, or nil: a district writes only to its own enterprises.
    public static func refusal(_ p: Principal, target: LetterTarget, districtCode: String?) -> String? {
        guard let bureau = issuer(p) else { return "无权发出三书一函" }
        guard let own = bureau else { return nil }
        if target == .district { return "区局不能向区局发函，请由市局发出" }
        return districtCode == own ? nil : "只能向本区企业发函"
    }
}
