import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Annual plans in the browser (SPEC SC-1): the list, a plan with its lines, adding lines with the product's test
/// items (key safety items ticked and required), and the transitions open to the viewer.
struct PlanRoutes: Sendable {
    let services: AppServices
    var repository: PlanRepository { PlanRepository(services.database) }

    struct PlanListPage {
        struct Row {
            var url: String
            var title: String
            var level: String
            var year: Int
            var state: String
            var lines: Int
            var batches: Int
        }
        var chrome: PageChrome
        var year: String
        var rows: [Row]
        var canCreate: Bool
        var nextYear: Int
        var errors: [String]
    }

    struct PlanPage {
        struct Line {
            var product: String
            var stage: String
            var mode: String
            var batches: Int
            var items: String
            var season: String
            var budget: String
            var deleteURL: String?
        }
        struct Item {
            var id: Int64
            var name: String
            var limit: String
            var key: Bool
            var checked: Bool
        }
        struct ActionButton {
            var url: String
            var label: String
        }
        var chrome: PageChrome
        var plan: Plan
        var level: String
        var state: String
        var totalBatches: Int
        var lines: [Line]
        var editable: Bool
        var actions: [ActionButton]
        var products: [ListPage.Option]
        var chosenProduct: String?
        var items: [Item]
        var stages: [ListPage.Option]
        var modes: [ListPage.Option]
        var form: [String: String]
        var errors: [String]
        var history: [DetailPage.HistoryRow]
        var assignable: Bool
        var assignForms: [AssignForm]
        var tasks: [TaskRoutes.TaskRow]
    }

    struct AssignForm {
        /// A contract holder as the person assigning weighs it: what is left of its contract and of its yearly
        /// capacity, and what its accreditation covers.
        struct Holder {
            var agency: String
            var contract: String
            var contractLeft: Int
            var capacityLeft: String
            var scope: String
        }
        var url: String
        var product: String
        var stage: String
        var remaining: Int
        var agencies: [ListPage.Option]
        var holders: [Holder]
        var defaultDue: String
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/plans") { request, context in try await list(request, context) }
        router.post("/plans") { request, context in try await create(request, context) }
        router.get("/plans/:id") { request, context in try await detail(request, context) }
        router.post("/plans/:id/lines") { request, context in try await addLine(request, context) }
        router.post("/plans/:id/lines/:line/delete") { request, context in try await removeLine(request, context) }
        router.post("/plans/:id/transition/:action") { request, context in try await transition(request, context) }
    }

