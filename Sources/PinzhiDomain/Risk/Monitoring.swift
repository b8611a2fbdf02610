/// Risk monitoring 风险监测 (SPEC RK-6; 001 §四7, 003 §十七–十八): the city plans what 市质检院 (or another
/// agency it names) monitors — a product, the items, known or not yet standardised, and how many batches — and the
/// agency records each monitoring batch with its results. A finding is not a verdict: there is no objection and
/// nothing is ever published under the enterprise's name; reporting a finding writes a risk item (source 风险监测)
/// for the city to grade. docs/rules.md §6f.
public struct MonitoringPlan: Sendable, Codable, Equatable {
    public var id: Int64
    public var year: Int
    public var title: String
    public var productId: Int64
    public var productName: String
    public var agencyId: Int64
    public var agencyName: String
    /// What is measured, one item per line; an item without a standard says so (“（无现行标准）”).
    public var items: String
    public var focus: MonitoringFocus
    public var plannedBatches: Int
    public var createdBy: String
    public var createdOn: Day
    /// Batches recorded so far and those with a finding, when read with its counts.
    public var recorded: Int = 0
    public var findings: Int = 0

    public init(id: Int64 = 0, year: Int, title: String, productId: Int64, productName: String = "", agencyId: Int64, agencyName: String = "",
                items: String, focus: MonitoringFocus, plannedBatches: Int, createdBy: String, createdOn: Day) {
        self.id = id
        self.year = year
        self.title = title
        self.productId = productId
        self.productName = productName
        self.agencyId = agencyId
        self.agencyName = agencyName
        self.items = items
        self.focus = focus
        self.plannedBatches = plannedBatches
        self.createdBy = createdBy
        self.createdOn = createdOn
    }

    /// “JC2026-00003”.
    public var number: String { EnforcementNumber.make("JC", year, id) }

    /// The items, one per line, blanks dropped.
    public var itemList: [String] { items.split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty } }

    /// Checks a plan's fields (docs/rules.md §6f): a title, at least one item, 1–500 batches, a year around today's.
    public static func check(title: String, items: String, plannedBatches: Int, year: Int, today: Day) -> [FieldError] {
        var errors: [FieldError] = []
        if title.trimmed.count < 4 || title.trimmed.count > 100 { errors.append(FieldError("title", "请填写监测计划名称（4至100个字）")) }
        let list = items.split(whereSeparator: \.isNewline).map { String($0).trimmed }.filter { !$0.isEmpty }
        if list.isEmpty { errors.append(FieldError("items", "请填写至少一个监测项目（每行一个）")) }
        if list.count > 50 || items.count > 2000 { errors.append(FieldError("items", "监测项目不超过50项、2000个字")) }
        if !(1...500).contains(plannedBatches) { errors.append(FieldError("plannedBatches", "计划批次应为1至500")) }
        if !((today.year - 1)...(today.year + 1)).contains(year) { errors.append(FieldError("year", "年度应为\(today.year - 1)至\(today.year + 1)年")) }
        return errors
    }
}

/// Why a product is monitored (003 §十七): the three kinds of product the notice puts first, or the city's other reasons.
public enum MonitoringFocus: String, Sendable, Codable, CaseIterable, CodedValue {
    case opinion
    case incidents
    case noStandard = "no-standard"
    case online
    case other

    public var label: String {
        switch self {
        case .opinion: "社会舆情关注度较高"
        case .incidents: "易发生重大质量安全事件"
        case .noStandard: "新技术新工艺新材料、无现行有效安全标准"
        case .online: "量大面广的网络销售产品"
        case .other: "其他"
        }
    }
}

/// Where a monitoring sample was bought or taken (001 §四7: online sales first).
public enum MonitoringChannel: String, Sendable, Codable, CaseIterable, CodedValue {
    case online
    case market
    case producer

    public var label: String {
        switch self {
        case .online: "网络销售"
        case .market: "实体市场"
        case .producer: "生产企业"
        }
    }
}

/// A monitoring batch: one sample under a plan, its results and whether they show a risk.
public struct MonitoringBatch: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var planId: Int64
    public var planTitle: String
    public var productId: Int64
    public var productName: String
    public var agencyId: Int64
    public var year: Int
    public var channel: MonitoringChannel
    /// Where it came from: the shop or seller, as the sampler wrote it.
    public var source: String
    public var sampleName: String
    public var enterpriseId: Int64?
    public var enterpriseName: String?
    public var districtCode: String?
    public var sampledOn: Day
    public var state: MonitoringState
    public var enteredOn: Day
    public var results: String?
    public var finding: Bool?
    public var findingText: String?
    public var riskItemId: Int64?
    public var createdBy: String

    public init(id: Int64 = 0, version: Int = 1, planId: Int64, planTitle: String = "", productId: Int64, productName: String = "", agencyId: Int64,
                year: Int, channel: MonitoringChannel, source: String, sampleName: String, enterpriseId: Int64? = nil, enterpriseName: String? = nil,
                districtCode: String? = nil, sampledOn: Day, state: MonitoringState = .sampled, enteredOn: Day? = nil, createdBy: String) {
        self.id = id
        self.version = version
        self.planId = planId
        self.planTitle = planTitle
        self.productId = productId
        self.productName = productName
        self.agencyId = agencyId
        self.year = year
        self.channel = channel
        self.source = source
        self.sampleName = sampleName
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.districtCode = districtCode
        self.sampledOn = sampledOn
        self.state = state
        self.enteredOn = enteredOn ?? sampledOn
        self.createdBy = createdBy
    }

    /// “JCP2026-00012”.
    public var number: String { EnforcementNumber.make("JCP", year, id) }

    /// The risk item a reported finding makes (SPEC RK-6): source 风险监测, the scenario the agency judged, the
    /// evidence its results; the enterprise named only inside the bureau.
    public func riskItem(severity: Int, probability: Double, hazard: Hazard, userGroup: UserGroup, agencyName: String, on day: Day) -> RiskItem {
        RiskItem(source: .monitoring, productId: productId, productName: productName, enterpriseId: enterpriseId, enterpriseName: enterpriseName,
                 districtCode: districtCode, hazard: hazard, userGroup: userGroup, severity: severity, probability: probability,
                 evidence: "风险监测\(number)（\(channel.label)：\(source)，\(sampleName)）发现：\(findingText ?? "")。检测结果：\(results ?? "")",
                 reporter: agencyName.isEmpty ? "风险监测机构" : agencyName, reportedOn: day)
    }
}

/// 已抽样 → 已检测 → 已报送 (a finding reported as a risk item) or 已归档 (nothing found).
public enum MonitoringState: String, Sendable, Codable, CaseIterable, CodedValue {
    case sampled
    case tested
    case reported
    case archived

    public var label: String {
        switch self {
        case .sampled: "已抽样"
        case .tested: "已检测"
        case .reported: "已报送风险信息"
        case .archived: "已归档（未发现风险）"
        }
    }
}

public enum MonitoringAction: String, Sendable, Codable, CaseIterable {
    case test
    case report
    case archive
}
