/// A district's written summary for the city (SPEC CP-1, 001 §六(五)): the interim summary 阶段性工作总结 by 7-15 and
/// the annual summary 全年工作总结 by 10-14, on the district's to-do list from the campaign's start with that deadline;
/// the district submits its text (typical cases included), the city accepts it or returns it with a reason.
public struct CampaignSummary: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var campaignId: Int64
    public var campaignName: String
    public var districtCode: String
    public var kind: CampaignReportKind
    public var due: Day
    public var state: CampaignSummaryState
    public var enteredOn: Day
    public var text: String?
    public var submittedOn: Day?
    public var returnReason: String?

    public init(id: Int64 = 0, version: Int = 1, campaignId: Int64, campaignName: String = "", districtCode: String, kind: CampaignReportKind, due: Day,
                state: CampaignSummaryState = .open, enteredOn: Day) {
        self.id = id
        self.version = version
        self.campaignId = campaignId
        self.campaignName = campaignName
        self.districtCode = districtCode
        self.kind = kind
        self.due = due
        self.state = state
        self.enteredOn = enteredOn
    }

    /// The summaries a campaign asks of each district: its reports other than the monthly forms.
    public static func owed(by campaign: Campaign) -> [CampaignReport] { campaign.reports().filter { $0.kind != .monthlyForm } }
}

public enum CampaignSummaryState: String, Sendable, Codable, CaseIterable, CodedValue {
    case open
    case submitted
    case returned
    case accepted

    public var label: String {
        switch self {
        case .open: "待报送"
        case .submitted: "已报送"
        case .returned: "已退回"
        case .accepted: "已收悉"
        }
    }
}

public enum CampaignSummaryAction: String, Sendable, Codable, CaseIterable {
    case submit
    case accept
    case reject
}

public enum CampaignSummaryKind: WorkflowKind {
    public typealias Record = CampaignSummary
    public typealias State = CampaignSummaryState
    public typealias Action = CampaignSummaryAction
    public typealias Party = CampaignFormParty
    public typealias Context = BasicContext
    public typealias Effects = NoEffects

    public static let name = "campaign_summary"
    public static let path = "campaign-summaries"
    public static let label = "专项行动工作总结"

    public static func id(of s: CampaignSummary) -> Int64 { s.id }
    public static func version(of s: CampaignSummary) -> Int { s.version }
    public static func state(of s: CampaignSummary) -> CampaignSummaryState { s.state }
    public static func stateLabel(_ s: CampaignSummaryState) -> String { s.label }
    public static func enteredState(of s: CampaignSummary) -> Day? { s.enteredOn }
    public static func enter(_ state: CampaignSummaryState, on day: Day, _ s: inout CampaignSummary) {
        s.state = state
        s.enteredOn = day
    }
    public static func title(of s: CampaignSummary) -> String { "\(District.named(code: s.districtCode))\(s.kind.label)" }
    public static func subject(of s: CampaignSummary) -> String { s.campaignName }

    public static func includes(_ party: CampaignFormParty, _ p: Principal, _ s: CampaignSummary) -> Bool {
        switch party {
        case .district: p.role == .districtSupervisor && p.districtCode == s.districtCode
        case .city: [.cityAdmin, .citySupervisor].contains(p.role)
        }
    }

    public static func parties(of role: Role) -> Set<CampaignFormParty> { CampaignFormKind.parties(of: role) }

    public static func step(_ action: CampaignSummaryAction) -> WorkflowStep<CampaignSummaryKind> {
        switch action {
        case .submit:
            return WorkflowStep("报送工作总结", parties: [.district], from: [.open, .returned], to: .submitted,
                fields: { _, _ in [FieldSpec("text", "工作总结（含典型案例）", .longText, required: true, maxLength: 10000)] },
                defaults: { s, _ in ["text": s.text ?? ""] },
                due: { s in .on(s.due) },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("text", 50, "请写明工作总结（至少50个字）")
                    try w.form.finish()
                    w.record.text = w.form["text"]
                    w.record.submittedOn = w.today
                    w.record.returnReason = nil
                    w.summary = "报送\(w.record.kind.label)"
                })
        case .accept:
            return WorkflowStep("收悉", parties: [.city], from: [.submitted], to: .accepted,
                due: { _ in .workingDays("campaignFormReviewWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.summary = "市局收悉\(w.record.kind.label)"
                })
        case .reject:
            return .returning("退回", parties: [.city], from: [.submitted], to: .returned,
                              keep: { record, reason in record.returnReason = reason })
        }
    }
}
