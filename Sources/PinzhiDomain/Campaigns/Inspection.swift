/// An on-site inspection 现场检查 of a campaign (SPEC CP-3, seed 001 §三(三)、§四4): the checklist of its stage, each
/// item 符合 / 不符合 / 不适用 with a note, at least two inspectors, photos, and the enterprise's confirmation from
/// its own account. Each 不符合 becomes a problem-list item when the inspection is recorded.
public struct Inspection: Sendable, Codable, Equatable {
    public var id: Int64
    public var version: Int
    public var campaignId: Int64
    public var districtCode: String?
    public var enterpriseId: Int64
    public var enterpriseName: String
    public var productId: Int64?
    public var productName: String?
    public var stage: ProblemStage
    /// Why this enterprise: a licence holder (all of them, 100 %) or drawn by risk.
    public var basis: InspectionBasis
    public var inspectedOn: Day
    public var inspectors: [String]
    public var answers: [ChecklistAnswer]
    public var photoIds: [Int64]
    public var confirmedOn: Day?
    public var enterpriseRemark: String?

    public init(id: Int64 = 0, version: Int = 1, campaignId: Int64, districtCode: String?, enterpriseId: Int64, enterpriseName: String = "",
                productId: Int64? = nil, productName: String? = nil, stage: ProblemStage, basis: InspectionBasis, inspectedOn: Day,
                inspectors: [String], answers: [ChecklistAnswer], photoIds: [Int64] = []) {
        self.id = id
        self.version = version
        self.campaignId = campaignId
        self.districtCode = districtCode
        self.enterpriseId = enterpriseId
        self.enterpriseName = enterpriseName
        self.productId = productId
        self.productName = productName
        self.stage = stage
        self.basis = basis
        self.inspectedOn = inspectedOn
        self.inspectors = inspectors
        self.answers = answers
        self.photoIds = photoIds
    }

    /// “XC2026-00012”.
    public var number: String { EnforcementNumber.make("XC", inspectedOn.year, id) }

    /// The 不符合 answers: each becomes a problem item.
    public var findings: [ChecklistAnswer] { answers.filter { $0.result == .nonCompliant } }

    /// What is wrong with the record as entered, every fault at once: two inspectors at least (001 §四4; 现场检查 by
    /// two law-enforcement officers), every item of the stage's checklist answered once, a note for each 不符合 and
    /// 不适用, the day not in the future.
    public func validate(today: Day) -> [FieldError] {
        var errors: [FieldError] = []
        let names = inspectors.map(\.trimmed).filter { !$0.isEmpty }
        if Set(names).count < Inspection.minimumInspectors {
            errors.append(FieldError("inspectors", "现场检查应有至少\(Inspection.minimumInspectors)名检查人员（每行一名，不能重复）"))
        }
        if inspectedOn > today { errors.append(FieldError("inspectedOn", "检查日期不能晚于今天（\(today)）")) }
        for item in ChecklistItem.items(for: stage) {
            let given = answers.filter { $0.item == item }
            guard let answer = given.first, given.count == 1 else {
                errors.append(FieldError("item_\(item.rawValue)", "请对“\(item.label)”作出检查结论"))
                continue
            }
            if answer.result != .compliant, answer.note.trimmed.count < 4 {
                errors.append(FieldError("note_\(item.rawValue)", "“\(item.label)”\(answer.result.label)，请写明情况（至少4个字）"))
            }
        }
        if answers.contains(where: { $0.item.stage != stage }) {
            errors.append(FieldError("stage", "检查项目与检查环节（\(stage.label)）不符"))
        }
        return errors
    }

    public static let minimumInspectors = 2
}

public enum InspectionBasis: String, Sendable, Codable, CaseIterable, CodedValue {
    case licenceHolder = "licence_holder"
    case riskDraw = "risk_draw"
    case keyTarget = "key_target"
    case event

    public var label: String {
        switch self {
        case .licenceHolder: "生产许可证获证企业（全覆盖）"
        case .riskDraw: "按风险程度抽取"
        case .keyTarget: "重点对象"
        case .event: "社会热点事件跟进"
        }
    }
}

