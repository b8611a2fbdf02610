import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// On-site inspections of a campaign (SPEC CP-3): the list with filters and export; a new inspection with the
/// stage's checklist (each item 符合 / 不符合 / 不适用 with a note, two inspectors at least) — each 不符合 is listed as a
/// problem item —; each inspection's page, where the enterprise confirms it from its own account.
struct InspectionRoutes: Sendable {
    let services: AppServices
    var lists: RecordLists { RecordLists(services: services) }

    func register(on router: Router<AppRequestContext>) {
        router.get("/campaign-inspections") { request, context in try await inspections(request, context) }
        router.get("/campaign-inspections/export") { request, context in try await export(request, context) }
        router.get("/campaign-inspections/new") { request, context in
            let q = request.uri.queryParameters
            return try await newInspection(context, values: ["campaignId": q.get("campaign") ?? "", "stage": q.get("stage") ?? ProblemStage.production.rawValue],
                                           errors: [])
        }
        router.post("/campaign-inspections") { _, context in try await create(context) }
        router.get("/campaign-inspections/:id") { request, context in try await page(request, context) }
        router.post("/campaign-inspections/:id/confirm") { _, context in try await confirm(context) }
        router.post("/campaign-inspections/:id/photos") { request, context in try await upload(request, context) }
        router.get("/inspection-photos/:id") { _, context in try await photo(context) }
    }

    static func principal(_ context: AppRequestContext) throws -> Principal {
        let p = try context.requirePrincipal()
        guard ProblemPolicy.readerRoles.contains(p.role) else { throw WebError.forbidden }
        return p
    }

    static let filterKeys = ["campaign", "district", "stage", "findings"]

    static func filter(_ params: [String: String], search: String) -> InspectionRepository.Filter {
        var f = InspectionRepository.Filter()
        f.campaignId = params["campaign"].flatMap { Int64($0) }
        f.district = params["district"]
        f.stage = params["stage"].flatMap(ProblemStage.init(rawValue:))
        f.withFindings = params["findings"].map { $0 == "yes" }
        f.search = search
        return f
    }

    static func inspectors(_ i: Inspection) -> String { i.inspectors.joined(separator: "、") }

    func inspections(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let size = RecordLists.pageSize
        let page = try await InspectionRepository(services.database).page(Self.filter(query.params, search: query.q), limit: size,
                                                                          offset: (query.page - 1) * size, as: p)
        let rows = page.items.map { i in
            RecordListPage.Row(url: "/campaign-inspections/\(i.id)", cells: [i.number, i.enterpriseName, District.named(code: i.districtCode), i.stage.label,
                                                                           i.basis.label, i.inspectedOn.description, String(i.findings.count),
                                                                           i.confirmedOn.map { "已确认（\($0)）" } ?? "待企业确认"])
        }
        let campaigns = try await CampaignRepository(services.database).list(as: p)
        var filters: [ListPage.Filter] = [
            .init(key: "campaign", label: "专项行动", options: query.options("campaign", campaigns.map { (String($0.id), $0.name) })),
            .init(key: "stage", label: "环节", options: query.options("stage", ProblemStage.allCases.map { ($0.rawValue, $0.label) })),
            .init(key: "findings", label: "检查结果", options: query.options("findings", [("yes", "发现不符合"), ("no", "全部符合")])),
        ]
        if [.cityAdmin, .citySupervisor, .enforcementOfficer].contains(p.role) {
            filters.append(.init(key: "district", label: "区", options: query.options("district", District.all.map { ($0.code, $0.name) })))
        }
        return try lists.listPage(context, heading: "专项行动现场检查", base: "/campaign-inspections", query: query, filters: filters,
                                  columns: ["编号", "企业", "所在区", "环节", "检查依据", "检查日期", "不符合项", "企业确认"], rows: rows, total: page.total,
                                  newURL: InspectionRepository.mayRecord(p) ? "/campaign-inspections/new" : nil,
                                  links: [.init(label: "专项行动", url: "/campaigns"), .init(label: "问题清单", url: "/problem-items")], searchHint: "企业名称")
    }

    static let header = ["编号", "企业", "所在区", "产品", "环节", "检查依据", "检查日期", "检查人员", "不符合项", "检查结论", "企业确认日期", "企业意见"]

    static func row(_ i: Inspection) -> [String] {
        [i.number, i.enterpriseName, District.named(code: i.districtCode), i.productName ?? "", i.stage.label, i.basis.label, i.inspectedOn.description,
         inspectors(i), String(i.findings.count), i.answers.map { "\($0.item.label)：\($0.result.label)" + ($0.note.isEmpty ? "" : "（\($0.note)）") }.joined(separator: "；"),
         i.confirmedOn?.description ?? "", i.enterpriseRemark ?? ""]
    }

