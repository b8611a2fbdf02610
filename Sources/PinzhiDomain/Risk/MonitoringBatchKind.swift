/// A monitoring batch as a workflow kind (SPEC RK-6): the plan's agency enters the results and says whether they
/// show a risk (within `monitoringTestWorkingDays` working days of sampling); a finding is reported — the store
/// writes its risk item in the same transaction — and a batch without one is archived. No verdict, no objection, no
/// publication (docs/rules.md §6f).
public enum MonitoringBatchKind: WorkflowKind {
    public typealias Record = MonitoringBatch
    public typealias State = MonitoringState
    public typealias Action = MonitoringAction
    public typealias Party = MonitoringParty
    public typealias Context = BasicContext
    public typealias Effects = MonitoringEffects

    public static let name = "monitoring_batch"
    public static let path = "monitoring-batches"
    public static let label = "风险监测批次"

    public static func id(of b: MonitoringBatch) -> Int64 { b.id }
    public static func version(of b: MonitoringBatch) -> Int { b.version }
    public static func state(of b: MonitoringBatch) -> MonitoringState { b.state }
    public static func stateLabel(_ s: MonitoringState) -> String { s.label }
    public static func enteredState(of b: MonitoringBatch) -> Day? { b.enteredOn }
    public static func enter(_ state: MonitoringState, on day: Day, _ b: inout MonitoringBatch) {
        b.state = state
        b.enteredOn = day
    }
    public static func title(of b: MonitoringBatch) -> String { "风险监测\(b.number)" }
    public static func subject(of b: MonitoringBatch) -> String { "\(b.productName) · \(b.sampleName)" }

    public static func includes(_ party: MonitoringParty, _ p: Principal, _ b: MonitoringBatch) -> Bool {
        switch party {
        case .agency: p.role == .agencyUser && p.agencyId == b.agencyId
        }
    }

    public static func parties(of role: Role) -> Set<MonitoringParty> { role == .agencyUser ? [.agency] : [] }

    public static func step(_ action: MonitoringAction) -> WorkflowStep<MonitoringBatchKind> {
        switch action {
        case .test:
            return WorkflowStep("录入检测结果", parties: [.agency], from: [.sampled], to: .tested,
                fields: { _, _ in [FieldSpec("results", "检测结果（逐项，含无标准项目的实测值）", .longText, required: true, maxLength: 3000),
                                   FieldSpec("finding", "是否发现风险", .choice([Choice(code: "yes", label: "发现风险"), Choice(code: "no", label: "未发现风险")]),
                                             required: true),
                                   FieldSpec("findingText", "风险描述（发现风险时）", .longText, maxLength: 1000)] },
                due: { _ in .workingDays("monitoringTestWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    w.form.minLength("results", 10, "请逐项写明检测结果（至少10个字）")
                    let finding = w.form["finding"] == "yes"
                    if finding { w.form.require("findingText", "发现风险时请描述风险") }
                    w.form.minLength("findingText", 10, "请写明风险描述（至少10个字）")
                    try w.form.finish()
                    w.record.results = w.form["results"]
                    w.record.finding = finding
                    w.record.findingText = finding ? w.form["findingText"] : nil
                    w.summary = finding ? "检测完成，发现风险：\(w.form["findingText"] ?? "")" : "检测完成，未发现风险"
                })
        case .report:
            return WorkflowStep("报送风险信息", parties: [.agency], from: [.tested], to: .reported,
                fields: { _, _ in [FieldSpec("hazard", "危害类型", .choice(Choice.of(Hazard.self)), required: true),
                                   FieldSpec("userGroup", "使用人群", .choice(Choice.of(UserGroup.self)), required: true),
                                   FieldSpec("severity", "伤害严重程度（1至4）", .choice((1...4).map { Choice(code: String($0), label: String($0)) }), required: true),
                                   FieldSpec("probability", "伤害发生概率（如 1/5000 或 0.0002）", .text, required: true, maxLength: 30)] },
                defaults: { _, _ in ["userGroup": UserGroup.general.rawValue] },
                precondition: { b in b.finding == true ? nil : "未发现风险的批次不报送，请归档" },
                due: { _ in .workingDays("monitoringReportWorkingDays") },
                perform: { w throws(ValidationFailure) in
                    let probability = w.form["probability"].flatMap(RiskMatrix.probability)
                    if w.form["probability"] != nil && probability == nil {
                        w.form.fail("probability", "概率应为大于0且不大于1的分数（如 1/5000）或小数（如 0.0002）")
                    }
                    try w.form.finish()
                    w.effects.report = .init(severity: w.form["severity"].flatMap { Int($0) } ?? 1, probability: probability ?? 1,
                                             hazard: w.form["hazard"].flatMap(Hazard.init(rawValue:)) ?? .other,
                                             userGroup: w.form["userGroup"].flatMap(UserGroup.init(rawValue:)) ?? .general)
                    w.summary = "报送风险信息：\(w.record.findingText ?? "")"
                })
        case .archive:
            return WorkflowStep("归档", parties: [.agency], from: [.tested], to: .archived,
                precondition: { b in b.finding == false ? nil : "发现风险的批次须报送风险信息" },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.summary = "未发现风险，归档"
                })
        }
    }
}

public enum MonitoringParty: String, Sendable, Hashable {
    /// The agency the plan names (市质检院 by default) samples, tests and reports.
    case agency
}

/// Reporting a finding asks the store for its risk item, with the scenario the agency judged.
public struct MonitoringEffects: StepEffects {
    public struct Report: Sendable, Equatable {
        public var severity: Int
        public var probability: Double
        public var hazard: Hazard
        public var userGroup: UserGroup
    }

    public var report: Report?
    public init() {}
}

/// Who reads monitoring: the city and 执法总队 everything, a district bureau the batches of its district's
/// enterprises, an agency its own plans' batches; the city plans (RiskPolicy.graderRoles).
public enum MonitoringPolicy {
    public static let readerRoles: Set<Role> = RiskPolicy.readerRoles.union([.agencyUser])
}
