/// A quality-safety officer as a workflow kind (SPEC EN-4). The enterprise appoints (SafetyOfficerKind.appointFields;
/// a bureau may register an appointment for it) and records the first training (the duty of a new appointment) and
/// later ones; the city or the enterprise's district scores an officer drawn for assessment (OfficerAssessmentDraw);
/// the enterprise dismisses one it relieves.
public enum SafetyOfficerKind: WorkflowKind {
    public typealias Record = SafetyOfficer
    public typealias State = OfficerState
    public typealias Action = OfficerAction
    public typealias Party = OfficerParty
    public typealias Context = BasicContext
    public typealias Effects = OfficerEffects

    public static let name = "officer"
    public static let path = "officers"
    public static let label = "质量安全人员"

    public static func id(of o: SafetyOfficer) -> Int64 { o.id }
    public static func version(of o: SafetyOfficer) -> Int { o.version }
    public static func state(of o: SafetyOfficer) -> OfficerState { o.state }
    public static func stateLabel(_ s: OfficerState) -> String { s.label }
    public static func enteredState(of o: SafetyOfficer) -> Day? { o.enteredOn }
    public static func enter(_ state: OfficerState, on day: Day, _ o: inout SafetyOfficer) {
        o.state = state
        o.enteredOn = day
        if state == .dismissed { o.dismissedOn = day }
    }
    public static func title(of o: SafetyOfficer) -> String { "\(o.role.label) \(o.name)" }
    public static func subject(of o: SafetyOfficer) -> String { o.enterpriseName }

    public static func includes(_ party: OfficerParty, _ p: Principal, _ o: SafetyOfficer) -> Bool {
        switch party {
        case .enterprise: p.role == .enterpriseUser && p.enterpriseId == o.enterpriseId
        case .bureau: OfficerPolicy.follows(p, districtCode: o.districtCode)
        }
    }

    public static func parties(of role: Role) -> Set<OfficerParty> {
        switch role {
        case .enterpriseUser: [.enterprise]
        case .cityAdmin, .citySupervisor, .districtSupervisor: [.bureau]
        default: []
        }
    }

    static let trainingFields: @Sendable (SafetyOfficer, BasicContext?) -> [FieldSpec] = { _, _ in
        [FieldSpec("trainedOn", "培训日期", .date, required: true), FieldSpec("hours", "培训学时", .integer, required: true),
         FieldSpec("content", "培训内容及考试情况", .longText, required: true, maxLength: 1000)]
    }

    /// A training: on or after the appointment, not in the future, 1–200 hours.
    static func recordTraining(_ w: inout StepWork<SafetyOfficerKind>) throws(ValidationFailure) {
        let day = w.form.day("trainedOn", notAfter: w.today)
        if let day, day < w.record.appointedOn { w.form.fail("trainedOn", "培训日期不能早于任命日期（\(w.record.appointedOn)）") }
        let hours = w.form.int("hours", in: 1...200, "培训学时应为1至200之间的整数")
        w.form.minLength("content", 4, "请写明培训内容（至少4个字）")
        try w.form.finish()
        w.record.trainedOn = day
        w.record.trainingHours += hours ?? 0
        w.summary = "培训（\(day?.description ?? "")，\(hours ?? 0)学时）：\(w.form["content"] ?? "")"
    }

