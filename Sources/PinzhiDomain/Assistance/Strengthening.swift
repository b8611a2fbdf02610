/// 提质强企 (SPEC TA-4, seed 002 §三): the districts' target lists, the industrial clusters, 一企一策 plans and the
/// classified library of problems and solutions that enterprises query free of charge.

/// Why an enterprise is suggested for a district's target list (002 §二–§三): it makes one of the key consumer goods
/// (the catalogue's 20 key products), it is small or micro, or it had many problems in the last five years.
public enum TargetReason: String, Sendable, Codable, CaseIterable, CodedValue {
    case keyProduct = "key-product"
    case smallMicro = "small-micro"
    case manyProblems = "many-problems"

    public var label: String {
        switch self {
        case .keyProduct: "重点产品生产企业"
        case .smallMicro: "小微企业"
        case .manyProblems: "近五年问题较多"
        }
    }

    /// The reasons the records give for an enterprise: `failures` counts its failed or refused checks in the last
    /// `TargetRule.years` years; `threshold` is the rule parameter `assistanceTargetFailures`.
    public static func of(keyProduct: Bool, scale: EnterpriseScale?, failures: Int, threshold: Int) -> [TargetReason] {
        var out: [TargetReason] = []
        if keyProduct { out.append(.keyProduct) }
        if scale == .small || scale == .micro { out.append(.smallMicro) }
        if failures >= threshold { out.append(.manyProblems) }
        return out
    }
}

public enum TargetRule {
    /// 002 §三: the years of records that decide “many problems”.
    public static let years = 5
    /// 002 三(一): at least 50 key-product producers helped in the year.
    public static let keyProducers = 50
    /// 002 三(三): at least 10 industrial clusters in focus.
    public static let clusters = 10

    /// A suggestion is worth the district's attention when it is a key-product producer together with another reason,
    /// or has had many problems: the list is short enough to confirm by hand.
    public static func suggests(_ reasons: [TargetReason]) -> Bool {
        reasons.contains(.manyProblems) || (reasons.contains(.keyProduct) && reasons.count >= 2)
    }
}

/// An enterprise on a district's target list for a year, with its 一企一策 plan.
public struct TargetEntry: Sendable, Codable, Equatable {
    public var id: Int64
    public var year: Int
    public var districtCode: String
    public var enterpriseId: Int64
    public var enterpriseName: String
    public var reasons: [TargetReason]
    public var plan: String?
    public var confirmedBy: String
    public var confirmedOn: Day

    public init(id: Int64, year: Int, districtCode: String, enterpriseId: Int64, enterpriseName: String, reasons: [TargetReason], plan: String?,
                confirmedBy: String, confirmedOn: Day) {
        self.id = id
        self.year = year
        self.districtCode = districtCode
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.reasons = reasons
        self.plan = plan
        self.confirmedBy = confirmedBy
        self.confirmedOn = confirmedOn
    }

    /// 一企一策: at least a line of what will be done, at most 2000 characters.
    public static func checkPlan(_ text: String) -> FieldError? {
        let t = text.trimmed
        if t.count < 10 { return FieldError("plan", "请写明一企一策的帮扶措施（至少10个字）") }
        if t.count > 2000 { return FieldError("plan", "一企一策不超过2000个字") }
        return t.hasInvisibleControl ? FieldError("plan", "含有不可见的控制字符") : nil
    }
}

/// An industrial cluster 产业集聚区 (002 §三(三)): its district, products and 链主 enterprise; its members are the
/// enterprises whose records name it.
public struct AssistanceCluster: Sendable, Codable, Equatable {
    public var id: Int64
    public var name: String
    public var districtCode: String?
    public var productIds: [Int64]
    public var leaderId: Int64?
    public var leaderName: String?
    public var focus: String
    public var members: Int
    public var createdBy: String

    public init(id: Int64 = 0, name: String, districtCode: String?, productIds: [Int64] = [], leaderId: Int64? = nil, leaderName: String? = nil,
                focus: String, members: Int = 0, createdBy: String = "") {
        self.id = id
        self.name = name
        self.districtCode = districtCode
        self.productIds = productIds
        self.leaderId = leaderId
        self.leaderName = leaderName
        self.focus = focus
        self.members = members
        self.createdBy = createdBy
    }

    public static func check(name: String, focus: String) -> [FieldError] {
        var errors: [FieldError] = []
        if name.trimmed.count < 2 || name.count > 60 { errors.append(FieldError("name", "请填写产业集聚区名称（2至60个字，与企业档案中的名称一致）")) }
        if focus.trimmed.count < 6 || focus.count > 1000 { errors.append(FieldError("focus", "请写明集聚区的质量共性问题或帮扶重点（6至1000个字）")) }
        return errors
    }
}

/// The kinds of quality problem the library is classified by (002 三(六): 归集分类).
public enum ProblemCategory: String, Sendable, Codable, CaseIterable, CodedValue {
    case materials
    case process
    case testing
    case standards
    case labelling
    case design
    case management

    public var label: String {
        switch self {
        case .materials: "原材料与进货检验"
        case .process: "生产过程控制"
        case .testing: "出厂检验与检测能力"
        case .standards: "标准理解与执行"
        case .labelling: "标识标签与说明书"
        case .design: "产品设计"
        case .management: "质量管理体系"
        }
    }
}

/// An entry of the library of quality problems and solutions (002 三(六)): no enterprise is named, so any
/// enterprise may read it free of charge; an entry taken from a closed case keeps the link for the bureau.
public struct LibraryEntry: Sendable, Codable, Equatable {
    public var id: Int64
    public var category: ProblemCategory
    public var productId: Int64?
    public var productName: String?
    public var title: String
    public var problem: String
    public var cause: String
    public var solution: String
    public var caseId: Int64?
    public var createdBy: String
    public var createdOn: Day

    public init(id: Int64 = 0, category: ProblemCategory, productId: Int64? = nil, productName: String? = nil, title: String, problem: String, cause: String,
                solution: String, caseId: Int64? = nil, createdBy: String = "", createdOn: Day) {
        self.id = id
        self.category = category
        self.productId = productId
        self.productName = productName
        self.title = title
        self.problem = problem
        self.cause = cause
        self.solution = solution
        self.caseId = caseId
        self.createdBy = createdBy
        self.createdOn = createdOn
    }

    public static func check(title: String, problem: String, cause: String, solution: String) -> [FieldError] {
        var errors: [FieldError] = []
        for (field, text, label, min, max) in [("title", title, "标题", 4, 100), ("problem", problem, "质量问题", 10, 2000), ("cause", cause, "原因分析", 6, 2000),
                                               ("solution", solution, "解决方案", 10, 4000)] {
            if text.trimmed.count < min || text.count > max { errors.append(FieldError(field, "请填写\(label)（\(min)至\(max)个字）")) }
            if text.hasInvisibleControl { errors.append(FieldError(field, "含有不可见的控制字符")) }
        }
        return errors
    }
}
