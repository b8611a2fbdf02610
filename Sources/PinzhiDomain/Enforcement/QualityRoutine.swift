/// The routine an enterprise in scope keeps (SPEC EN-4; Orders 75 and 76): 日管控 (a daily check record),
/// 周排查 (a weekly report), 月调度 (the monthly meeting's minutes), filed from its own account, one per period.
public struct RoutineRecord: Sendable, Codable, Equatable {
    public var id: Int64
    public var enterpriseId: Int64
    public var kind: RoutineKind
    /// The period's first day: the day itself, the week's Monday, the month's first day.
    public var period: Day
    public var officerId: Int64?
    public var officerName: String?
    public var summary: String
    public var problemsFound: Int
    public var problemsFixed: Int
    public var filedBy: String
    public var filedAt: String

    public init(id: Int64 = 0, enterpriseId: Int64, kind: RoutineKind, period: Day, officerId: Int64?, officerName: String? = nil, summary: String,
                problemsFound: Int, problemsFixed: Int, filedBy: String = "", filedAt: String = "") {
        self.id = id
        self.enterpriseId = enterpriseId
        self.kind = kind
        self.period = period
        self.officerId = officerId
        self.officerName = officerName
        self.summary = summary
        self.problemsFound = problemsFound
        self.problemsFixed = problemsFixed
        self.filedBy = filedBy
        self.filedAt = filedAt
    }
}

public enum RoutineKind: String, Sendable, Codable, CaseIterable, CodedValue {
    case daily
    case weekly
    case monthly

    public var label: String {
        switch self {
        case .daily: "日管控"
        case .weekly: "周排查"
        case .monthly: "月调度"
        }
    }

    /// What the record is, as the form asks for it.
    public var recordLabel: String {
        switch self {
        case .daily: "每日质量安全检查记录"
        case .weekly: "每周质量安全排查治理报告"
        case .monthly: "每月质量安全调度会议纪要"
        }
    }

    /// The first day of the period that holds `day`.
    public func period(of day: Day) -> Day {
        switch self {
        case .daily: day
        case .weekly: day.adding(days: -(day.weekday - 1))
        case .monthly: Day(year: day.year, month: day.month, day: 1)!
        }
    }

    /// Who keeps it: the 质量安全员 the daily check and the weekly report, the 总监 or the principal the monthly meeting.
    public var officerRequired: Bool { self != .monthly }
}

/// The form of a routine record, its checks, and the duty of a day's record.
public enum QualityRoutine {
    public static let fields: [FieldSpec] = [
        FieldSpec("kind", "类别", .choice(Choice.of(RoutineKind.self)), required: true),
        FieldSpec("day", "日期（周排查填该周任一天，月调度填该月任一天）", .date, required: true),
        FieldSpec("officerId", "填报的质量安全人员", .integer),
        FieldSpec("summary", "检查、排查或调度情况", .longText, required: true, maxLength: 2000),
        FieldSpec("problemsFound", "发现问题（个）", .integer),
        FieldSpec("problemsFixed", "已整改（个）", .integer),
    ]

    /// A record checked: a period that has begun, not before the enterprise's first appointment, an active officer of
    /// its own for the daily and weekly records, counts that add up. Returns nil (with the errors in the form) if not.
    public static func check(_ form: inout StepForm, enterpriseId: Int64, officers: [SafetyOfficer], today: Day) -> RoutineRecord? {
        let kind = form["kind"].flatMap(RoutineKind.init(codeOrLabel:))
        let day = form.day("day", notAfter: today)
        let found = form["problemsFound"] == nil ? 0 : form.int("problemsFound", in: 0...10_000, "发现问题数应为0至10000之间的整数")
        let fixed = form["problemsFixed"] == nil ? 0 : form.int("problemsFixed", in: 0...10_000, "已整改数应为0至10000之间的整数")
        if let found, let fixed, fixed > found { form.fail("problemsFixed", "已整改数不能多于发现问题数") }
        form.minLength("summary", 5, "请写明检查情况（至少5个字）")
        let active = officers.filter { $0.isActive && $0.enterpriseId == enterpriseId }
        var officer: SafetyOfficer?
        if let text = form["officerId"] {
            officer = Int64(text).flatMap { id in active.first { $0.id == id } }
            if officer == nil { form.fail("officerId", "请选择本企业在岗的质量安全人员") }
        } else if kind?.officerRequired == true {
            form.fail("officerId", active.isEmpty ? "本企业尚未任命质量安全人员，请先任命" : "请选择填报的质量安全人员")
        }
        if let day, let first = active.map(\.appointedOn).min(), day < first, kind?.officerRequired == true {
            form.fail("day", "日期不能早于首位质量安全人员的任命日期（\(first)）")
        }
        guard form.errors.isEmpty, let kind, let day else { return nil }
        return RoutineRecord(enterpriseId: enterpriseId, kind: kind, period: kind.period(of: day), officerId: officer?.id, officerName: officer?.name,
                             summary: form["summary"] ?? "", problemsFound: found ?? 0, problemsFixed: fixed ?? 0)
    }
}

/// An entry of the enterprise's 风险管控清单 (Orders 75 and 76): a risk point, how it is controlled and who
/// answers for it.
public struct RiskControl: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int = 1
    public var enterpriseId: Int64
    public var hazard: String
    public var measure: String
    public var level: RiskLevel
    public var officerId: Int64?
    public var officerName: String?
    public var active: Bool

    public init(id: Int64 = 0, version: Int = 1, enterpriseId: Int64, hazard: String, measure: String, level: RiskLevel, officerId: Int64?, officerName: String? = nil,
                active: Bool = true) {
        self.id = id
        self.version = version
        self.enterpriseId = enterpriseId
        self.hazard = hazard
        self.measure = measure
        self.level = level
        self.officerId = officerId
        self.officerName = officerName
        self.active = active
    }

    public static let fields: [FieldSpec] = [
        FieldSpec("hazard", "风险点（环节、原料、工序、产品）", .text, required: true, maxLength: 200),
        FieldSpec("measure", "管控措施", .longText, required: true, maxLength: 1000),
        FieldSpec("level", "风险等级", .choice(Choice.of(RiskLevel.self)), required: true),
        FieldSpec("officerId", "责任人（质量安全人员）", .integer),
    ]
}

public enum RiskLevel: String, Sendable, Codable, CaseIterable, CodedValue {
    case low
    case medium
    case high

    public var label: String {
        switch self {
        case .low: "一般"
        case .medium: "较大"
        case .high: "重大"
        }
    }
}
