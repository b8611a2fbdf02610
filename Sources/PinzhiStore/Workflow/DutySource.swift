import PinzhiDomain

/// A kind's part of the workbench's one to-do list: the records on which this principal owes a step today, with
/// their deadlines. Each kind's repository supplies it; the workbench merges them by deadline (Duty.byDeadline).
public protocol DutySource: Sendable {
    func duties(as p: Principal, today: Day, rules: RuleSet, calendar: WorkingDayCalendar) async throws -> [Duty]
}

extension BatchRepository: DutySource {
    public func duties(as p: Principal, today: Day, rules: RuleSet, calendar: WorkingDayCalendar) async throws -> [Duty] {
        guard BatchPolicy.visibility(p) != .none else { return [] }
        return try await todo(as: p, today: today).compactMap {
            Workflow<BatchKind>.duty(p, $0, today: today, rules: rules, calendar: calendar)
        }
    }
}

extension PlanRepository: DutySource {
    public func duties(as p: Principal, today: Day, rules: RuleSet, calendar: WorkingDayCalendar) async throws -> [Duty] {
        let states = Workflow<PlanKind>.dutyStates(for: p.role)
        guard !states.isEmpty else { return [] }
        // Plans are few (a city's and sixteen districts' a year): the open ones are read and filtered here.
        return try await list(year: nil, state: nil, as: p).filter { states.contains($0.state) }.compactMap {
            Workflow<PlanKind>.duty(p, $0, today: today, rules: rules, calendar: calendar)
        }
    }
}

extension TaskRepository: DutySource {
    public func duties(as p: Principal, today: Day, rules: RuleSet, calendar: WorkingDayCalendar) async throws -> [Duty] {
        guard !Workflow<TaskKind>.dutyStates(for: p.role).isEmpty else { return [] }
        return try await list(state: .assigned, as: p).compactMap {
            Workflow<TaskKind>.duty(p, $0, today: today, rules: rules, calendar: calendar)
        }
    }
}

/// The usual duty source of a kind: its records in the principal's scope that wait in a state where the principal's
/// role owes a step (`open`), each made a duty row by the workflow engine. A kind conforms by writing `open` alone.
public protocol OpenRecordDuties: DutySource, WorkflowRecords {
    /// The records in the principal's scope in one of the duty states of its role (`Workflow.dutyStates`).
    func open(as p: Principal, today: Day) async throws -> [Kind.Record]
}

extension OpenRecordDuties {
    public func duties(as p: Principal, today: Day, rules: RuleSet, calendar: WorkingDayCalendar) async throws -> [Duty] {
        guard !Workflow<Kind>.dutyStates(for: p.role).isEmpty else { return [] }
        return try await open(as: p, today: today).compactMap { Workflow<Kind>.duty(p, $0, today: today, rules: rules, calendar: calendar) }
    }
}
