/// A district's monthly form for one period as a record that moves (SPEC CP-5, 001 §六(五)): the district submits it
/// by the month's end — its figures as computed that day are kept —; the city approves it, and the submitted
/// figures are locked, or returns it with a reason for resubmission. A locked form never changes; the page shows
/// where the records now say otherwise (“changed since approval”).
public struct CampaignForm: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var campaignId: Int64
    public var campaignName: String
    public var districtCode: String
    public var period: FormPeriod
    public var state: CampaignFormState
    public var enteredOn: Day
    /// The figures as submitted (texts, row by row) and their row labels.
    public var figures: [[String]]?
    public var rowLabels: [String]?
    public var submittedOn: Day?
    public var approvedOn: Day?
    public var returnReason: String?

    public init(id: Int64 = 0, version: Int = 1, campaignId: Int64, campaignName: String = "", districtCode: String, period: FormPeriod,
                state: CampaignFormState = .open, enteredOn: Day) {
        self.id = id
        self.version = version
        self.campaignId = campaignId
        self.campaignName = campaignName
        self.districtCode = districtCode
        self.period = period
        self.state = state
        self.enteredOn = enteredOn
    }

    public var isLocked: Bool { state == .approved }
}

public enum CampaignFormState: String, Sendable, Codable, CaseIterable, CodedValue {
    case open
    case submitted
    case returned
    case approved

    public var label: String {
        switch self {
        case .open: "待报送"
        case .submitted: "已报送"
        case .returned: "已退回"
        case .approved: "已审核（锁定）"
        }
    }
}

public enum CampaignFormAction: String, Sendable, Codable, CaseIterable {
    case submit
    case approve
    case reject
}

public enum CampaignFormParty: String, Sendable, Hashable {
    case district
    case city
}

/// The context of a submission: the form as the records say now, computed by the store when the step is taken.
public struct CampaignFormContext: WorkflowContext {
    public var today: Day
    public var rules: RuleSet
    public var calendar: WorkingDayCalendar
    public var current: MonthlyForm?

    public init(today: Day, rules: RuleSet, calendar: WorkingDayCalendar, current: MonthlyForm? = nil) {
        self.today = today
        self.rules = rules
        self.calendar = calendar
        self.current = current
    }
}

public enum CampaignFormKind: WorkflowKind {
    public typealias Record = CampaignForm
    public typealias State = CampaignFormState
    public typealias Action = CampaignFormAction
    public typealias Party = CampaignFormParty
    public typealias Context = CampaignFormContext
    public typealias Effects = NoEffects

    public static let name = "campaign_form"
    public static let path = "campaign-forms"
    public static let label = "专项行动统计表"

    public static func id(of f: CampaignForm) -> Int64 { f.id }
    public static func version(of f: CampaignForm) -> Int { f.version }
    public static func state(of f: CampaignForm) -> CampaignFormState { f.state }
    public static func stateLabel(_ s: CampaignFormState) -> String { s.label }
    public static func enteredState(of f: CampaignForm) -> Day? { f.enteredOn }
    public static func enter(_ state: CampaignFormState, on day: Day, _ f: inout CampaignForm) {
        f.state = state
        f.enteredOn = day
    }
    public static func title(of f: CampaignForm) -> String { "\(District.named(code: f.districtCode))\(f.period.label)统计表" }
    public static func subject(of f: CampaignForm) -> String { f.campaignName }

    public static func includes(_ party: CampaignFormParty, _ p: Principal, _ f: CampaignForm) -> Bool {
        switch party {
        case .district: p.role == .districtSupervisor && p.districtCode == f.districtCode
        case .city: [.cityAdmin, .citySupervisor].contains(p.role)
        }
    }

    public static func parties(of role: Role) -> Set<CampaignFormParty> {
        switch role {
        case .cityAdmin, .citySupervisor: [.city]
        case .districtSupervisor: [.district]
        default: []
        }
    }

    public static func step(_ action: CampaignFormAction) -> WorkflowStep<CampaignFormKind> {
        switch action {
        case .submit:
            return WorkflowStep("报送统计表", parties: [.district], from: [.open, .returned], to: .submitted,
                timing: { f, today in today >= f.period.firstDay ? nil : "\(f.period.label)尚未开始，不能报送" },
                // 每月底前报送 (001 §六(五)).
                due: { f in .on(f.period.lastDay) },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    guard let current = w.context.current else { return w.refuse("统计表尚不能计算，请稍后再试") }
                    w.record.figures = current.texts
                    w.record.rowLabels = current.rows.map(\.label)
                    w.record.submittedOn = w.today
                    w.record.returnReason = nil
                    w.summary = "报送\(w.record.period.label)统计表"
                })
        case .approve:
            return WorkflowStep("审核通过", parties: [.city], from: [.submitted], to: .approved,
                due: { _ in .workingDays("campaignFormReviewWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    // The figures as submitted are what the city approved: from now on they are locked.
                    w.record.approvedOn = w.today
                    w.summary = "审核通过，统计表锁定"
                })
        case .reject:
            return .returning("退回", parties: [.city], from: [.submitted], to: .returned,
                              keep: { record, reason in record.returnReason = reason })
        }
    }
}
