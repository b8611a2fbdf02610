/// A special campaign 专项行动 (SPEC CP-1, seed 001): its name, year and period, its phases with their dates, its key
/// products (the 20 of 001 §三(一), from the catalogue), the organisations taking part and what each does, and the
/// reports it asks for with their deadlines. The city creates it; the districts see it and act on their part.
public struct Campaign: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var name: String
    public var year: Int
    public var startsOn: Day
    public var endsOn: Day
    public var phases: [CampaignPhase]
    public var productIds: [Int64]
    public var organisations: [CampaignOrganisation]
    public var state: CampaignState
    public var closedOn: Day?
    /// Why it closed with items still open: each carried-over item was approved by the city (CP-4).
    public var closingNote: String?

    public init(id: Int64 = 0, version: Int = 1, name: String, year: Int, startsOn: Day, endsOn: Day, phases: [CampaignPhase],
                productIds: [Int64], organisations: [CampaignOrganisation] = CampaignOrganisation.seed001, state: CampaignState = .active) {
        self.id = id
        self.version = version
        self.name = name
        self.year = year
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.phases = phases
        self.productIds = productIds
        self.organisations = organisations
        self.state = state
    }

    /// The phases as 001 §五 sets them for a year: 部署启动 by the end of April, 排查 May–June, 化解隐患 May–September,
    /// 巩固提升 September–October (with 回头看 and 回头帮).
    public static func phases001(year: Int) -> [CampaignPhase] {
        func d(_ m: Int, _ day: Int) -> Day { Day(year: year, month: m, day: day)! }
        return [CampaignPhase(kind: .deploy, startsOn: d(4, 1), endsOn: d(4, 30)),
                CampaignPhase(kind: .survey, startsOn: d(5, 1), endsOn: d(6, 30)),
                CampaignPhase(kind: .remedy, startsOn: d(5, 1), endsOn: d(9, 30)),
                CampaignPhase(kind: .consolidate, startsOn: d(9, 1), endsOn: d(10, 31))]
    }

    /// What is wrong with the campaign as entered, every fault at once.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if name.trimmed.count < 4 { errors.append(FieldError("name", "请填写专项行动名称（至少4个字）")) }
        if endsOn < startsOn { errors.append(FieldError("endsOn", "结束日期应晚于开始日期")) }
        if startsOn.year != year { errors.append(FieldError("startsOn", "开始日期应在\(year)年内")) }
        // A campaign is a year's (001): its months are the districts' forms, written with it.
        if endsOn.year != year { errors.append(FieldError("endsOn", "结束日期应在\(year)年内")) }
        if productIds.isEmpty { errors.append(FieldError("products", "请至少选择一种重点产品")) }
        if Set(phases.map(\.kind)).count != phases.count { errors.append(FieldError("phases", "每个阶段只能设置一次")) }
        for phase in phases {
            if phase.endsOn < phase.startsOn {
                errors.append(FieldError("phases", "“\(phase.kind.label)”阶段的结束日期应晚于开始日期"))
            } else if phase.startsOn < startsOn || phase.endsOn > endsOn {
                errors.append(FieldError("phases", "“\(phase.kind.label)”阶段应在专项行动期间（\(startsOn)至\(endsOn)）内"))
            }
        }
        return errors
    }

    public func phase(_ kind: CampaignPhaseKind) -> CampaignPhase? { phases.first { $0.kind == kind } }

    /// The phases under way on a day (化解隐患 runs beside 排查, 001 §五).
    public func phases(on day: Day) -> [CampaignPhase] { phases.filter { $0.startsOn <= day && day <= $0.endsOn } }

    /// The months a monthly form is owed for, up to the month of `today` (not beyond the campaign's end).
    public func periods(through today: Day) -> [FormPeriod] {
        var out: [FormPeriod] = []
        var p = FormPeriod(startsOn)
        let last = FormPeriod(min(today, endsOn))
        while p <= last {
            out.append(p)
            p = p.next
        }
        return out
    }

    /// The reports the campaign asks for and their deadlines (001 §五、§六): the monthly form by each month's end,
    /// the interim summary by 7-15, the annual summary by 10-14.
    public func reports() -> [CampaignReport] {
        periods(through: endsOn).map { CampaignReport(kind: .monthlyForm, period: $0, due: $0.lastDay) }
            + [CampaignReport(kind: .interimSummary, period: nil, due: Day(year: year, month: 7, day: 15)!),
               CampaignReport(kind: .annualSummary, period: nil, due: Day(year: year, month: 10, day: 14)!)]
    }
}

