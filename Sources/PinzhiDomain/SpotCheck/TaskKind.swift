/// The spot-check task 抽查任务 as a workflow kind (SPEC SC-3, seed 004 §八): the agency accepts it or sends it back
/// with a reason, and the batches of a declined task return to the plan line. Assignment creates the task (TaskRules).
public enum TaskKind: WorkflowKind {
    public typealias Record = CheckTask
    public typealias State = TaskState
    public typealias Action = TaskAction
    public typealias Party = TaskParty
    public typealias Context = BasicContext
    public typealias Effects = NoEffects

    public static let name = "task"
    public static let path = "tasks"
    public static let label = "抽查任务"

    public static func id(of t: CheckTask) -> Int64 { t.id }
    public static func version(of t: CheckTask) -> Int { t.version }
    public static func state(of t: CheckTask) -> TaskState { t.state }
    public static func stateLabel(_ s: TaskState) -> String { s.label }
    public static func enteredState(of t: CheckTask) -> Day? { nil }
    public static func enter(_ state: TaskState, on day: Day, _ t: inout CheckTask) { t.state = state }
    public static func title(of t: CheckTask) -> String { "任务#\(t.id)" }
    public static func subject(of t: CheckTask) -> String { "\(t.productName) \(t.batches)批次 · \(t.agencyName)" }

    public static func includes(_ party: TaskParty, _ p: Principal, _ t: CheckTask) -> Bool {
        switch party {
        case .agency: p.role == .agencyUser && p.agencyId == t.agencyId
        }
    }

    public static func parties(of role: Role) -> Set<TaskParty> { role == .agencyUser ? [.agency] : [] }

    public static func step(_ action: TaskAction) -> WorkflowStep<TaskKind> {
        switch action {
        case .accept:
            WorkflowStep("接收", parties: [.agency], from: [.assigned], to: .accepted, due: { t in .on(t.dueDate) },
                perform: { w throws(ValidationFailure) in
                    try w.form.finish()
                    w.summary = "接收任务：\(w.record.productName)\(w.record.batches)批次"
                })
        case .decline:
            WorkflowStep("退回", parties: [.agency], from: [.assigned], to: .declined,
                fields: { _, _ in [FieldSpec("reason", "退回理由", .longText, maxLength: 500)] },
                due: { t in .on(t.dueDate) },
                perform: { w throws(ValidationFailure) in
                    let reason = w.form["reason"] ?? ""
                    if reason.count < 4 { w.form.fail("reason", "退回任务须说明理由（至少4个字）") }
                    try w.form.finish()
                    w.record.declineReason = reason
                    w.summary = "退回任务：\(w.record.productName)，理由：\(reason)"
                })
        }
    }
}

/// Who acts on a task: the agency it was given to.
public enum TaskParty: String, Sendable, Hashable {
    case agency
}
