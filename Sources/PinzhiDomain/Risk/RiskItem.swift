/// A piece of risk information 风险信息 (SPEC RK-1, 003 §十五): what was learnt about a product's hazard, from which of
/// the eight sources, graded by the city (研判) into an urgency level and a product risk level, then handled.
public struct RiskItem: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var source: RiskSource
    public var productId: Int64
    public var productName: String
    public var enterpriseId: Int64?
    public var enterpriseName: String?
    public var districtCode: String?
    /// The enterprise's industrial cluster 产业集聚区 as it is now (read with the item): the risk map counts it there.
    public var enterpriseCluster: String?
    public var hazard: Hazard
    public var userGroup: UserGroup
    /// The injury scenario: severity 1–4 and probability in (0, 1] (RK-2); the model's level follows from them.
    public var severity: Int
    public var probability: Double
    public var riskLevel: ProductRiskLevel
    public var evidence: String
    public var reporter: String
    public var reportedOn: Day
    /// The record it came from when the system created it (a failed batch).
    public var batchId: Int64?
    public var batchNumber: String?
    public var state: RiskItemState
    public var enteredOn: Day
    public var urgency: RiskUrgency?
    public var gradedOn: Day?
    public var measures: String?
    public var result: String?
    public var decisionNote: String?

    public init(id: Int64 = 0, version: Int = 1, source: RiskSource, productId: Int64, productName: String = "", enterpriseId: Int64? = nil,
                enterpriseName: String? = nil, districtCode: String? = nil, hazard: Hazard, userGroup: UserGroup = .general, severity: Int,
                probability: Double, evidence: String, reporter: String, reportedOn: Day, batchId: Int64? = nil, batchNumber: String? = nil,
                state: RiskItemState = .reported, enteredOn: Day? = nil, urgency: RiskUrgency? = nil, gradedOn: Day? = nil,
                enterpriseCluster: String? = nil) {
        self.id = id
        self.version = version
        self.source = source
        self.productId = productId
        self.productName = productName
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.districtCode = districtCode
        self.enterpriseCluster = enterpriseCluster
        self.hazard = hazard
        self.userGroup = userGroup
        self.severity = severity
        self.probability = probability
        self.riskLevel = RiskMatrix.level(severity: severity, probability: probability, vulnerable: userGroup.isVulnerable)
        self.evidence = evidence
        self.reporter = reporter
        self.reportedOn = reportedOn
        self.batchId = batchId
        self.batchNumber = batchNumber
        self.state = state
        self.enteredOn = enteredOn ?? reportedOn
        self.urgency = urgency
        self.gradedOn = gradedOn
    }

    /// “FX2026-00012”: the year reported and the id.
    public var number: String { EnforcementNumber.make("FX", reportedOn.year, id) }

    /// Whether the item counts for its product's grade: every item but one not adopted (不采纳).
    public var counts: Bool { state != .rejected }

    /// The risk item a failed batch makes (SPEC RK-1, RK-2): source 监督抽查, the default scenario of its worst failed
    /// item's severity, reported on the day of the report.
    public static func fromFailedBatch(_ b: Batch, on day: Day) -> RiskItem {
        let scenario = DefaultScenario.of(b.serious ? .serious : .general)
        return RiskItem(source: .spotCheck, productId: b.productId, productName: b.productName, enterpriseId: b.enterpriseId,
                        enterpriseName: b.enterpriseName, districtCode: b.enterpriseDistrict.isEmpty ? nil : b.enterpriseDistrict,
                        hazard: .other, severity: scenario.severity, probability: scenario.band.representative,
                        evidence: "监督抽查不合格（报告\(b.reportNumber ?? "")）：\(b.failedItems ?? "")\(b.serious ? "，含严重不合格项目" : "")",
                        reporter: "系统（监督抽查）", reportedOn: day, batchId: b.id, batchNumber: b.number, enterpriseCluster: b.enterpriseCluster)
    }
}

/// The eight sources of risk information of 003 §十五.
public enum RiskSource: String, Sendable, Codable, CaseIterable, CodedValue {
    case spotCheck = "spot-check"
    case inspection
    case routine
    case monitoring
    case recall
    case injury
    case complaint
    case opinion

    public var label: String {
        switch self {
        case .spotCheck: "监督抽查"
        case .inspection: "执法检查"
        case .routine: "日常检查"
        case .monitoring: "风险监测"
        case .recall: "缺陷召回"
        case .injury: "伤害监测"
        case .complaint: "消费者投诉"
        case .opinion: "网络舆情"
        }
    }

    /// Spot-check items come from a failed batch's report, never typed.
    public static var entered: [RiskSource] { allCases.filter { $0 != .spotCheck } }
}

/// 新报 → 研判中 → 已定级 → 处置中 → 已处置, or 不采纳 with a reason.
public enum RiskItemState: String, Sendable, Codable, CaseIterable, CodedValue {
    case reported
    case assessing
    case graded
    case handling
    case handled
    case rejected

    public var label: String {
        switch self {
        case .reported: "新报"
        case .assessing: "研判中"
        case .graded: "已定级"
        case .handling: "处置中"
        case .handled: "已处置"
        case .rejected: "不采纳"
        }
    }
}

/// How urgently a graded risk must be handled (AQSIQ 2014 guidance): 一级 immediate emergency measures, 二级 measures
/// within a set time, 三级 further study, each with its clock (docs/rules.md §6).
public enum RiskUrgency: String, Sendable, Codable, CaseIterable, CodedValue {
    case first
    case second
    case third

    public var label: String {
        switch self {
        case .first: "一级（立即采取紧急措施）"
        case .second: "二级（规定时间内采取措施）"
        case .third: "三级（进一步研究）"
        }
    }

    public var shortLabel: String {
        switch self {
        case .first: "一级"
        case .second: "二级"
        case .third: "三级"
        }
    }
}

public enum Hazard: String, Sendable, Codable, CaseIterable, CodedValue {
    case mechanical
    case electrical
    case fire
    case thermal
    case chemical
    case choking
    case microbial
    case radiation
    case other

    public var label: String {
        switch self {
        case .mechanical: "机械伤害"
        case .electrical: "触电"
        case .fire: "火灾、燃烧"
        case .thermal: "高温烫伤"
        case .chemical: "有毒有害物质"
        case .choking: "窒息、吞咽"
        case .microbial: "微生物"
        case .radiation: "辐射"
        case .other: "其他（不合格项目）"
        }
    }
}

/// Who uses the product; all but the general public are vulnerable users (SPEC RK-2): without a scenario of their
/// own, their probability moves one band up.
public enum UserGroup: String, Sendable, Codable, CaseIterable, CodedValue {
    case general
    case infants
    case children
    case elderly
    case disabled

    public var label: String {
        switch self {
        case .general: "一般消费者"
        case .infants: "婴幼儿"
        case .children: "儿童"
        case .elderly: "老年人"
        case .disabled: "残障人士"
        }
    }

    public var isVulnerable: Bool { self != .general }
}

public enum RiskAction: String, Sendable, Codable, CaseIterable {
    case assess
    case grade
    case handle
    case close
    case reject
}

extension ProbabilityBand {
    /// A probability inside the band (twice its lower bound: 1/5 000 for > 1/10 000), stored for a default scenario so
    /// that its level is recomputed from the item like any other's.
    public var representative: Double {
        rawValue < Self.bounds.count ? min(Self.bounds[rawValue] * 2, 1) : 1e-7
    }
}