    func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard PlanPolicy.visibility(p) != .none else { throw WebError.forbidden }
        return p
    }

    func list(_ request: Request, _ context: AppRequestContext, errors: [String] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try principal(context)
        let year = request.uri.queryParameters.get("year").flatMap(Int.init)
        let plans = try await repository.list(year: year, state: nil, as: p)
        let canCreate = PlanPolicy.mayEdit(p, planDistrict: p.role == .districtSupervisor ? p.districtCode : nil)
        let model = PlanListPage(
            chrome: PageChrome(title: "年度抽查计划", context: context, active: "/plans", flash: Flash.message(request.uri.queryParameters.get("msg"))),
            year: year.map(String.init) ?? "",
            rows: plans.map { .init(url: "/plans/\($0.id)", title: $0.title, level: $0.levelLabel, year: $0.year, state: $0.state.label,
                                    lines: $0.lines.count, batches: $0.totalBatches) },
            canCreate: canCreate, nextYear: services.today().year + 1, errors: errors)
        return try services.views.page(model, "plans", status: status)
    }

    func create(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try principal(context)
        do {
            let plan = try await repository.create(year: Int(context.form["year"] ?? "") ?? 0, title: context.form["title"] ?? "", as: p)
            return redirect("/plans/\(plan.id)?msg=created")
        } catch let error as StoreError where error.isUserFixable {
            return try await list(request, context, errors: error.fieldErrors.map(\.message), status: WebError(error).status)
        }
    }

    func detail(_ request: Request, _ context: AppRequestContext, form: [String: String] = [:], errors: [String] = [],
                status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try principal(context)
        guard let plan = try await repository.find(try context.id(), as: p) else { throw WebError.notFound }
        let editable = plan.state == .draft && PlanPolicy.mayEdit(p, planDistrict: plan.districtCode)
        let products = try await services.repository(Product.self).list(ListQuery(sort: "code", limit: 500), as: p).items
        let chosen = form["productId"] ?? request.uri.queryParameters.get("product")
        var items: [PlanPage.Item] = []
        if editable, let id = chosen.flatMap(Int64.init) {
            items = try await services.repository(TestItem.self).list(ListQuery(filters: ["product_id": String(id)], limit: 500), as: p).items.map {
                .init(id: $0.id, name: $0.name, limit: $0.limitExpression, key: $0.keySafety,
                      checked: form.isEmpty ? true : form["item_\($0.id)"] != nil)
            }
        }
        let allItems = Dictionary(uniqueKeysWithValues: try await services.repository(TestItem.self)
            .list(ListQuery(limit: 500, includeInactive: true), as: p).items.map { ($0.id, $0.name) })
        let today = services.today()
        let tasks = try await TaskRepository(services.database).list(planId: plan.id, as: p)
        let assignable = plan.state == .issued && PlanPolicy.mayEdit(p, planDistrict: plan.districtCode)
        var assignForms: [AssignForm] = []
        if assignable {
            let contracts = try await services.repository(AgencyContract.self).list(ListQuery(filters: ["year": String(plan.year)], limit: 500), as: p).items
            let agencies = Dictionary(uniqueKeysWithValues: try await services.repository(Agency.self).choices(as: p).map { ($0.id, $0) })
            let assigned = try await TaskRepository(services.database).assignedBatches(year: plan.year)
            for line in plan.lines {
                let used = tasks.filter { $0.planLineId == line.id && $0.state != .declined }.reduce(0) { $0 + $1.batches }
                // The contract TaskRepository.assign takes: the agency's first active one for the product and year.
                var firstContract: [Int64: AgencyContract] = [:]
                for c in contracts.sorted(by: { $0.id < $1.id }) where c.productId == line.productId && c.active && firstContract[c.agencyId] == nil {
                    firstContract[c.agencyId] = c
                }
                let holders = firstContract.values.compactMap { c in agencies[c.agencyId].map { (c, $0) } }.sorted { $0.1.name < $1.1.name }
                assignForms.append(AssignForm(
                    url: "/plans/\(plan.id)/lines/\(line.id)/tasks", product: line.productName, stage: line.stage.label,
                    remaining: line.batches - used,
                    agencies: holders.map { ListPage.Option(value: String($0.1.id), label: $0.1.name, selected: false) },
                    holders: holders.map { c, a in
                        AssignForm.Holder(agency: a.name, contract: "\(c.tenderNumber) \(c.name)", contractLeft: c.batches - (assigned.contracts[c.id] ?? 0),
                                          capacityLeft: a.capacity.map { "\($0 - (assigned.agencies[a.id] ?? 0))批次" } ?? "未填报",
                                          scope: a.qualificationScope ?? "未填报")
                    },
                    defaultDue: today.adding(days: 60).description))
            }
        }
        let history = try await services.audit.history(entity: "plan", id: plan.id).map {
            DetailPage.HistoryRow(at: DisplayTime.text($0.at), actor: $0.actorName, summary: $0.summary, changes: [])
        }
        let model = PlanPage(
            chrome: PageChrome(title: plan.title, context: context, active: "/plans", flash: Flash.message(request.uri.queryParameters.get("msg"))),
            plan: plan, level: plan.levelLabel, state: plan.state.label, totalBatches: plan.totalBatches,
            lines: plan.lines.map { line in
                .init(product: line.productName, stage: line.stage.label, mode: line.mode.label, batches: line.batches,
                      items: line.itemIds.compactMap { allItems[$0] }.joined(separator: "、"),
                      season: line.seasonStart.map { s in "\(s)月—\(line.seasonEnd ?? s)月" } ?? "全年",
                      budget: line.budget.map { RuleSet.format($0) + "万元" } ?? "",
                      deleteURL: editable ? "/plans/\(plan.id)/lines/\(line.id)/delete" : nil)
            },
            editable: editable,
            actions: PlanWorkflow.actions(plan.state, for: p, planDistrict: plan.districtCode).map {
                .init(url: "/plans/\(plan.id)/transition/\($0.rawValue)", label: $0.label)
            },
            products: [.init(value: "", label: "请选择产品", selected: chosen == nil)]
                + products.map { .init(value: String($0.id), label: "\($0.code) \($0.name)", selected: String($0.id) == chosen) },
            chosenProduct: items.isEmpty ? nil : chosen, items: items,
            stages: SamplingStage.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == (form["stage"] ?? SamplingStage.production.rawValue)) },
            modes: CheckMode.allCases.map { .init(value: $0.rawValue, label: $0.label, selected: $0.rawValue == (form["mode"] ?? "routine")) },
            form: form, errors: errors, history: history, assignable: assignable, assignForms: assignForms,
            tasks: tasks.map { TaskRoutes.row($0, today: today) })
        return try services.views.page(model, "plan", status: status)
    }

    func addLine(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try principal(context)
        let id = try context.id()
        let f = context.form
        func number(_ key: String) -> Int? { Int((f[key] ?? "").trimmingCharacters(in: .whitespaces)) }
        guard let stage = SamplingStage(codeOrLabel: f["stage"] ?? "") else {
            // Who may not edit the plan learns that, not what the form lacked: the same order as the store's checks.
            guard let plan = try await repository.find(id, as: p) else { throw WebError.notFound }
            guard PlanPolicy.mayEdit(p, planDistrict: plan.districtCode) else { throw WebError.forbidden }
            return try await detail(request, context, form: f, errors: [PlanLine.stageError.message], status: .badRequest)
        }
        let line = PlanLine(
            productId: Int64(f["productId"] ?? "") ?? 0, mode: CheckMode(rawValue: f["mode"] ?? "") ?? .routine, stage: stage,
            batches: number("batches") ?? 0,
            itemIds: f.keys.filter { $0.hasPrefix("item_") }.compactMap { Int64($0.dropFirst(5)) },
            focusAreas: f["focusAreas"].flatMap { $0.isEmpty ? nil : $0 }, premises: f["premises"].flatMap { $0.isEmpty ? nil : $0 },
            budget: Double(f["budget"] ?? ""), seasonStart: number("seasonStart"), seasonEnd: number("seasonEnd"))
        do {
            _ = try await repository.addLine(line, to: id, expectedVersion: number("_version") ?? -1, as: p)
            return redirect("/plans/\(id)?msg=saved")
        } catch let error as StoreError where error.isUserFixable {
            return try await detail(request, context, form: f, errors: error.fieldErrors.map(\.message), status: WebError(error).status)
        }
    }

    func removeLine(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try principal(context)
        let id = try context.id()
        _ = try await repository.removeLine(try context.id("line"), from: id, expectedVersion: Int(context.form["_version"] ?? "") ?? -1, as: p)
        return redirect("/plans/\(id)?msg=saved")
    }

    func transition(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try principal(context)
        let id = try context.id()
        guard let action = PlanAction(rawValue: context.parameters.get("action") ?? "") else { throw WebError.notFound }
        do {
            _ = try await repository.transition(id, action, expectedVersion: Int(context.form["_version"] ?? "") ?? -1, today: services.today(), as: p)
            return redirect("/plans/\(id)?msg=saved")
        } catch let error as StoreError where error.isUserFixable {
            return try await detail(request, context, errors: error.fieldErrors.map(\.message), status: WebError(error).status)
        }
    }
}
