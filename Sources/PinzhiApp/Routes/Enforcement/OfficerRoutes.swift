import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Quality-safety officers (SPEC EN-4): the list of officers, a new appointment, each officer's page (its steps are
/// the generic step pages, WorkflowActionRoutes<SafetyOfficerRepository>), the staffing figures with the enterprises
/// still to staff, an enterprise's 质量安全 page (officers, 风险管控清单, 日管控/周排查/月调度 filed from its own
/// account), and the random assessments.
struct OfficerRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/officers") { request, context in try await officers(request, context) }
        router.get("/officers/export") { request, context in try await export(request, context) }
        router.get("/officers/new") { request, context in try await newOfficer(context, values: Self.prefill(request), errors: []) }
        router.post("/officers") { _, context in try await appoint(context) }
        router.get("/officers/staffing") { request, context in try await staffing(request, context) }
        router.get("/officers/staffing/export") { request, context in try await exportStaffing(request, context) }
        router.get("/officers/:id") { request, context in try await officer(request, context) }
        router.get("/safety") { _, context in try await ownSafety(context) }
        router.get("/enterprises/:id/safety") { request, context in try await safety(request, context) }
        router.get("/enterprises/:id/routines/new") { request, context in
            try await routineForm(context, values: ["kind": request.uri.queryParameters.get("kind") ?? "daily"], errors: [])
        }
        router.post("/enterprises/:id/routines") { _, context in try await fileRoutine(context) }
        router.get("/enterprises/:id/risk-controls/new") { _, context in try await riskControlForm(context, values: [:], errors: []) }
        router.post("/enterprises/:id/risk-controls") { _, context in try await addRiskControl(context) }
        router.post("/enterprises/:id/risk-controls/:item/remove") { _, context in try await removeRiskControl(context) }
        router.get("/officer-assessments") { _, context in try await assessments(context) }
        router.get("/officer-assessments/new") { _, context in try await drawForm(context, values: [:], errors: []) }
        router.post("/officer-assessment-commitments") { _, context in try await commit(context) }
        router.get("/officer-assessment-commitments/:id/draw") { _, context in try await revealForm(context, values: [:], errors: []) }
        router.post("/officer-assessment-commitments/:id/draw") { _, context in try await draw(context) }
        router.get("/officer-assessments/:id") { _, context in try await assessment(context) }
        router.get("/officer-assessments/:id/candidates.txt") { _, context in try await candidates(context) }
    }

    static func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard OfficerPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    /// The bureau's pages (staffing, assessments): the city, the districts and 执法总队.
    static func bureau(_ context: AppRequestContext) throws -> Principal {
        let p = try principal(context)
        guard p.role != .enterpriseUser else { throw WebError.forbidden }
        return p
    }

    static func mayAppoint(_ p: Principal) -> Bool { [.cityAdmin, .citySupervisor, .districtSupervisor, .enterpriseUser].contains(p.role) }
    static func mayDraw(_ p: Principal) -> Bool { [.cityAdmin, .citySupervisor, .districtSupervisor].contains(p.role) }

    // MARK: The officers

    static let filterKeys = ["role", "state", "district", "pending", "enterprise"]

    static func filter(_ params: [String: String], search: String) -> SafetyOfficerRepository.Filter {
        var f = SafetyOfficerRepository.Filter()
        f.role = params["role"].flatMap(OfficerRole.init(rawValue:))
        f.state = params["state"].flatMap(OfficerState.init(rawValue:))
        f.district = params["district"]
        f.pendingAssessment = params["pending"].map { $0 == "1" }
        f.enterpriseId = params["enterprise"].flatMap { Int64($0) }
        f.search = search
        return f
    }

    func officers(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let size = RecordLists.pageSize
        let page = try await SafetyOfficerRepository(services.database).page(Self.filter(query.params, search: query.q), limit: size,
                                                                             offset: (query.page - 1) * size, as: p)
        let rows = page.items.map { o in
            RecordListPage.Row(url: "/officers/\(o.id)", cells: [o.name, o.role.label, o.enterpriseName, District.named(code: o.districtCode),
                                                                  o.appointedOn.description, "\(o.trainingHours)", o.state.label,
                                                                  o.pendingAssessment != nil ? "待评分" : o.lastScore.map { "\($0)分（\(o.lastPassed == true ? "合格" : "不合格")）" } ?? "—"])
        }
        var filters: [ListPage.Filter] = [
            .init(key: "role", label: "职务", options: query.options("role", OfficerRole.allCases.map { ($0.rawValue, $0.label) })),
            .init(key: "state", label: "状态", options: query.options("state", OfficerState.allCases.map { ($0.rawValue, $0.label) })),
            .init(key: "pending", label: "考核", options: query.options("pending", [("1", "已抽中待评分")])),
        ]
        if p.role != .enterpriseUser {
            filters.append(.init(key: "district", label: "所在区", options: query.options("district", District.all.map { ($0.code, $0.name) })))
        }
        let links: [WorkflowRecordPage.Link] = p.role == .enterpriseUser ? [.init(label: "本企业质量安全", url: "/safety")]
            : [.init(label: "配备情况", url: "/officers/staffing"), .init(label: "随机考核", url: "/officer-assessments")]
        return try lists.listPage(context, heading: "质量安全总监与安全员", base: "/officers", query: query, filters: filters,
                                  columns: ["姓名", "职务", "企业", "所在区", "任命日期", "培训学时", "状态", "最近考核"], rows: rows, total: page.total,
                                  newURL: Self.mayAppoint(p) ? "/officers/new" : nil, links: links)
    }

    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let repository = SafetyOfficerRepository(services.database), filter = Self.filter(query.params, search: query.q)
        let stream = try await CSVStream.make(header: ["姓名", "职务", "企业", "所在区", "联系电话", "任命日期", "任命文件", "最近培训", "培训学时", "状态", "免职日期", "最近考核得分"]) { offset, size in
            try await repository.page(filter, limit: size, offset: offset, as: p).items.map { o in
                [o.name, o.role.label, o.enterpriseName, District.named(code: o.districtCode), o.phone ?? "", o.appointedOn.description, o.appointmentDocument,
                 o.trainedOn?.description ?? "", String(o.trainingHours), o.state.label, o.dismissedOn?.description ?? "", o.lastScore.map(String.init) ?? ""]
            }
        }
        return ExportResponse.csv(stream, name: "质量安全人员")
    }

    func officer(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let o = try await SafetyOfficerRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        let (today, rules, calendar) = try await services.clockRules()
        let fields: [WorkflowRecordPage.Field] = [
            .init(label: "姓名", value: o.name), .init(label: "职务", value: o.role.label), .init(label: "企业", value: o.enterpriseName),
            .init(label: "所在区", value: District.named(code: o.districtCode)), .init(label: "联系电话", value: o.phone ?? "—"),
            .init(label: "任命日期", value: o.appointedOn.description), .init(label: "任命文件", value: o.appointmentDocument),
            .init(label: "最近培训", value: o.trainedOn?.description ?? "尚未培训"), .init(label: "累计培训学时", value: "\(o.trainingHours)"),
            .init(label: "随机考核", value: o.pendingAssessment != nil ? "已被抽中，待评分"
                    : o.lastScore.map { "最近一次\($0)分（\(o.lastPassed == true ? "合格" : "不合格")）" } ?? "—"),
            .init(label: "免职日期", value: o.dismissedOn?.description ?? "—"),
        ]
        let links: [WorkflowRecordPage.Link] = [.init(label: "企业质量安全", url: "/enterprises/\(o.enterpriseId)/safety")]
        let model = WorkflowRecordPage.make(SafetyOfficerKind.self, o, chrome: lists.chrome(request, context, "\(o.role.label) \(o.name)", "/officers",
                                                                                          OfficerAction.self),
                                            p: p, today: today, rules: rules, calendar: calendar,
                                            events: try await WorkflowEvents.list(services.database, SafetyOfficerKind.self, id: o.id), fields: fields,
                                            links: links, documents: [])
        return try services.views.page(model, "workflow-record")
    }

    // MARK: A new appointment

    /// The enterprise appoints its own; a bureau names the enterprise by its USCC (`?uscc=` from the enterprise's page).
    static func appointSpecs(_ p: Principal) -> [FieldSpec] {
        (p.role == .enterpriseUser ? [] : [FieldSpec("uscc", "企业统一社会信用代码", .text, required: true, maxLength: 18)]) + SafetyOfficerKind.appointFields
    }

    static func prefill(_ request: Request) -> [String: String] {
        request.uri.queryParameters.get("uscc").map { ["uscc": $0] } ?? [:]
    }

    func form(_ context: AppRequestContext, title: String, action: String, cancel: String, specs: [FieldSpec], values: [String: String],
              errors: [FieldError], submit: String, status: HTTPResponse.Status = .ok, active: String = "/officers") throws -> Response {
        let model = FormPage(chrome: PageChrome(title: title, context: context, active: active), heading: title, action: action, cancelURL: cancel, version: nil,
                             fields: FormPage.fields(specs, values: values, errors: errors, organisations: [], hidden: []),
                             errors: errors.filter { e in !specs.contains { $0.key == e.field } }.map(\.message), submitLabel: submit)
        return try services.views.page(model, "form", status: status)
    }

    /// A form refused: its page again with the errors, 400 (or the store's status).
    static func refusal(_ error: any Error) throws -> (errors: [FieldError], status: HTTPResponse.Status) {
        if let failure = error as? ValidationFailure { return (failure.errors, .badRequest) }
        if let e = error as? StoreError, e.isUserFixable {
            return (e.fieldErrors.isEmpty ? [FieldError("", e.message)] : e.fieldErrors, WebError(e).status)
        }
        throw error
    }

    func newOfficer(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        guard Self.mayAppoint(p) else { throw WebError.forbidden }
        var shown = values
        if shown["appointedOn"] == nil { shown["appointedOn"] = services.today().description }
        return try form(context, title: "任命质量安全总监或安全员", action: "/officers", cancel: "/officers", specs: Self.appointSpecs(p), values: shown,
                        errors: errors, submit: "保存任命", status: status)
    }

    func appoint(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard Self.mayAppoint(p) else { throw WebError.forbidden }
        var form = StepForm(context.form, specs: Self.appointSpecs(p))
        SafetyOfficerKind.checkAppointment(&form, today: services.today())
        do {
            try form.finish()
            guard let appointment = SafetyOfficerRepository.Appointment(form) else { throw ValidationFailure([FieldError("role", "请选择职务")]) }
            let enterpriseId: Int64
            if p.role == .enterpriseUser {
                enterpriseId = p.enterpriseId ?? -1
            } else {
                let uscc = form["uscc"]?.uppercased() ?? ""
                guard let found = try await SafetyOfficerRepository(services.database).enterpriseId(uscc: uscc, as: p) else {
                    throw ValidationFailure([FieldError("uscc", "未找到统一社会信用代码为\(uscc)的企业（或不在本区）")])
                }
                enterpriseId = found
            }
            let o = try await SafetyOfficerRepository(services.database).appoint(appointment, enterpriseId: enterpriseId, as: p)
            return redirect("/officers/\(o.id)?msg=saved")
        } catch {
            let (errors, status) = try Self.refusal(error)
            return try await newOfficer(context, values: context.form, errors: errors, status: status)
        }
    }

    // MARK: Staffing

    struct StaffingPage {
        struct Tile { var label: String; var value: String }
        struct DistrictRow { var district: String; var inScope: Int; var staffed: Int; var staffing: String; var pass: String; var completion: String }
        struct Flagged { var url: String; var name: String; var district: String; var scale: String; var order: String; var flag: String }
        var chrome: PageChrome
        var years: [ListPage.Option]
        var year: Int
        var tiles: [Tile]
        var districts: [DistrictRow]
        var flagged: [Flagged]
        var flaggedTotal: Int
        var exportURL: String
    }

    static func percent(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

    func staffing(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.bureau(context)
        let (today, _, calendar) = try await services.clockRules()
        let year = request.uri.queryParameters.get("year").flatMap { Int($0) }.map { min(max($0, 2000), today.year) } ?? today.year
        let staffing = OfficerStaffing(services.database)
        // The current year reads the daily routine of the last 30 days (what a bureau follows up), a past year the whole year.
        let window = year == today.year
        let (total, districts) = try await staffing.figures(from: Day(year: year, month: 1, day: 1)!, to: Day(year: year, month: 12, day: 31)!, today: today,
                                                            routineFrom: window ? today.adding(days: -29) : nil, calendar: calendar, as: p)
        let flagged = try await staffing.enterprises(as: p).filter { $0.flag != nil }
        let model = StaffingPage(
            chrome: PageChrome(title: "质量安全人员配备情况", context: context, active: "/officers"),
            years: try await services.pickerYears(through: today.year).map { .init(value: String($0), label: "\($0)年", selected: $0 == year) },
            year: year,
            tiles: [.init(label: "应配备企业", value: "\(total.inScope)"), .init(label: "已按要求配备", value: "\(total.staffed)"),
                    .init(label: "配备率", value: Self.percent(total.staffingRate)), .init(label: "在岗人员", value: "\(total.officers)"),
                    .init(label: "考核合格率（\(total.passed)/\(total.assessed)）", value: Self.percent(total.passRate)),
                    .init(label: window ? "日管控完成率（近30日）" : "日管控完成率", value: Self.percent(total.routineCompletion))],
            districts: districts.sorted { $0.key < $1.key }.map { code, f in
                .init(district: District.named(code: code), inScope: f.inScope, staffed: f.staffed, staffing: Self.percent(f.staffingRate),
                      pass: Self.percent(f.passRate), completion: Self.percent(f.routineCompletion))
            },
            flagged: flagged.prefix(200).map { r in
                .init(url: "/enterprises/\(r.enterpriseId)/safety", name: r.name, district: District.named(code: r.districtCode), scale: r.scale.label,
                      order: OfficerDuty.order(r.type), flag: r.flag ?? "")
            },
            flaggedTotal: flagged.count, exportURL: "/officers/staffing/export")
        return try services.views.page(model, "officer-staffing")
    }

    func exportStaffing(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.bureau(context)
        let rows = try await OfficerStaffing(services.database).enterprises(as: p).map { r in
            [r.name, District.named(code: r.districtCode), r.scale.label, r.type.label, OfficerDuty.order(r.type),
             r.officers.filter { $0.role == .director }.map(\.name).joined(separator: "、"), r.officers.filter { $0.role == .officer }.map(\.name).joined(separator: "、"),
             r.flag ?? "已按要求配备"]
        }
        return try ExportResponse.make(rows: [["企业名称", "所在区", "企业规模", "企业类型", "适用规定", "质量安全总监", "质量安全员", "配备情况"]] + rows,
                                       name: "质量安全人员配备情况", format: "csv")
    }

    // MARK: An enterprise's 质量安全 page

    struct SafetyPage {
        struct OfficerRow { var url: String; var name: String; var role: String; var appointed: String; var hours: Int; var state: String }
        struct ControlRow { var id: Int64; var version: Int; var hazard: String; var measure: String; var level: String; var officer: String }
        struct RoutineRow { var kind: String; var period: String; var officer: String; var summary: String; var found: Int; var fixed: Int }
        var chrome: PageChrome
        var enterpriseId: Int64
        var name: String
        var inScope: Bool
        var order: String
        var flag: String?
        var officers: [OfficerRow]
        var controls: [ControlRow]
        var routines: [RoutineRow]
        var completion: String
        var own: Bool
        var appointURL: String?
    }

    func ownSafety(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard p.role == .enterpriseUser, let id = p.enterpriseId else { return redirect("/officers/staffing") }
        return redirect("/enterprises/\(id)/safety")
    }

    func safety(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let id = try context.id()
        let routinesRepo = QualityRoutineRepository(services.database)
        let routines: Page<RoutineRecord>
        do { routines = try await routinesRepo.routines(enterpriseId: id, limit: 60, offset: 0, as: p) } catch let e as StoreError { throw WebError(e) }
        guard let enterprise = try await services.repository(Enterprise.self).find(id, as: p) else { throw WebError.notFound }
        let (today, _, calendar) = try await services.clockRules()
        let staffing = OfficerStaffing(services.database)
        let row = try await staffing.enterprises(enterpriseId: id, as: p).first
        let officers = try await SafetyOfficerRepository(services.database).page({ var f = SafetyOfficerRepository.Filter(); f.enterpriseId = id; return f }(),
                                                                                 limit: 100, offset: 0, as: p).items
        let window = today.adding(days: -29)
        var completion = OfficerFigures()
        do { try OfficerStaffing.checkCalendar(calendar, from: window, to: today) } catch { throw WebError(StoreError.conflict(error.message)) }
        if let row {
            let days = Set(routines.items.filter { $0.kind == .daily }.map(\.period))
            try completion.add(.init(scale: row.scale, officers: row.officers.map { ($0.role, $0.appointedOn, $0.trainedOn != nil) }, dailyDays: days, assessments: []),
                               routine: window...today, today: today, calendar: calendar)
        }
        let own = p.role == .enterpriseUser && p.enterpriseId == id
        let model = SafetyPage(
            chrome: PageChrome(title: "质量安全：\(enterprise.name)", context: context, active: own ? "/safety" : "/officers",
                               flash: Flash.message(request.uri.queryParameters.get("msg"))),
            enterpriseId: id, name: enterprise.name, inScope: row != nil, order: OfficerDuty.order(enterprise.enterpriseType),
            flag: row?.flag,
            officers: officers.map { .init(url: "/officers/\($0.id)", name: $0.name, role: $0.role.label, appointed: $0.appointedOn.description,
                                           hours: $0.trainingHours, state: $0.state.label) },
            controls: try await routinesRepo.riskControls(enterpriseId: id, as: p).map {
                .init(id: $0.id, version: $0.version, hazard: $0.hazard, measure: $0.measure, level: $0.level.label, officer: $0.officerName ?? "—")
            },
            routines: routines.items.map { .init(kind: $0.kind.label, period: $0.period.description, officer: $0.officerName ?? "—", summary: $0.summary,
                                                 found: $0.problemsFound, fixed: $0.problemsFixed) },
            completion: "\(Self.percent(completion.routineCompletion))（\(completion.dailyDone)/\(completion.dailyOwed)个工作日）",
            own: own, appointURL: own ? "/officers/new" : Self.mayAppoint(p) ? "/officers/new?uscc=\(enterprise.uscc)" : nil)
        return try services.views.page(model, "enterprise-safety")
    }

    /// The officer field as a choice among the enterprise's officers in post.
    func officerSpec(_ enterpriseId: Int64, label: String) async throws -> FieldSpec {
        let active = try await services.database.session { db in try await SafetyOfficerRepository.active(db, enterpriseId: enterpriseId) }
        return FieldSpec("officerId", label, .choice([Choice(code: "", label: "（请选择）")] + active.map { Choice(code: String($0.id), label: "\($0.role.label) \($0.name)") }))
    }

    func ownEnterprise(_ context: AppRequestContext) throws -> Int64 {
        let p = try Self.principal(context)
        // Only the enterprise files its routine and its list; anyone else reads them on the 质量安全 page.
        guard p.role == .enterpriseUser else { throw WebError.forbidden }
        let id = try context.id()
        guard p.enterpriseId == id else { throw WebError.notFound }
        return id
    }

    func routineForm(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let id = try ownEnterprise(context)
        var shown = values
        if shown["day"] == nil { shown["day"] = services.today().description }
        let specs = try await QualityRoutine.fields.asyncMap { $0.key == "officerId" ? try await officerSpec(id, label: $0.label) : $0 }
        return try form(context, title: "填报日管控、周排查、月调度", action: "/enterprises/\(id)/routines", cancel: "/enterprises/\(id)/safety", specs: specs,
                        values: shown, errors: errors, submit: "提交", status: status, active: "/safety")
    }

    func fileRoutine(_ context: AppRequestContext) async throws -> Response {
        let id = try ownEnterprise(context)
        do {
            _ = try await QualityRoutineRepository(services.database).file(context.form, enterpriseId: id, today: services.today(), as: try Self.principal(context))
            return redirect("/enterprises/\(id)/safety?msg=saved")
        } catch {
            let (errors, status) = try Self.refusal(error)
            return try await routineForm(context, values: context.form, errors: errors, status: status)
        }
    }

    func riskControlForm(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let id = try ownEnterprise(context)
        let specs = try await RiskControl.fields.asyncMap { $0.key == "officerId" ? try await officerSpec(id, label: $0.label) : $0 }
        return try form(context, title: "风险管控清单：新增风险点", action: "/enterprises/\(id)/risk-controls", cancel: "/enterprises/\(id)/safety", specs: specs,
                        values: values, errors: errors, submit: "保存", status: status, active: "/safety")
    }

    func addRiskControl(_ context: AppRequestContext) async throws -> Response {
        let id = try ownEnterprise(context)
        do {
            _ = try await QualityRoutineRepository(services.database).addRiskControl(context.form, enterpriseId: id, as: try Self.principal(context))
            return redirect("/enterprises/\(id)/safety?msg=saved")
        } catch {
            let (errors, status) = try Self.refusal(error)
            return try await riskControlForm(context, values: context.form, errors: errors, status: status)
        }
    }

    func removeRiskControl(_ context: AppRequestContext) async throws -> Response {
        let id = try ownEnterprise(context)
        do {
            try await QualityRoutineRepository(services.database).removeRiskControl(try context.id("item"), enterpriseId: id,
                                                                                    expectedVersion: context.form["version"].flatMap { Int($0) },
                                                                                    as: try Self.principal(context))
        } catch let e as StoreError { throw WebError(e) }
        return redirect("/enterprises/\(id)/safety?msg=saved")
    }

    // MARK: Random assessments

    struct AssessmentsPage {
        struct Row { var url: String; var scope: String; var period: String; var drawnOn: String; var drawn: Int; var candidates: Int; var scored: Int }
        struct Open { var url: String; var subject: String; var candidates: Int; var hash: String; var createdAt: String }
        var chrome: PageChrome
        var rows: [Row]
        /// Commitments published and not drawn yet.
        var open: [Open]
        var newURL: String?
    }

    func assessments(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.bureau(context)
        let list: [OfficerAssessmentRepository.Assessment]
        do { list = try await OfficerAssessmentRepository(services.database).list(as: p) } catch let e as StoreError { throw WebError(e) }
        let repository = OfficerAssessmentRepository(services.database)
        var rows: [AssessmentsPage.Row] = []
        for a in list {
            let items = try await repository.find(a.id, as: p)?.items ?? []
            rows.append(.init(url: "/officer-assessments/\(a.id)", scope: a.scopeLabel, period: a.period, drawnOn: a.drawnOn.description, drawn: items.count,
                              candidates: a.candidates, scored: items.filter { $0.score != nil }.count))
        }
        let open = try await repository.openCommitments(as: p).map { c in
            AssessmentsPage.Open(url: "/draw-lists/\(c.id)", subject: c.subject, candidates: c.candidates, hash: String(c.hash.prefix(16)) + "…",
                                 createdAt: DisplayTime.text(c.createdAt))
        }
        return try services.views.page(AssessmentsPage(chrome: PageChrome(title: "质量安全人员随机考核", context: context, active: "/officers"), rows: rows,
                                                       open: open, newURL: Self.mayDraw(p) ? "/officer-assessments/new" : nil), "officer-assessments")
    }

    static func drawSpecs(_ p: Principal) -> [FieldSpec] {
        var specs = [FieldSpec("period", "考核期间（如2026-Q4或2026-11）", .text, required: true, maxLength: 7),
                     FieldSpec("count", "抽取人数", .integer, required: true)]
        if p.role != .districtSupervisor {
            specs.append(FieldSpec("district", "范围", .choice([Choice(code: "", label: "全市")] + District.all.map { Choice(code: $0.code, label: $0.name) })))
        }
        return specs
    }

    /// The second moment: the values announced after the commitment.
    static let revealSpecs = [FieldSpec("publicValue", "公开随机值（承诺之后公布，如彩票开奖号码）", .text, required: true, maxLength: 200),
                              FieldSpec("publicSource", "公开随机值来源", .text, required: true, maxLength: 200)]

    func drawForm(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.bureau(context)
        guard Self.mayDraw(p) else { throw WebError.forbidden }
        var shown = values
        if shown["period"] == nil { shown["period"] = OfficerAssessmentDraw.quarter(of: services.today()) }
        return try form(context, title: "随机考核：固定候选名单并公布承诺", action: "/officer-assessment-commitments", cancel: "/officer-assessments",
                        specs: Self.drawSpecs(p), values: shown, errors: errors, submit: "公布承诺", status: status)
    }

    func commit(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.bureau(context)
        guard Self.mayDraw(p) else { throw WebError.forbidden }
        let form = StepForm(context.form, specs: Self.drawSpecs(p))
        do {
            try form.finish()
            let c = try await OfficerAssessmentRepository(services.database).commit(district: form["district"], period: form["period"] ?? "",
                                                                                    count: form["count"].flatMap { Int($0) }, today: services.today(),
                                                                                    as: p)
            return redirect("/draw-lists/\(c.id)?msg=saved")
        } catch {
            let (errors, status) = try Self.refusal(error)
            return try await drawForm(context, values: context.form, errors: errors, status: status)
        }
    }

    func revealForm(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.bureau(context)
        let id = try context.id()
        guard Self.mayDraw(p) else { throw WebError.forbidden }
        guard let c = try await OfficerAssessmentRepository(services.database).commitment(id, as: p) else { throw WebError.notFound }
        return try form(context, title: "随机考核：以公开随机值抽取（承诺 \(c.hash.prefix(12))…）", action: "/officer-assessment-commitments/\(id)/draw",
                        cancel: "/draw-lists/\(id)", specs: Self.revealSpecs, values: values, errors: errors, submit: "抽取", status: status)
    }

    func draw(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.bureau(context)
        let id = try context.id()
        guard Self.mayDraw(p) else { throw WebError.forbidden }
        let form = StepForm(context.form, specs: Self.revealSpecs)
        do {
            try form.finish()
            let a = try await OfficerAssessmentRepository(services.database).draw(
                commitmentId: id, reveal: CommittedDraw.Reveal(publicValue: form["publicValue"] ?? "", publicSource: form["publicSource"] ?? ""),
                today: services.today(), as: p)
            return redirect("/officer-assessments/\(a.id)?msg=saved")
        } catch let e as StoreError where e == .notFound {
            throw WebError.notFound
        } catch {
            let (errors, status) = try Self.refusal(error)
            return try await revealForm(context, values: context.form, errors: errors, status: status)
        }
    }

    struct AssessmentPage {
        struct Row { var order: Int; var url: String; var name: String; var role: String; var enterprise: String; var district: String; var result: String }
        var chrome: PageChrome
        var heading: String
        var fields: [WorkflowRecordPage.Field]
        var verified: Bool
        var rows: [Row]
        var candidatesURL: String
        var listURL: String?
    }

    func assessment(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.bureau(context)
        let repository = OfficerAssessmentRepository(services.database)
        guard let a = try await repository.find(try context.id(), as: p) else { throw WebError.notFound }
        let verified = try await repository.verify(a.id) ?? false
        let model = AssessmentPage(
            chrome: PageChrome(title: "随机考核 \(a.scopeLabel) \(a.period)", context: context, active: "/officers"),
            heading: "随机考核：\(a.scopeLabel) \(a.period)",
            fields: [.init(label: "范围", value: a.scopeLabel), .init(label: "考核期间", value: a.period), .init(label: "抽取日期", value: a.drawnOn.description),
                     .init(label: "候选人数", value: "\(a.candidates)"), .init(label: "抽取人数", value: "\(a.requested)"),
                     .init(label: "算法", value: a.algorithm), .init(label: "随机种子", value: String(a.seed)),
                     .init(label: a.listId == nil ? "候选名单SHA-256" : "承诺SHA-256", value: a.listHash), .init(label: "抽取人", value: a.drawnBy)],
            verified: verified,
            rows: a.items.map { i in
                .init(order: i.drawOrder, url: "/officers/\(i.officerId)", name: i.officerName, role: i.role.label, enterprise: i.enterpriseName,
                      district: District.named(code: i.districtCode),
                      result: i.score.map { "\($0)分（\(i.passed == true ? "合格" : "不合格")，\(i.assessedOn?.description ?? "")）" } ?? "待评分")
            },
            candidatesURL: "/officer-assessments/\(a.id)/candidates.txt", listURL: a.listId.map { "/draw-lists/\($0)" })
        return try services.views.page(model, "officer-assessment")
    }

    /// The canonical candidate list the draw hashed, to recompute it elsewhere.
    func candidates(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.bureau(context)
        guard let a = try await OfficerAssessmentRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: a.candidatesText)))
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        out.reserveCapacity(count)
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
