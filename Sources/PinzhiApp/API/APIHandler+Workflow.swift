import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// Plans and tasks through the workflow engine, in the shape of batches: `GET /{kind}/{id}` with the steps open to
/// the caller and the timeline, `POST /{kind}/{id}/actions/{action}` with `{version, values}`. The working-day
/// calendar, read by everyone signed in and entered by the city administrator.
extension APIHandler {
    func getPlan(_ input: Operations.GetPlan.Input) async throws -> Operations.GetPlan.Output {
        let p = try bridge.principal()
        guard PlanPolicy.visibility(p) != .none else { throw WebError.forbidden }
        guard let plan = try await PlanRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        return .ok(.init(body: .json(try await planDetail(plan, p))))
    }

    func planDetail(_ plan: Plan, _ p: Principal) async throws -> Components.Schemas.PlanDetail {
        return .init(plan: APISpotCheck.plan(plan), lines: plan.lines.map(APISpotCheck.planLine), actions: try await stepForms(PlanRepository.self, plan, p),
                     events: try await timeline(PlanKind.self, plan.id))
    }

    func actOnPlan(_ input: Operations.ActOnPlan.Input) async throws -> Operations.ActOnPlan.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = PlanAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        let plan = try await act(PlanRepository.self, input.path.id, action, body)
        return .ok(.init(body: .json(APISpotCheck.plan(plan))))
    }

    func getTask(_ input: Operations.GetTask.Input) async throws -> Operations.GetTask.Output {
        let p = try bridge.principal()
        guard TaskPolicy.visibility(p) != .none else { throw WebError.forbidden }
        guard let task = try await TaskRepository(services.database).find(input.path.id, as: p) else { throw WebError.notFound }
        return .ok(.init(body: .json(.init(task: APISpotCheck.task(task), actions: try await stepForms(TaskRepository.self, task, p),
                                           events: try await timeline(TaskKind.self, task.id)))))
    }

    func actOnTask(_ input: Operations.ActOnTask.Input) async throws -> Operations.ActOnTask.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard let action = TaskAction(rawValue: input.path.action.rawValue) else { throw WebError.notFound }
        return .ok(.init(body: .json(APISpotCheck.task(try await act(TaskRepository.self, input.path.id, action, body)))))
    }

    func listCalendarYears(_ input: Operations.ListCalendarYears.Input) async throws -> Operations.ListCalendarYears.Output {
        _ = try bridge.principal()
        return .ok(.init(body: .json(try await CalendarRepository(services.database).years().map(APISpotCheck.calendarYear))))
    }

    func saveCalendarYear(_ input: Operations.SaveCalendarYear.Input) async throws -> Operations.SaveCalendarYear.Output {
        let p = try bridge.principal()
        guard AccessPolicy.canAdminister(p.role) else { throw WebError.forbidden }
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let source = body.source.trimmed
        guard !source.isEmpty else { throw WebError.badRequest("请填写依据（如国务院办公厅关于某年部分节假日安排的通知）", field: "source") }
        switch CalendarYear.parse(year: input.path.year, off: body.holidays, on: body.adjustedWorkdays, source: source) {
        case .failure(let error): throw WebError.badRequest(error.message, field: error.field)
        case .success(let year):
            try await CalendarRepository(services.database).save(year, by: p)
            return .ok(.init(body: .json(APISpotCheck.calendarYear(year))))
        }
    }

    /// The steps open to the caller on a record, each with its form, as the step pages show them.
    func stepForms<R: WorkflowRecords>(_ records: R.Type, _ record: R.Kind.Record, _ p: Principal) async throws -> [Components.Schemas.StepForm] {
        let store = WorkflowStore<R>(services.database)
        let today = services.today()
        var forms: [Components.Schemas.StepForm] = []
        for action in Workflow<R.Kind>.available(p, record, today: today) {
            guard let form = try await store.form(record, action, today: today, as: p) else { continue }
            forms.append(.init(action: action.rawValue, label: R.Kind.step(action).label,
                               fields: form.fields.map { .init(key: $0.key, label: $0.label, required: $0.required) }))
        }
        return forms
    }

    func timeline<K: WorkflowKind>(_ kind: K.Type, _ id: Int64) async throws -> [Components.Schemas.BatchEvent] {
        try bridge.convert(try await WorkflowEvents.list(services.database, K.self, id: id))
    }

    func act<R: WorkflowRecords>(_ records: R.Type, _ id: Int64, _ action: R.Kind.Action,
                                 _ body: Components.Schemas.BatchStepInput) async throws -> R.Kind.Record {
        try await WorkflowStore<R>(services.database).act(id, action, input: body.values.additionalProperties, expectedVersion: body.version,
                                                          today: services.today(), as: try bridge.principal())
    }
}

/// Drafting plans and giving their lines to agencies, as on the plan page.
extension APIHandler {
    func createPlan(_ input: Operations.CreatePlan.Input) async throws -> Operations.CreatePlan.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let plan = try await PlanRepository(services.database).create(year: body.year, title: body.title, as: try bridge.principal())
        return .created(.init(body: .json(APISpotCheck.plan(plan))))
    }

    func addPlanLine(_ input: Operations.AddPlanLine.Input) async throws -> Operations.AddPlanLine.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let p = try bridge.principal()
        let line = PlanLine(productId: body.productId, mode: CheckMode(rawValue: body.mode.rawValue) ?? .routine,
                            stage: SamplingStage(rawValue: body.stage.rawValue) ?? .production,
                            batches: body.batches, itemIds: body.itemIds, focusAreas: body.focusAreas, premises: body.premises, budget: body.budget,
                            seasonStart: body.seasonStart, seasonEnd: body.seasonEnd)
        let plan = try await PlanRepository(services.database).addLine(line, to: input.path.id, expectedVersion: body.version, as: p)
        return .ok(.init(body: .json(try await planDetail(plan, p))))
    }

    func removePlanLine(_ input: Operations.RemovePlanLine.Input) async throws -> Operations.RemovePlanLine.Output {
        let p = try bridge.principal()
        let plan = try await PlanRepository(services.database).removeLine(input.path.line, from: input.path.id, expectedVersion: input.query.version, as: p)
        return .ok(.init(body: .json(try await planDetail(plan, p))))
    }

    func assignTask(_ input: Operations.AssignTask.Input) async throws -> Operations.AssignTask.Output {
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let task = try await TaskRepository(services.database).assign(planId: input.path.id, lineId: input.path.line, agencyId: body.agencyId,
                                                                      batches: body.batches, dueDate: Day(body.dueDate.trimmed), area: body.area,
                                                                      today: services.today(), as: try bridge.principal())
        return .created(.init(body: .json(APISpotCheck.task(task))))
    }
}