    func export(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let query = RecordLists.Query(request, keys: Self.filterKeys)
        let repo = InspectionRepository(services.database), f = Self.filter(query.params, search: query.q)
        return ExportResponse.csv(try await CSVStream.make(header: Self.header) { offset, size in
            try await repo.page(f, limit: size, offset: offset, as: p).items.map(Self.row)
        }, name: "专项行动现场检查")
    }

    struct InspectionPage {
        struct Answer {
            var item: String
            var result: String
            var note: String
            var failed: Bool
        }

        var chrome: PageChrome
        var id: Int64
        var heading: String
        var fields: [WorkflowRecordPage.Field]
        var answers: [Answer]
        var mayConfirm: Bool
        var links: [WorkflowRecordPage.Link]
        var photos: [WorkflowRecordPage.Link]
        var mayUpload: Bool
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard let i = try await InspectionRepository(services.database).find(try context.id(), as: p) else { throw WebError.notFound }
        var filter = ProblemItemRepository.Filter()
        filter.campaignId = i.campaignId
        filter.enterpriseId = i.enterpriseId
        let items = try await ProblemItemRepository(services.database).page(filter, limit: 100, offset: 0, as: p).items.filter { $0.inspectionId == i.id }
        let q = request.uri.queryParameters
        let model = InspectionPage(
            chrome: PageChrome(title: "现场检查 \(i.number)", context: context, active: "/campaign-inspections", flash: Flash.message(q.get("msg"))),
            id: i.id, heading: "现场检查 \(i.number) \(i.enterpriseName)",
            fields: [.init(label: "企业", value: i.enterpriseName), .init(label: "所在区", value: District.named(code: i.districtCode)),
                     .init(label: "产品", value: i.productName ?? "—"), .init(label: "环节", value: i.stage.label), .init(label: "检查依据", value: i.basis.label),
                     .init(label: "检查日期", value: i.inspectedOn.description), .init(label: "检查人员", value: Self.inspectors(i)),
                     .init(label: "企业确认", value: i.confirmedOn.map { "已于\($0)确认" + (i.enterpriseRemark.map { "：\($0)" } ?? "") } ?? "待企业确认")],
            answers: i.answers.map { .init(item: $0.item.label, result: $0.result.label, note: $0.note, failed: $0.result == .nonCompliant) },
            mayConfirm: p.role == .enterpriseUser && i.confirmedOn == nil,
            links: [.init(label: "专项行动", url: "/campaigns/\(i.campaignId)")] + items.map { .init(label: "问题\($0.number)（\($0.state.label)）", url: "/problem-items/\($0.id)") },
            photos: try await services.inspectionPhotos.list(inspectionId: i.id).map { .init(label: "\($0.filename)（\(max($0.size / 1024, 1)) KB，\($0.createdBy)）",
                                                                                          url: "/inspection-photos/\($0.id)") },
            mayUpload: InspectionRepository.mayRecord(p))
        return try services.views.page(model, "campaign-inspection")
    }

    func confirm(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard p.role == .enterpriseUser else { throw WebError.forbidden }
        let id = try context.id()
        do {
            _ = try await InspectionRepository(services.database).confirm(id, remark: context.form["remark"], today: services.today(), as: p)
        } catch let error as StoreError where error.isUserFixable {
            throw WebError(error)
        }
        return redirect("/campaign-inspections/\(id)?msg=saved")
    }

    // MARK: Photos

    /// Takes the file as the page's upload script sends it (the body, `?name=`) and answers JSON, as a batch's attachments.
    func upload(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let p = try Self.principal(context)
        let id = try context.id()
        let body = try await request.collectBody(upTo: AttachmentStore.maxBytes + 1)
        let name = request.uri.queryParameters.get("name") ?? ""
        return try await AttachmentResponse.upload(reload: "/campaign-inspections/\(id)?msg=saved") {
            _ = try await services.inspectionPhotos.save(inspectionId: id, filename: name, data: Data(buffer: body), as: p)
        }
    }

    func photo(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        let id = try context.id()
        return try await AttachmentResponse.file {
            let (photo, data) = try await services.inspectionPhotos.open(id, as: p)
            return (photo.filename, photo.contentType, data)
        }
    }

    // MARK: A new inspection