public enum ChecklistResult: String, Sendable, Codable, CaseIterable, CodedValue {
    case compliant
    case nonCompliant = "non_compliant"
    case notApplicable = "not_applicable"

    public var label: String {
        switch self {
        case .compliant: "符合"
        case .nonCompliant: "不符合"
        case .notApplicable: "不适用"
        }
    }
}

public struct ChecklistAnswer: Sendable, Codable, Equatable {
    public var item: ChecklistItem
    public var result: ChecklistResult
    public var note: String

    public init(item: ChecklistItem, result: ChecklistResult, note: String = "") {
        self.item = item
        self.result = result
        self.note = note
    }
}

/// The checklist of 001 §三(三)–(四), per stage.
public enum ChecklistItem: String, Sendable, Codable, CaseIterable, CodedValue {
    case responsibility
    case keyMaterials = "key_materials"
    case factoryInspection = "factory_inspection"
    case noAdulteration = "no_adulteration"
    case licenceConditions = "licence_conditions"
    case purchaseInspection = "purchase_inspection"
    case labelling
    case noBannedGoods = "no_banned_goods"

    public var label: String {
        switch self {
        case .responsibility: "企业质量安全责任落实到位"
        case .keyMaterials: "关键原材料质量管理制度落实"
        case .factoryInspection: "出厂检验制度落实"
        case .noAdulteration: "无偷工减料、掺杂掺假、以假充真、以次充好行为"
        case .licenceConditions: "生产场所、生产设备、检测设备等仍符合发证条件"
        case .purchaseInspection: "建立并落实进货检查验收制度"
        case .labelling: "无销售无产品名称、无厂名厂址产品的行为"
        case .noBannedGoods: "无销售国家明令淘汰、失效变质或假冒产品的行为"
        }
    }

    public var stage: ProblemStage {
        switch self {
        case .responsibility, .keyMaterials, .factoryInspection, .noAdulteration, .licenceConditions: .production
        case .purchaseInspection, .labelling, .noBannedGoods: .circulation
        }
    }

    public static func items(for stage: ProblemStage) -> [ChecklistItem] { allCases.filter { $0.stage == stage } }
}

/// The 100 % rule of CP-3: every active licence holder of the campaign's products inspected; per district, how many
/// there are, how many were inspected, and the ones still missing by name.
public struct InspectionCoverage: Sendable, Equatable {
    public struct Holder: Sendable, Equatable {
        public var enterpriseId: Int64
        public var enterpriseName: String
        public var districtCode: String?

        public init(enterpriseId: Int64, enterpriseName: String, districtCode: String?) {
            self.enterpriseId = enterpriseId
            self.enterpriseName = enterpriseName
            self.districtCode = districtCode
        }
    }

    public struct Line: Sendable, Equatable {
        public var districtCode: String?
        public var holders: Int
        public var inspected: Int
        public var missing: [Holder]

        /// The share covered, in per cent (100 where there is no holder).
        public var percent: Double { holders == 0 ? 100 : Double(inspected) / Double(holders) * 100 }
    }

    public var lines: [Line]

    public init(lines: [Line]) { self.lines = lines }

    /// The coverage of the holders by the enterprises inspected, per district in the order of District.all.
    public static func of(holders: [Holder], inspected: Set<Int64>) -> InspectionCoverage {
        let byDistrict = Dictionary(grouping: holders) { $0.districtCode ?? "" }
        let order = District.all.map(\.code) + byDistrict.keys.filter { key in !District.all.contains { $0.code == key } }.sorted()
        return InspectionCoverage(lines: order.compactMap { code in
            guard let list = byDistrict[code] else { return nil }
            let missing = list.filter { !inspected.contains($0.enterpriseId) }.sorted { $0.enterpriseName < $1.enterpriseName }
            return Line(districtCode: code.isEmpty ? nil : code, holders: list.count, inspected: list.count - missing.count, missing: missing)
        })
    }
}