public enum CampaignState: String, Sendable, Codable, CaseIterable, CodedValue {
    case active
    case closed

    public var label: String {
        switch self {
        case .active: "进行中"
        case .closed: "已结束"
        }
    }
}

public enum CampaignPhaseKind: String, Sendable, Codable, CaseIterable, CodedValue {
    case deploy
    case survey
    case remedy
    case consolidate

    public var label: String {
        switch self {
        case .deploy: "部署启动"
        case .survey: "排查"
        case .remedy: "化解隐患"
        case .consolidate: "巩固提升"
        }
    }
}

public struct CampaignPhase: Sendable, Codable, Equatable {
    public var kind: CampaignPhaseKind
    public var startsOn: Day
    public var endsOn: Day

    public init(kind: CampaignPhaseKind, startsOn: Day, endsOn: Day) {
        self.kind = kind
        self.startsOn = startsOn
        self.endsOn = endsOn
    }
}

/// Who takes part and in what (001 §二).
public struct CampaignOrganisation: Sendable, Codable, Equatable {
    public var name: String
    public var duty: String

    public init(name: String, duty: String) {
        self.name = name
        self.duty = duty
    }

    public static let seed001: [CampaignOrganisation] = [
        .init(name: "市局产品质量安全监督管理处", duty: "组织、协调、推进、督导专项行动"),
        .init(name: "市局消费者权益保护处", duty: "依职责组织烟花爆竹相关工作"),
        .init(name: "市局认证监督管理处", duty: "依职责组织强制性认证产品相关工作"),
        .init(name: "市局执法总队", duty: "查处重大案件，协助督导和飞行检查"),
        .init(name: "市质检院（市产品质量安全评估研究中心）", duty: "实施风险监测，指导行业协会、检验检测机构和风险信息监测站配合"),
        .init(name: "各区市场监管局、临港新片区市场监管局、机场分局", duty: "实施本辖区内专项行动各项工作"),
    ]
}

/// A report the campaign asks for and its deadline; urgent events are reported at once and have none.
public struct CampaignReport: Sendable, Equatable {
    public var kind: CampaignReportKind
    public var period: FormPeriod?
    public var due: Day

    public var label: String { period.map { "\($0.label)\(kind.label)" } ?? kind.label }
}

public enum CampaignReportKind: String, Sendable, Codable, CaseIterable, CodedValue {
    case monthlyForm = "monthly_form"
    case interimSummary = "interim_summary"
    case annualSummary = "annual_summary"

    public var label: String {
        switch self {
        case .monthlyForm: "统计表"
        case .interimSummary: "阶段性工作总结"
        case .annualSummary: "年度工作总结"
        }
    }
}

/// A month a form reports (“2026-05”).
public struct FormPeriod: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (2000...2100).contains(year) else { return nil }
        self.year = year
        self.month = month
    }

    public init(_ day: Day) {
        year = day.year
        month = day.month
    }

    /// “2026-05”; nothing else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        self.init(year: y, month: m)
    }

    public var description: String { "\(year)-" + (month < 10 ? "0\(month)" : "\(month)") }
    public var label: String { "\(year)年\(month)月" }
    public var firstDay: Day { Day(year: year, month: month, day: 1)! }
    public var lastDay: Day { Day(year: year, month: month, day: Day.length(year, month))! }
    public var next: FormPeriod { month == 12 ? FormPeriod(year: year + 1, month: 1)! : FormPeriod(year: year, month: month + 1)! }
    /// The same month a year before, for 同比变化 (CP-5).
    public var yearBefore: FormPeriod { FormPeriod(year: year - 1, month: month) ?? self }

    public static func < (a: FormPeriod, b: FormPeriod) -> Bool { (a.year, a.month) < (b.year, b.month) }
}
