/// An enterprise's credit risk class 信用风险分类 A–D (SPEC RK-3, 001 §14), computed by a points model whose every weight
/// is a rule parameter (docs/rules.md §6c): a static part from the highest risk grade of the products it makes, a
/// dynamic part from its record over the last years (capped), and a credit part; the total's thresholds give the
/// class, and two floors apply (列严 ⇒ D; a refusal within a year ⇒ at least C).
public enum CreditClass: String, Sendable, Codable, CaseIterable, Comparable, CodedValue {
    case a = "A"
    case b = "B"
    case c = "C"
    case d = "D"

    public var label: String { "\(rawValue)类" }

    public static func < (x: CreditClass, y: CreditClass) -> Bool { x.rawValue < y.rawValue }
}

/// What the model reads about one enterprise, counted by the store over the look-back windows.
public struct CreditFacts: Sendable, Codable, Equatable {
    /// The highest grade (override where one stands) of the products it makes; nil if none is graded.
    public var highestGrade: ProductRiskLevel?
    public var seriousFailures = 0
    public var otherFailures = 0
    public var refusals = 0
    /// Refusals within `creditRefusalFloorMonths` (they set the floor C).
    public var recentRefusals = 0
    public var overdueRectifications = 0
    public var cases = 0
    public var openProblemItems = 0
    public var verifiedComplaints = 0
    /// 列入经营异常名录 / 严重违法失信名单: no register feeds them yet (always false until one does).
    public var abnormalList = false
    public var seriousList = false
    public var missingOfficer = false

    public init(highestGrade: ProductRiskLevel? = nil) { self.highestGrade = highestGrade }
}

/// The model's answer with its reasons, kept with each change of class ("为何为C类").
public struct CreditAssessment: Sendable, Codable, Equatable {
    public var facts: CreditFacts
    public var staticPoints: Int
    public var dynamicPoints: Int
    public var creditPoints: Int
    public var creditClass: CreditClass
    /// One line per input that gave points, and the floor if one applied.
    public var reasons: [String]

    public var total: Int { staticPoints + dynamicPoints + creditPoints }

    public var summary: String { "\(creditClass.label)（\(total)分：静态\(staticPoints)＋动态\(dynamicPoints)＋信用\(creditPoints)）" }
}

public enum CreditModel {
    /// The model's parameters, each a rule parameter (RuleParameter.all) with the SPEC's default.
    public static let parameterKeys = [
        "creditGradeSerious", "creditGradeHigh", "creditGradeMedium", "creditGradeLow", "creditDynamicYears", "creditDynamicCap",
        "creditSeriousFailure", "creditOtherFailure", "creditRefusal", "creditOverdueRectification", "creditCase", "creditOpenProblem",
        "creditVerifiedComplaint", "creditAbnormalList", "creditSeriousList", "creditNoOfficer", "creditClassB", "creditClassC", "creditClassD",
        "creditRefusalFloorMonths",
    ]

    public static func assess(_ f: CreditFacts, rules: RuleSet) -> CreditAssessment {
        var reasons: [String] = []
        let gradeKey: String? = switch f.highestGrade {
        case .serious?: "creditGradeSerious"
        case .high?: "creditGradeHigh"
        case .medium?: "creditGradeMedium"
        case .low?: "creditGradeLow"
        case nil: nil
        }
        let staticPoints = gradeKey.map(rules.int) ?? 0
        if let g = f.highestGrade { reasons.append("所产产品最高风险等级“\(g.grade)”：\(staticPoints)分") }
        let years = rules.int("creditDynamicYears")
        var dynamic = 0
        for (count, key, what) in [(f.seriousFailures, "creditSeriousFailure", "监督抽查含严重不合格项目"), (f.otherFailures, "creditOtherFailure", "其他监督抽查不合格"),
                                   (f.refusals, "creditRefusal", "拒绝监督抽查"), (f.overdueRectifications, "creditOverdueRectification", "逾期未完成整改"),
                                   (f.cases, "creditCase", "立案查处"), (f.openProblemItems, "creditOpenProblem", "未销号的问题清单事项"),
                                   (f.verifiedComplaints, "creditVerifiedComplaint", "经核实的消费者投诉")] where count > 0 {
            let points = count * rules.int(key)
            dynamic += points
            reasons.append("近\(years)年\(what)\(count)次：\(points)分")
        }
        let cap = rules.int("creditDynamicCap")
        if dynamic > cap {
            reasons.append("动态部分合计\(dynamic)分，按上限计\(cap)分")
            dynamic = cap
        }
        var credit = 0
        for (flag, key, what) in [(f.abnormalList, "creditAbnormalList", "列入经营异常名录"), (f.seriousList, "creditSeriousList", "列入严重违法失信名单"),
                                  (f.missingOfficer, "creditNoOfficer", "未按要求配备质量安全总监或安全员")] where flag {
            credit += rules.int(key)
            reasons.append("\(what)：\(rules.int(key))分")
        }
        let total = staticPoints + dynamic + credit
        var cls: CreditClass = total >= rules.int("creditClassD") ? .d : total >= rules.int("creditClassC") ? .c : total >= rules.int("creditClassB") ? .b : .a
        if f.seriousList && cls < .d {
            cls = .d
            reasons.append("列入严重违法失信名单，直接定为D类")
        }
        if f.recentRefusals > 0 && cls < .c {
            cls = .c
            reasons.append("\(rules.int("creditRefusalFloorMonths"))个月内拒绝监督抽查，至少为C类")
        }
        if reasons.isEmpty { reasons.append("无扣分事项") }
        return CreditAssessment(facts: f, staticPoints: staticPoints, dynamicPoints: dynamic, creditPoints: credit, creditClass: cls, reasons: reasons)
    }
}
