/// A case lead 案件线索 (SPEC EN-1): what was found, where it came from, and the decision whether to file a case,
/// due within `leadDecisionWorkingDays` working days of receipt (extendable once with approval).
public struct CaseLead: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var source: LeadSource
    public var batchId: Int64?
    public var batchNumber: String?
    public var enterpriseId: Int64
    public var enterpriseName: String
    public var districtCode: String?
    public var summary: String
    public var state: LeadState
    public var receivedOn: Day
    public var extended: Bool
    public var decidedOn: Day?
    public var decisionNote: String?
    public var caseId: Int64?

    public init(id: Int64 = 0, version: Int = 1, source: LeadSource, batchId: Int64? = nil, batchNumber: String? = nil, enterpriseId: Int64,
                enterpriseName: String = "", districtCode: String? = nil, summary: String, state: LeadState = .open, receivedOn: Day,
                extended: Bool = false, decidedOn: Day? = nil, decisionNote: String? = nil, caseId: Int64? = nil) {
        self.id = id
        self.version = version
        self.source = source
        self.batchId = batchId
        self.batchNumber = batchNumber
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.districtCode = districtCode
        self.summary = summary
        self.state = state
        self.receivedOn = receivedOn
        self.extended = extended
        self.decidedOn = decidedOn
        self.decisionNote = decisionNote
        self.caseId = caseId
    }

    /// “XS2026-00012”: the year received and the id, so the number needs no counter.
    public var number: String { EnforcementNumber.make("XS", receivedOn.year, id) }
}

/// A lead waits for the decision, then is filed as a case or not.
public enum LeadState: String, Sendable, Codable, CaseIterable, CodedValue {
    case open
    case filed
    case declined

    public var label: String {
        switch self {
        case .open: "待研判"
        case .filed: "已立案"
        case .declined: "不予立案"
        }
    }
}

public enum LeadAction: String, Sendable, Codable, CaseIterable {
    case extend
    case file
    case decline
}

/// Who decides on a lead or handles a case: 执法总队 anywhere, and the district bureau of the enterprise.
public enum EnforcementParty: String, Sendable, Hashable {
    case handler
}

/// The numbers of leads and cases: a prefix, the year and the id (“AJ2026-00003”).
public enum EnforcementNumber {
    public static func make(_ prefix: String, _ year: Int, _ id: Int64) -> String {
        let digits = String(id)
        return "\(prefix)\(year)-\(String(repeating: "0", count: max(0, 5 - digits.count)))\(digits)"
    }
}
