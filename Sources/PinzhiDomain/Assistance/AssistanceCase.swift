/// A quality technical assistance case 帮扶案例 (SPEC TA-2, seed 000 §二–§四): an enterprise's request — from its own
/// account (点单), from its district, or from a failed batch or a problem item with its failed items and the
/// agency's 质量建议书 — assigned to experts drawn from the pool without a declared conflict, diagnosed on site with
/// a 诊断书, followed through rectification, rated by the enterprise, closed, and revisited (回头帮) after
/// `revisitMonths`. Assistance does not lift liability: a violation found becomes a case lead.
public struct AssistanceCase: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var enterpriseId: Int64
    public var enterpriseName: String
    public var districtCode: String?
    public var productId: Int64?
    public var productName: String?
    public var mode: AssistanceMode
    public var origin: AssistanceOrigin
    public var batchId: Int64?
    /// The campaign's problem item it came from (origin `.problem`).
    public var problemItemId: Int64?
    /// What the enterprise or the record says is wrong (the failed items, prefilled from a batch).
    public var problems: String
    /// The testing agency's 质量建议书, when the case comes from a failed batch.
    public var suggestion: String?
    public var requestedOn: Day
    public var state: AssistanceState
    public var enteredOn: Day
    /// The experts drawn for it, as “code 姓名” (names of people stay inside the bureau and the enterprise).
    public var experts: [AssignedExpert]
    /// The day the experts went on site (上门诊断): the day the 000 table counts their 人次 and 家次.
    public var servedOn: Day?
    public var diagnosis: Diagnosis?
    public var rectification: String?
    public var rating: Int?
    public var ratingComment: String?
    public var problemsSolved: Int
    public var outputValueGained: Double
    public var outputEvidence: String?
    public var closedOn: Day?
    /// When the 回头帮 revisit falls due (set at closure) and when it was made.
    public var revisitDue: Day?
    public var revisitedOn: Day?

    public init(id: Int64 = 0, version: Int = 1, enterpriseId: Int64, enterpriseName: String = "", districtCode: String? = nil, productId: Int64? = nil,
                productName: String? = nil, mode: AssistanceMode, origin: AssistanceOrigin, batchId: Int64? = nil, problems: String,
                suggestion: String? = nil, requestedOn: Day, state: AssistanceState = .requested, enteredOn: Day? = nil, experts: [AssignedExpert] = []) {
        self.id = id
        self.version = version
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.districtCode = districtCode
        self.productId = productId
        self.productName = productName
        self.mode = mode
        self.origin = origin
        self.batchId = batchId
        self.problems = problems
        self.suggestion = suggestion
        self.requestedOn = requestedOn
        self.state = state
        self.enteredOn = enteredOn ?? requestedOn
        self.experts = experts
        self.problemsSolved = 0
        self.outputValueGained = 0
    }

    /// “BF2026-00012”.
    public var number: String { EnforcementNumber.make("BF", requestedOn.year, id) }
}

/// An expert drawn for a case.
public struct AssignedExpert: Sendable, Codable, Equatable {
    public var expertId: Int64
    public var code: String
    public var name: String
    public var organisation: String

    public init(expertId: Int64, code: String, name: String, organisation: String) {
        self.expertId = expertId
        self.code = code
        self.name = name
        self.organisation = organisation
    }
}

/// The 诊断书 (SPEC TA-2): its number, the problems, their root causes, the measures with their deadlines, and the
/// enterprise's acknowledgement.
public struct Diagnosis: Sendable, Codable, Equatable {
    public var number: String
    public var issuedOn: Day
    public var problems: String
    public var causes: String
    public var measures: [Measure]
    public var acknowledgedOn: Day?

    public struct Measure: Sendable, Codable, Equatable {
        public var text: String
        public var deadline: Day

        public init(text: String, deadline: Day) {
            self.text = text
            self.deadline = deadline
        }
    }

    public init(number: String, issuedOn: Day, problems: String, causes: String, measures: [Measure], acknowledgedOn: Day? = nil) {
        self.number = number
        self.issuedOn = issuedOn
        self.problems = problems
        self.causes = causes
        self.measures = measures
        self.acknowledgedOn = acknowledgedOn
    }

    /// Measures as typed, one a line: “措施内容 | 2026-12-31”; each needs a day after `today`.
    public static func measures(_ text: String, after today: Day) -> Result<[Measure], FieldError> {
        var out: [Measure] = []
        for (n, line) in text.split(whereSeparator: \.isNewline).map({ String($0).trimmed }).filter({ !$0.isEmpty }).enumerated() {
            let parts = line.split(separator: "|", maxSplits: 1).map { String($0).trimmed }
            guard parts.count == 2, parts[0].count >= 4, let day = Day(parts[1]) else {
                return .failure(FieldError("measures", "第\(n + 1)条整改措施应写成“措施内容 | 年-月-日”"))
            }
            guard day > today else { return .failure(FieldError("measures", "第\(n + 1)条整改措施的期限应晚于今天（\(today)）")) }
            out.append(Measure(text: parts[0], deadline: day))
        }
        return out.isEmpty ? .failure(FieldError("measures", "请至少写一条整改措施及其期限")) : .success(out)
    }
}

/// The three modes of seed 000 §二.
public enum AssistanceMode: String, Sendable, Codable, CaseIterable, CodedValue {
    case routine
    case tour
    case checkup

    public var label: String {
        switch self {
        case .routine: "日常随诊"
        case .tour: "巡回问诊"
        case .checkup: "全身体检"
        }
    }
}

/// Where a request came from (SPEC TA-2).
public enum AssistanceOrigin: String, Sendable, Codable, CaseIterable, CodedValue {
    case enterprise
    case district
    case batch
    case problem

    public var label: String {
        switch self {
        case .enterprise: "企业点单"
        case .district: "区局提出"
        case .batch: "不合格批次"
        case .problem: "问题清单"
        }
    }
}

/// 需求 → 已派单 → 已接单 → 诊断中 → 已出具诊断书 → 整改跟踪 → 已评价 → 已结案 (SPEC TA-2).
public enum AssistanceState: String, Sendable, Codable, CaseIterable, CodedValue {
    case requested
    case assigned
    case accepted
    case diagnosing
    case diagnosed
    case rectifying
    case rated
    case closed

    public var label: String {
        switch self {
        case .requested: "需求"
        case .assigned: "已派单"
        case .accepted: "已接单"
        case .diagnosing: "诊断中"
        case .diagnosed: "已出具诊断书"
        case .rectifying: "整改跟踪"
        case .rated: "已评价"
        case .closed: "已结案"
        }
    }
}
