/// One item of a campaign's problem list 问题清单 (SPEC CP-4, seed 001 §四6–9, “动态清零”): one problem of one
/// enterprise, where it came from, its class and measures, who answers for it by when, how it was closed and what
/// the 回头看 found, linked to the batch, inspection, case and assistance case it concerns.
public struct ProblemItem: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var campaignId: Int64
    public var campaignName: String
    public var districtCode: String?
    public var enterpriseId: Int64
    public var enterpriseName: String
    public var productId: Int64?
    public var productName: String?
    public var stage: ProblemStage
    public var source: ProblemSource
    public var problem: String
    public var evidence: String?
    public var reportedOn: Day
    public var state: ProblemState
    public var enteredOn: Day
    /// 一般 or 严重, decided when the measures are set.
    public var severity: ProblemSeverity?
    public var measures: [ProblemMeasure]
    public var responsibleOrganisation: String?
    public var responsiblePerson: String?
    public var deadline: Day?
    /// The enterprise's root-cause analysis (一般, 001 §四8).
    public var rootCause: String?
    public var closureEvidence: String?
    public var closedOn: Day?
    /// From when the 回头看 is due (set at 销号: `problemReviewDays` later).
    public var reviewDue: Day?
    public var reviewFinding: String?
    /// Why an item still open when the campaign ends may be carried over, as the city approved it.
    public var carriedOver: String?
    public var batchId: Int64?
    public var inspectionId: Int64?
    public var leadId: Int64?
    public var caseId: Int64?
    public var caseNumber: String?
    public var assistanceCaseId: Int64?
    /// The item whose 回头看 found the problem back (复发), for a new item.
    public var relapseOf: Int64?

    public init(id: Int64 = 0, version: Int = 1, campaignId: Int64, campaignName: String = "", districtCode: String?, enterpriseId: Int64,
                enterpriseName: String = "", productId: Int64? = nil, productName: String? = nil, stage: ProblemStage, source: ProblemSource,
                problem: String, evidence: String? = nil, reportedOn: Day, state: ProblemState? = nil) {
        self.id = id
        self.version = version
        self.campaignId = campaignId
        self.campaignName = campaignName
        self.districtCode = districtCode
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.productId = productId
        self.productName = productName
        self.stage = stage
        self.source = source
        self.problem = problem
        self.evidence = evidence
        self.reportedOn = reportedOn
        self.state = state ?? (source.needsVerification ? .verifying : .listed)
        self.enteredOn = reportedOn
        self.measures = []
    }

    /// “WT2026-00012”.
    public var number: String { EnforcementNumber.make("WT", reportedOn.year, id) }

    /// Still on the list to be cleared (a lead not yet verified counts: it may be a problem).
    public var isOpen: Bool { state.isOpen }

    /// Open past its deadline (rectification not finished in time).
    public func isOverdue(on today: Day) -> Bool { isOpen && (deadline.map { $0 < today } ?? false) }

    /// What a new item needs, every fault at once.
    public func validate() -> [FieldError] {
        var errors: [FieldError] = []
        if problem.trimmed.count < 6 { errors.append(FieldError("problem", "请写明存在的问题（至少6个字）")) }
        if source == .relapse && relapseOf == nil { errors.append(FieldError("source", "复发问题由回头看产生，不能直接登记")) }
        return errors
    }
}

public enum ProblemState: String, Sendable, Codable, CaseIterable, CodedValue {
    case verifying
    case listed
    case unfounded
    case rectifying
    case awaitingClosure = "awaiting_closure"
    case closed
    case consolidated
    case relapsed

    public var label: String {
        switch self {
        case .verifying: "待核查"
        case .listed: "已登记"
        case .unfounded: "不属实"
        case .rectifying: "整治中"
        case .awaitingClosure: "待销号"
        case .closed: "已销号"
        case .consolidated: "已巩固"
        case .relapsed: "复发"
        }
    }

    public var isOpen: Bool { [.verifying, .listed, .rectifying, .awaitingClosure].contains(self) }
    /// Cleared from the list (销号), whatever the 回头看 found later.
    public var isCleared: Bool { [.closed, .consolidated, .relapsed].contains(self) }
}

/// Where the problem was found (SPEC CP-4).
public enum ProblemSource: String, Sendable, Codable, CaseIterable, CodedValue {
    case inspection
    case spotCheck = "spot_check"
    case monitoring
    case complaint
    case association
    case station
    case selfInspection = "self_inspection"
    case relapse

    public var label: String {
        switch self {
        case .inspection: "现场检查"
        case .spotCheck: "监督抽查不合格"
        case .monitoring: "风险监测"
        case .complaint: "投诉举报"
        case .association: "行业协会线索"
        case .station: "风险信息监测站线索"
        case .selfInspection: "企业自查"
        case .relapse: "回头看复发"
        }
    }

    /// A lead from outside the bureau's own checks is verified by the district before it is listed (001 §四7).
    public var needsVerification: Bool { [.monitoring, .complaint, .association, .station].contains(self) }

    /// The sources a person enters by hand; the others come from their records (an inspection's 不符合, a failed
    /// batch of a campaign product, a self-inspection, a 回头看).
    public static let entered: [ProblemSource] = [.monitoring, .complaint, .association, .station]
}

/// 生产 or 流通: online sales count as 流通 (CP-5).
public enum ProblemStage: String, Sendable, Codable, CaseIterable, CodedValue {
    case production
    case circulation

    public var label: String {
        switch self {
        case .production: "生产领域"
        case .circulation: "流通领域"
        }
    }
}

public enum ProblemSeverity: String, Sendable, Codable, CaseIterable, CodedValue {
    case general
    case serious

    public var label: String {
        switch self {
        case .general: "一般"
        case .serious: "严重"
        }
    }

    /// The measures a class cannot go without (001 §四8): 一般 → 责令改正 and the enterprise's root-cause analysis;
    /// 严重 → 立案查处 and tracing of the products.
    public var requiredMeasures: [ProblemMeasure] {
        switch self {
        case .general: [.orderCorrection, .rootCause]
        case .serious: [.fileCase, .trace]
        }
    }
}

/// The measures of 001 §四8–9.
public enum ProblemMeasure: String, Sendable, Codable, CaseIterable, CodedValue {
    case orderCorrection = "order_correction"
    case rootCause = "root_cause"
    case fileCase = "file_case"
    case seize
    case trace
    case judicial
    case interview
    case seriousList = "serious_list"
    case notifyIssuer = "notify_issuer"

    public var label: String {
        switch self {
        case .orderCorrection: "责令改正"
        case .rootCause: "督促企业分析原因、制定整改措施"
        case .fileCase: "立案查处"
        case .seize: "查封、扣押"
        case .trace: "问题产品追溯和质量责任追查"
        case .judicial: "涉嫌犯罪移送司法机关"
        case .interview: "约谈"
        case .seriousList: "列入严重违法失信名单"
        case .notifyIssuer: "通报发证单位依法撤销证书"
        }
    }
}
