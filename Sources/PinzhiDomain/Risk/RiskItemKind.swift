/// The risk item as a workflow kind (SPEC RK-1): the city accepts it for study (研判) and grades it — an urgency level
/// and the injury scenario the product's grade follows from (RK-2) — or does not adopt it; then the city or the
/// item's district handles it within the level's clock (docs/rules.md §6).
public enum RiskItemKind: WorkflowKind {
    public typealias Record = RiskItem
    public typealias State = RiskItemState
    public typealias Action = RiskAction
    public typealias Party = RiskParty
    public typealias Context = BasicContext
    public typealias Effects = RiskEffects

    public static let name = "risk_item"
    public static let path = "risk-items"
    public static let label = "风险信息"

    public static func id(of r: RiskItem) -> Int64 { r.id }
    public static func version(of r: RiskItem) -> Int { r.version }
    public static func state(of r: RiskItem) -> RiskItemState { r.state }
    public static func stateLabel(_ s: RiskItemState) -> String { s.label }
    public static func enteredState(of r: RiskItem) -> Day? { r.enteredOn }
    public static func enter(_ state: RiskItemState, on day: Day, _ r: inout RiskItem) {
        r.state = state
        r.enteredOn = day
        if state == .graded { r.gradedOn = day }
    }
    public static func title(of r: RiskItem) -> String { "风险信息\(r.number)" }
    public static func subject(of r: RiskItem) -> String { "\(r.productName) · \(r.source.label)" }

    public static func includes(_ party: RiskParty, _ p: Principal, _ r: RiskItem) -> Bool {
        switch party {
        case .city: RiskPolicy.graderRoles.contains(p.role)
        case .handler: RiskPolicy.handles(p, districtCode: r.districtCode)
        }
    }

    public static func parties(of role: Role) -> Set<RiskParty> {
        var parties: Set<RiskParty> = []
        if RiskPolicy.graderRoles.contains(role) { parties.formUnion([.city, .handler]) }
        if role == .districtSupervisor { parties.insert(.handler) }
        return parties
    }

    /// The scenario's fields, filled with the item's own: grading may correct what the reporter wrote.
    static let scenarioFields = [
        FieldSpec("severity", "伤害严重程度（1至4）", .choice((1...4).map { Choice(code: String($0), label: String($0)) }), required: true),
        FieldSpec("probability", "伤害发生概率（如 1/5000 或 0.0002）", .text, required: true, maxLength: 30),
        FieldSpec("userGroup", "使用人群", .choice(Choice.of(UserGroup.self)), required: true),
    ]

