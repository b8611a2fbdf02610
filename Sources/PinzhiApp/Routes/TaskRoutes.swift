import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Tasks (SPEC SC-3): the scoped list sorted by deadline, a task's page, the agency's accept or send-back, and the
/// plan owner's assignment from an issued plan's line.
struct TaskRoutes: Sendable {
    let services: AppServices
    var repository: TaskRepository { TaskRepository(services.database) }

    struct TaskRow {
        var url: String
        var product: String
        var agency: String
        var stage: String
        var mode: String
        var batches: Int
        var due: String
        var daysLeft: Int
        var overdue: Bool
        var state: String
    }

    struct TaskListPage {
        var chrome: PageChrome
        var filters: [ListPage.Filter]
        var rows: [TaskRow]
    }

    struct TaskPage {
        var chrome: PageChrome
        var task: CheckTask
        var row: TaskRow
        var planURL: String?
        var canRespond: Bool
        var errors: [String]
        var history: [DetailPage.HistoryRow]
        var draws: [DrawLink]
        var canDraw: Bool
        var redraw: Bool
        var commitments: [CommitmentLink]
        /// The commitment published and not yet drawn from, if any: the draw form asks for the revealed values.
        var openCommitment: CommitmentLink?
        /// A witness has registered its secret's hash for the task's next commitment (WitnessRepository).
        var witnessRegistered = false
        /// The agency may import results once the task is accepted and has batches waiting for reports.
        var canImportResults: Bool
        var rows: [BatchRow]
        var showNext: Bool = true
    }

    struct DrawLink {
        var url: String
        var label: String
    }

    struct CommitmentLink {
        var id: Int64
        var hash: String
        var createdAt: String
        var open: Bool
        var witness: Bool
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/tasks") { request, context in try await list(request, context) }
        router.get("/tasks/:id") { request, context in try await detail(request, context) }
        router.post("/tasks/:id/accept") { request, context in try await respond(request, context, accept: true) }
        router.post("/tasks/:id/decline") { request, context in try await respond(request, context, accept: false) }
        router.post("/plans/:id/lines/:line/tasks") { request, context in try await assign(request, context) }
    }

    static func row(_ t: CheckTask, today: Day) -> TaskRow {
        let left = t.dueDate.ordinal - today.ordinal
        return TaskRow(url: "/tasks/\(t.id)", product: t.productName, agency: t.agencyName, stage: t.stage.label, mode: t.mode.label,
                       batches: t.batches, due: t.dueDate.description, daysLeft: left, overdue: left < 0 && t.state != .declined,
                       state: t.state.label)
    }