    static func fields(stage: ProblemStage, campaigns: [Campaign]) -> [FieldSpec] {
        [FieldSpec("campaignId", "专项行动", .choice(campaigns.map { Choice(code: String($0.id), label: $0.name) }), required: true),
         FieldSpec("stage", "环节", .choice(Choice.of(ProblemStage.self)), required: true),
         FieldSpec("uscc", "企业统一社会信用代码", .text, required: true, maxLength: 18),
         FieldSpec("productCode", "产品编码（可选）", .text, maxLength: 20),
         FieldSpec("basis", "检查依据", .choice(Choice.of(InspectionBasis.self)), required: true),
         FieldSpec("inspectedOn", "检查日期", .date, required: true),
         FieldSpec("inspectors", "检查人员（每行一名，至少2名）", .longText, required: true, maxLength: 500)]
            + ChecklistItem.items(for: stage).flatMap { item in
                [FieldSpec("item_\(item.rawValue)", item.label, .choice(Choice.of(ChecklistResult.self)), required: true),
                 FieldSpec("note_\(item.rawValue)", "情况说明（不符合、不适用时必填）", .text, maxLength: 500)]
            }
    }

    func newInspection(_ context: AppRequestContext, values: [String: String], errors: [FieldError], status: HTTPResponse.Status = .ok) async throws -> Response {
        let p = try Self.principal(context)
        guard InspectionRepository.mayRecord(p) else { throw WebError.forbidden }
        let campaigns = try await CampaignRepository(services.database).list(as: p).filter { $0.state == .active }
        let stage = values["stage"].flatMap(ProblemStage.init(rawValue:)) ?? .production
        let specs = Self.fields(stage: stage, campaigns: campaigns)
        var shown = values
        if (shown["campaignId"] ?? "").isEmpty, let first = campaigns.first { shown["campaignId"] = String(first.id) }
        if shown["inspectedOn"] == nil { shown["inspectedOn"] = services.today().description }
        if shown["basis"] == nil { shown["basis"] = InspectionBasis.licenceHolder.rawValue }
        for item in ChecklistItem.items(for: stage) where shown["item_\(item.rawValue)"] == nil { shown["item_\(item.rawValue)"] = ChecklistResult.compliant.rawValue }
        let other = stage == .production ? ProblemStage.circulation : .production
        let model = FormPage(chrome: PageChrome(title: "登记现场检查", context: context, active: "/campaign-inspections"),
                             heading: "登记现场检查（\(stage.label)检查表；切换为\(other.label)检查表请打开 /campaign-inspections/new?stage=\(other.rawValue)）",
                             action: "/campaign-inspections", cancelURL: "/campaign-inspections", version: nil,
                             fields: FormPage.fields(specs, values: shown, errors: errors, organisations: [], hidden: ["stage"]),
                             errors: errors.filter { e in !specs.contains { $0.key == e.field } }.map(\.message), submitLabel: "保存检查记录")
        return try services.views.page(model, "form", status: status)
    }

    func create(_ context: AppRequestContext) async throws -> Response {
        let p = try Self.principal(context)
        guard InspectionRepository.mayRecord(p) else { throw WebError.forbidden }
        let campaigns = try await CampaignRepository(services.database).list(as: p).filter { $0.state == .active }
        let stage = context.form["stage"].flatMap(ProblemStage.init(rawValue:)) ?? .production
        let form = StepForm(context.form, specs: Self.fields(stage: stage, campaigns: campaigns))
        return try await submitting({
            try form.finish()
            let answers = ChecklistItem.items(for: stage).compactMap { item in
                form["item_\(item.rawValue)"].flatMap(ChecklistResult.init(rawValue:)).map { ChecklistAnswer(item: item, result: $0, note: form["note_\(item.rawValue)"] ?? "") }
            }
            let (inspection, items) = try await InspectionRepository(services.database).record(
                .init(campaignId: form["campaignId"].flatMap { Int64($0) } ?? 0, uscc: form["uscc"] ?? "", productCode: form["productCode"], stage: stage,
                      basis: form["basis"].flatMap(InspectionBasis.init(rawValue:)) ?? .riskDraw, inspectedOn: form["inspectedOn"].flatMap(Day.init) ?? services.today(),
                      inspectors: (form["inspectors"] ?? "").split(whereSeparator: \.isNewline).map(String.init), answers: answers),
                today: services.today(), as: p)
            return redirect("/campaign-inspections/\(inspection.id)?msg=" + (items.isEmpty ? "created" : "listed"))
        }, again: { errors, status in try await newInspection(context, values: context.form, errors: errors, status: status) })
    }
}