    public static func step(_ action: RiskAction) -> WorkflowStep<RiskItemKind> {
        switch action {
        case .assess:
            return WorkflowStep("受理研判", parties: [.city], from: [.reported], to: .assessing,
                due: { _ in .workingDays("riskIntakeWorkingDays") })
        case .grade:
            return WorkflowStep("定级", parties: [.city], from: [.assessing], to: .graded,
                fields: { _, _ in [FieldSpec("urgency", "风险级别", .choice(Choice.of(RiskUrgency.self)), required: true)] + scenarioFields
                    + [FieldSpec("note", "研判意见", .longText, required: true, maxLength: 1000)] },
                defaults: { r, _ in ["severity": String(r.severity), "probability": RiskProbability.text(r.probability), "userGroup": r.userGroup.rawValue] },
                due: { _ in .workingDays("riskGradingWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("note", 10, "请写明研判意见（至少10个字）")
                    let probability = w.form["probability"].flatMap(RiskMatrix.probability)
                    if w.form["probability"] != nil && probability == nil {
                        w.form.fail("probability", "概率应为大于0且不大于1的分数（如 1/5000）或小数（如 0.0002）")
                    }
                    try w.form.finish()
                    var r = w.record
                    r.urgency = w.form["urgency"].flatMap(RiskUrgency.init(rawValue:))
                    r.severity = w.form["severity"].flatMap { Int($0) } ?? r.severity
                    r.probability = probability ?? r.probability
                    r.userGroup = w.form["userGroup"].flatMap(UserGroup.init(rawValue:)) ?? r.userGroup
                    r.riskLevel = RiskMatrix.level(severity: r.severity, probability: r.probability, vulnerable: r.userGroup.isVulnerable)
                    r.decisionNote = w.form["note"]
                    w.record = r
                    w.effects.regrade = true
                    w.summary = "定级为\(r.urgency?.shortLabel ?? "")，产品风险\(r.riskLevel.grade)（严重程度\(r.severity)，概率\(ProbabilityBand(probability: r.probability).label)）：\(r.decisionNote ?? "")"
                })
        case .handle:
            return WorkflowStep("开始处置", parties: [.handler], from: [.graded], to: .handling,
                fields: { _, _ in [FieldSpec("measures", "处置措施", .longText, required: true, maxLength: 1000)] },
                due: { r in r.urgency.flatMap { RiskClock.due($0, gradedOn: r.gradedOn) } },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("measures", 10, "请写明处置措施（至少10个字）")
                    try w.form.finish()
                    w.record.measures = w.form["measures"]
                    w.summary = "开始处置：\(w.form["measures"] ?? "")"
                })
        case .close:
            return WorkflowStep("处置完毕", parties: [.handler], from: [.handling], to: .handled,
                fields: { _, _ in [FieldSpec("result", "处置结果", .longText, required: true, maxLength: 1000)] },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("result", 10, "请写明处置结果（至少10个字）")
                    try w.form.finish()
                    w.record.result = w.form["result"]
                    w.summary = "处置完毕：\(w.form["result"] ?? "")"
                })
        case .reject:
            return WorkflowStep("不采纳", parties: [.city], from: [.reported, .assessing], to: .rejected, isDuty: false,
                fields: { _, _ in [FieldSpec("reason", "不采纳理由", .longText, required: true, maxLength: 1000)] },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("reason", 10, "请写明不采纳的理由（至少10个字）")
                    try w.form.finish()
                    w.record.decisionNote = w.form["reason"]
                    w.effects.regrade = true
                    w.summary = "不采纳：\(w.form["reason"] ?? "")"
                })
        }
    }
}

/// Grading or not adopting an item re-grades its product (RK-2), in the step's transaction.
public struct RiskEffects: StepEffects {
    public var regrade = false
    public init() {}
}

public enum RiskParty: String, Sendable, Hashable {
    /// The city's product-quality division grades (研判) every item.
    case city
    /// The city, or the district bureau of the item's district, handles it.
    case handler
}

/// The clocks of a graded item (SPEC RK-1, rule parameters): 一级 within `riskFirstLevelHours` hours, 二级 within
/// `riskSecondLevelWorkingDays` working days, 三级 by the next quarterly review (the last day of the quarter it was
/// graded in).
public enum RiskClock {
    public static func due(_ urgency: RiskUrgency, gradedOn: Day?) -> Due {
        switch urgency {
        case .first: .hours("riskFirstLevelHours", after: gradedOn)
        case .second: .workingDays("riskSecondLevelWorkingDays")
        case .third: .on(gradedOn.map(quarterEnd))
        }
    }

    /// The last day of the day's quarter: 3-31, 6-30, 9-30 or 12-31.
    public static func quarterEnd(_ day: Day) -> Day {
        let month = ((day.month - 1) / 3 + 1) * 3
        return Day(year: day.year, month: month, day: Day.length(day.year, month))!
    }
}

/// Who reads, reports and handles risk items: the city everywhere, a district bureau in its district, 执法总队 reads
/// and reports (its inspections are a source). Readers and their scope are enforcement's (EnforcementPolicy).
public enum RiskPolicy {
    /// Readers report too (a district for its own district).
    public static let readerRoles = EnforcementPolicy.readerRoles
    public static let graderRoles: Set<Role> = [.cityAdmin, .citySupervisor]

    public static func handles(_ p: Principal, districtCode: String?) -> Bool {
        switch p.role {
        case .cityAdmin, .citySupervisor: true
        case .districtSupervisor: p.districtCode != nil && p.districtCode == districtCode
        default: false
        }
    }

}

/// A probability as people read it: “1/5000” for the reciprocal of a whole number, else the decimal.
public enum RiskProbability {
    public static func text(_ p: Double) -> String {
        guard p > 0 else { return "0" }
        let inverse = 1 / p
        if abs(inverse - inverse.rounded()) < 1e-6 * inverse { return "1/\(Int(inverse.rounded()))" }
        return String(p)
    }
}