    public static func step(_ action: OfficerAction) -> WorkflowStep<SafetyOfficerKind> {
        switch action {
        case .train:
            // The first training is owed by a new appointment, within `officerTrainingWorkingDays`.
            return WorkflowStep("登记培训", parties: [.enterprise], from: [.appointed], to: .trained,
                                fields: trainingFields, defaults: { _, today in ["trainedOn": today.description] },
                                due: { _ in .workingDays("officerTrainingWorkingDays") },
                                perform: { w throws(ValidationFailure) in try recordTraining(&w) })
        case .addTraining:
            return WorkflowStep("补充培训记录", parties: [.enterprise], from: [.trained], to: nil, isDuty: false,
                                fields: trainingFields, defaults: { _, today in ["trainedOn": today.description] },
                                perform: { w throws(ValidationFailure) in try recordTraining(&w) })
        case .assess:
            return WorkflowStep("考核评分", parties: [.bureau], from: [.appointed, .trained], to: nil,
                fields: { _, _ in [FieldSpec("score", "考核得分（0–100）", .integer, required: true),
                                   FieldSpec("assessedOn", "考核日期", .date, required: true),
                                   FieldSpec("note", "考核情况", .longText, required: true, maxLength: 1000)] },
                defaults: { _, today in ["assessedOn": today.description] },
                precondition: { o in o.pendingAssessment == nil ? "该人员未被抽中考核，或考核已评分" : nil },
                perform: { w throws(ValidationFailure) in
                    let score = w.form.int("score", in: 0...100, "考核得分应为0至100之间的整数")
                    let day = w.form.day("assessedOn", notAfter: w.today)
                    try w.form.finish()
                    guard let score, let day, let item = w.record.pendingAssessment else { return }
                    let passed = score >= w.rules.int("officerPassScore")
                    w.record.lastScore = score
                    w.record.lastPassed = passed
                    w.record.pendingAssessment = nil
                    w.effects.score = OfficerEffects.Score(item: item, score: score, passed: passed, day: day, note: w.form["note"] ?? "")
                    w.summary = "考核得分\(score)分（\(passed ? "合格" : "不合格，合格线\(w.rules.int("officerPassScore"))分")）：\(w.form["note"] ?? "")"
                })
        case .dismiss:
            return WorkflowStep("免职", parties: [.enterprise], from: [.appointed, .trained], to: .dismissed, isDuty: false,
                fields: { _, _ in [FieldSpec("reason", "免职原因", .longText, required: true, maxLength: 500)] },
                precondition: { o in o.pendingAssessment != nil ? "该人员已被抽中考核，考核评分后才能免职" : nil },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.summary = "免职：\(w.form["reason"] ?? "")"
                })
        }
    }

    /// The form of a new appointment; the store checks the enterprise's scope and the one active 总监.
    public static let appointFields: [FieldSpec] = [
        FieldSpec("role", "职务", .choice(Choice.of(OfficerRole.self)), required: true),
        FieldSpec("name", "姓名", .text, required: true, maxLength: 30),
        FieldSpec("phone", "联系电话", .text, maxLength: 20),
        FieldSpec("appointedOn", "任命日期", .date, required: true),
        FieldSpec("appointmentDocument", "任命文件（文号或名称）", .text, required: true, maxLength: 100),
    ]

    /// Checks a new appointment's form beyond its field specs.
    public static func checkAppointment(_ form: inout StepForm, today: Day) {
        _ = form.day("appointedOn", notAfter: today)
        form.minLength("name", 2, "请填写姓名（至少2个字）")
        if let phone = form["phone"], !phone.allSatisfy({ $0.isNumber || $0 == "-" }) { form.fail("phone", "联系电话只能包含数字和“-”") }
    }
}

/// Scoring an assessment writes the drawn item's score in the step's transaction.
public struct OfficerEffects: StepEffects {
    public struct Score: Sendable, Equatable {
        public var item: Int64
        public var score: Int
        public var passed: Bool
        public var day: Day
        public var note: String
    }

    public var score: Score?
    public init() {}
}

/// Who reads and follows officers (SPEC EN-4, ORG-2): the city and 执法总队 all, a district bureau those of its
/// enterprises, an enterprise its own.
public enum OfficerPolicy {
    public static let readerRoles: Set<Role> = [.cityAdmin, .citySupervisor, .districtSupervisor, .enforcementOfficer, .enterpriseUser]

    /// The bureaus that score assessments and draw them: the city for all, a district for its own.
    public static func follows(_ p: Principal, districtCode: String?) -> Bool {
        switch p.role {
        case .cityAdmin, .citySupervisor: true
        case .districtSupervisor: p.districtCode != nil && p.districtCode == districtCode
        default: false
        }
    }

    /// The district a principal's view is limited to: `.some(nil)` all, `.some(code)` one district, nil none (an
    /// enterprise reads its own through `enterpriseId`).
    public static func districtScope(_ p: Principal) -> String?? {
        switch p.role {
        case .cityAdmin, .citySupervisor, .enforcementOfficer: .some(nil)
        case .districtSupervisor: p.districtCode.map { .some($0) } ?? nil
        default: nil
        }
    }
}