    func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard TaskPolicy.visibility(p) != .none else { throw WebError.forbidden }
        return p
    }

    func list(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try principal(context)
        let q = request.uri.queryParameters
        let state = q.get("state").flatMap(TaskState.init(rawValue:))
        let today = services.today()
        var tasks = try await repository.list(state: state, as: p)
        // Task lists are short (a few hundred a year): the other filters apply here.
        if let mode = q.get("mode").flatMap(CheckMode.init(rawValue:)) { tasks = tasks.filter { $0.mode == mode } }
        if let product = q.get("product").flatMap({ Int64($0) }) { tasks = tasks.filter { $0.productId == product } }
        if let agency = q.get("agency").flatMap({ Int64($0) }) { tasks = tasks.filter { $0.agencyId == agency } }
        if let year = q.get("year").flatMap({ Int($0) }) { tasks = tasks.filter { $0.planYear == year } }
        if let level = q.get("level"), !level.isEmpty { tasks = tasks.filter { ($0.districtCode ?? "city") == level } }
        func options(_ key: String, _ pairs: [(String, String)]) -> [ListPage.Option] {
            [.init(value: "", label: "全部", selected: (q.get(key) ?? "").isEmpty)] + pairs.map { .init(value: $0.0, label: $0.1, selected: q.get(key) == $0.0) }
        }
        let all = try await repository.list(as: p)
        let products = Dictionary(all.map { ($0.productId, $0.productName) }, uniquingKeysWith: { a, _ in a }).sorted { $0.key < $1.key }
        let agencies = Dictionary(all.map { ($0.agencyId, $0.agencyName) }, uniquingKeysWith: { a, _ in a }).sorted { $0.key < $1.key }
        let model = TaskListPage(
            chrome: PageChrome(title: "抽查任务", context: context, active: "/tasks"),
            filters: [
                .init(key: "state", label: "状态", options: options("state", TaskState.allCases.map { ($0.rawValue, $0.label) })),
                .init(key: "mode", label: "方式", options: options("mode", CheckMode.allCases.map { ($0.rawValue, $0.label) })),
                .init(key: "product", label: "产品", options: options("product", products.map { (String($0.key), $0.value) })),
                .init(key: "level", label: "组织单位", options: options("level", [("city", "市局")] + District.all.map { ($0.code, $0.name) })),
                .init(key: "agency", label: "承检机构", options: options("agency", agencies.map { (String($0.key), $0.value) })),
                .init(key: "year", label: "年度", options: options("year", try await services.pickerYears(through: today.year + 1).map { (String($0), "\($0)年") })),
            ],
            rows: tasks.map { Self.row($0, today: today) })
        return try services.views.page(model, "tasks")
    }

    func detail(_ request: Request, _ context: AppRequestContext, errors: [String] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try principal(context)
        guard let task = try await repository.find(try context.id(), as: p) else { throw WebError.notFound }
        let history = try await services.audit.history(entity: "task", id: task.id).map {
            DetailPage.HistoryRow(at: DisplayTime.text($0.at), actor: $0.actorName, summary: $0.summary, changes: [])
        }
        let draws = try await DrawRepository(services.database).list(taskId: task.id).filter { $0.purpose == "enterprises" }
        let commitments = try await DrawCommitmentStore.list(services.database, taskId: task.id).map {
            CommitmentLink(id: $0.id, hash: $0.hash, createdAt: DisplayTime.text($0.createdAt), open: $0.drawId == nil, witness: $0.witnessHash != nil)
        }
        var filter = BatchFilter()
        filter.taskId = task.id
        filter.limit = 500
        let batches = BatchPolicy.visibility(p) == .none ? [] : try await BatchRepository(services.database).list(filter, as: p).rows
        let today = services.today()
        let rules = try await RuleRepository(services.database).effective(on: today)
        let calendar = try await CalendarRepository(services.database).calendar()
        let model = TaskPage(chrome: PageChrome(title: "抽查任务", context: context, active: "/tasks", flash: Flash.message(request.uri.queryParameters.get("msg"))),
                             task: task, row: Self.row(task, today: today),
                             planURL: PlanPolicy.visibility(p) == .none ? nil : "/plans/\(task.planId)",
                             canRespond: !Workflow<TaskKind>.available(p, task).isEmpty, errors: errors, history: history,
                             draws: draws.map { DrawLink(url: "/draws/\($0.id)", label: "\(DisplayTime.text($0.createdAt)) \($0.createdBy)"
                                 + ($0.supersededBy == nil ? "（现行）" : "（已被重新抽取取代）") + ($0.reason.map { "，理由：\($0)" } ?? "")) },
                             canDraw: BatchPolicy.mayDraw(p, task: task), redraw: !draws.isEmpty,
                             commitments: commitments, openCommitment: commitments.last { $0.open },
                             witnessRegistered: try await WitnessRepository.isPending(services.database, .task(task.id)),
                             canImportResults: p.role == .agencyUser && batches.contains { $0.state == .sampled },
                             rows: batches.filter { $0.state != .cancelled }.map {
                                 BatchRow($0, deadline: BatchWorkflow.deadlineState($0, rules: rules, calendar: calendar), today: today, next: BatchWorkflow.available(p, $0, today: today))
                             })
        return try services.views.page(model, "task", status: status)
    }

    func respond(_ request: Request, _ context: AppRequestContext, accept: Bool) async throws -> Response {
        let p = try principal(context)
        let id = try context.id()
        do {
            _ = try await repository.respond(id, accept: accept, reason: context.form["reason"],
                                             expectedVersion: Int(context.form["_version"] ?? "") ?? -1, today: services.today(), as: p)
            return redirect("/tasks/\(id)?msg=saved")
        } catch let error as StoreError where error.isUserFixable {
            return try await detail(request, context, errors: error.fieldErrors.map(\.message), status: WebError(error).status)
        }
    }

    func assign(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try context.requirePrincipal()
        let planId = try context.id()
        let f = context.form
        do {
            _ = try await repository.assign(planId: planId, lineId: try context.id("line"), agencyId: Int64(f["agencyId"] ?? "") ?? 0,
                                            batches: Int(f["batches"] ?? "") ?? 0, dueDate: Day(f["dueDate"] ?? ""), area: f["area"],
                                            today: services.today(), as: p)
            return redirect("/plans/\(planId)?msg=saved")
        } catch let error as StoreError where error.isUserFixable {
            return try await PlanRoutes(services: services).detail(request, context, errors: error.fieldErrors.map(\.message), status: WebError(error).status)
        }
    }
}
