import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// One batch's page: its record, the step it waits for with days left, the steps this person may take, the item
/// results of every report version, the timeline with the days each step took, attachments, documents and the
/// publication snapshot.
struct BatchRoutes: Sendable {
    let services: AppServices

    struct Field {
        var label: String
        var value: String
    }

    struct Step {
        var day: String
        var at: String
        var actor: String
        var role: String
        var summary: String
        var elapsed: String
    }

    struct ResultVersion {
        var version: Int
        var latest: Bool
        var items: [ResultRow]
    }

    struct ResultRow {
        var name: String
        var limit: String
        var value: String
        var verdict: String
        var failed: Bool
        var severity: String
    }

    struct Link {
        var label: String
        var url: String
    }

    struct AttachmentRow {
        var url: String
        var filename: String
        var size: String
        var by: String
        var sha: String
    }

    struct BatchPage {
        var chrome: PageChrome
        var batch: Batch
        var row: BatchRow
        var fields: [Field]
        var actions: [Link]
        var steps: [Step]
        var results: [ResultVersion]
        var documents: [Link]
        var attachments: [AttachmentRow]
        var canAttach: Bool
        var publication: [Field]
        var drawURL: String?
        var taskURL: String?
        /// The recheck agencies' committed list (PZ-DRAW-2 §十四), for every party of the batch.
        var recheckListURL: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/batches/:id") { request, context in try await detail(request, context) }
        router.post("/batches/:id/attachments") { request, context in try await attach(request, context) }
        router.get("/attachments/:id") { _, context in try await download(context) }
    }

    func detail(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try BatchListRoutes.principal(context)
        let repo = BatchRepository(services.database)
        guard let b = try await repo.find(try context.id(), as: p) else { throw WebError.notFound }
        let today = services.today()
        let rules = try await RuleRepository(services.database).effective(on: today)
        let calendar = try await CalendarRepository(services.database).calendar()
        let events = try await repo.events(b.id)
        let first = events.first.flatMap { Day($0.day) }
        var previous = first
        let steps = events.map { e -> Step in
            let day = Day(e.day)
            let sinceStart = Self.gap(first, day)
            let sincePrevious = Self.gap(previous, day)
            previous = day ?? previous
            return Step(day: e.day, at: DisplayTime.text(e.at), actor: e.actorName, role: e.actorRole, summary: e.summary,
                        elapsed: "第\(sinceStart ?? 0)天（距上一步\(sincePrevious ?? 0)天）")
        }
        let versions = try await repo.results(b.id).map { group in
            ResultVersion(version: group.version, latest: group.version == b.reportVersion, items: group.items.map {
                ResultRow(name: $0.name, limit: $0.limit + ($0.unit.map { " \($0)" } ?? ""), value: $0.value, verdict: $0.verdict.label,
                          failed: $0.verdict == .fail, severity: $0.severity.label)
            })
        }
        let fields = Self.fields(b)
        var documents: [Link] = []
        for doc in BatchDocument.allCases where doc.isAvailable(b, events: events) {
            documents.append(Link(label: doc.title, url: "/batches/\(b.id)/documents/\(doc.rawValue)"))
        }
        let attachments = try await services.attachments.list(batchId: b.id).map {
            AttachmentRow(url: "/attachments/\($0.id)", filename: $0.filename, size: "\(max($0.size / 1024, 1)) KB", by: $0.createdBy,
                          sha: String($0.sha256.prefix(16)))
        }
        var publication: [Field] = []
        if let pub = try await PublicationStore(services.database).find(batchId: b.id) {
            publication = [Field(label: "公布日期", value: pub.snapshot.publishedOn), Field(label: "公布结论", value: pub.snapshot.verdict),
                           Field(label: "公布的不合格项目", value: pub.snapshot.failedItems ?? "—"),
                           Field(label: "快照校验", value: pub.intact ? "一致（SHA-256 \(pub.hash.prefix(16))…）" : "不一致：快照已被改动")]
        }
        let model = BatchPage(
            chrome: PageChrome(title: "抽查批次 \(b.number)", context: context, active: "/batches", flash: Flash.message(request.uri.queryParameters.get("msg")),
                               // Only a step's name travels in the URL; the message is ours, so a link cannot put words on the page.
                               flashError: request.uri.queryParameters.get("unavailable").flatMap(BatchAction.init(rawValue:)).map { "当前不能\($0.label)" }),
            batch: b, row: BatchRow(b, deadline: BatchWorkflow.deadlineState(b, rules: rules, calendar: calendar), today: today),
            fields: fields,
            actions: BatchWorkflow.available(p, b, today: services.today()).map { Link(label: $0.label, url: "/batches/\(b.id)/act/\($0.rawValue)") }
                + (try await assistance(b, p)),
            steps: steps, results: versions, documents: documents, attachments: attachments,
            // Photos and papers may be added while the batch is open; enforcement reads only.
            canAttach: p.role != .enforcementOfficer && ![.closed, .refused, .cancelled].contains(b.state),
            publication: publication, drawURL: TaskPolicy.visibility(p) == .none ? nil : "/draws/\(b.drawId)",
            taskURL: TaskPolicy.visibility(p) == .none ? nil : "/tasks/\(b.taskId)",
            recheckListURL: try await ListCommitmentStore.latest(services.database, kind: .recheckAgency, recordId: b.id).map { "/draw-lists/\($0.id)" })
        return try services.views.page(model, "batch")
    }


    /// A failed batch's enterprise can be offered help with one action (SPEC TA-2), prefilled from the batch; once a
    /// case is open the link goes to it.
    func assistance(_ b: Batch, _ p: Principal) async throws -> [Link] {
        guard b.isFailure, AssistancePolicy.readerRoles.contains(p.role) else { return [] }
        if let c = try await AssistanceRepository(services.database).latest(batch: b.id, as: p), c.state != .closed {
            return [Link(label: "质量技术帮扶 \(c.number)（\(c.state.label)）", url: "/assistance-cases/\(c.id)")]
        }
        return AssistancePolicy.organises(p, districtCode: b.enterpriseDistrict) ? [Link(label: "申请质量技术帮扶", url: "/assistance-cases/new?batch=\(b.id)")] : []
    }

    static func gap(_ from: Day?, _ to: Day?) -> Int? {
        guard let from, let to else { return nil }
        return to.ordinal - from.ordinal
    }

    static func fields(_ b: Batch) -> [Field] {
        var pairs: [(String, String)] = []
        pairs.append(("企业", "\(b.enterpriseName)（\(b.enterpriseUscc)）"))
        pairs.append(("所在区", District.named(code: b.enterpriseDistrict)))
        pairs.append(("产品", b.productName + (b.fastTrack ? "（快检快处产品）" : "")))
        pairs.append(("环节", b.stage.label))
        pairs.append(("方式", b.mode.label))
        pairs.append(("组织单位", b.planDistrictCode.map { "\(District.named(code: $0))市场监管局" } ?? "上海市市场监督管理局"))
        pairs.append(("承检机构", b.agencyName))
        pairs.append(("抽样人员", b.inspectors.isEmpty ? "—" : b.inspectors))
        pairs.append(("任务完成期限", b.dueDate.description))
        let sample: [String] = [b.sampleName, b.lotNumber.map { "批号\($0)" }].compactMap { $0 }
        pairs.append(("样品", sample.joined(separator: "，")))
        if let day = b.sampledOn { pairs.append(("抽样日期", day.description + (b.online ? "（网络抽样）" : ""))) }
        if b.enterpriseConfirmed { pairs.append(("企业确认抽样", "已确认")) }
        if let number = b.reportNumber {
            pairs.append(("报告", "\(number)（第\(b.reportVersion)版，\(b.reportedOn?.description ?? "")）"))
            pairs.append(("结论", b.verdictLabel))
        }
        pairs.append(("不合格项目", b.failedItems ?? ""))
        pairs.append(("送达日期", b.deliveredOn?.description ?? ""))
        pairs.append(("异议期限", b.objectionDeadline?.description ?? ""))
        if let filed = b.objectionFiledOn {
            pairs.append(("异议", "\(filed)提出" + (b.objectionDecidedOn.map { "，\($0)决定" } ?? "")))
        }
        if let agency = b.recheckAgencyName {
            let outcome = b.recheckOutcome.map { "：\($0.label)，费用由\(b.costBearer ?? "")承担" } ?? "（进行中）"
            pairs.append(("复检", agency + outcome))
        }
        pairs.append(("结论确定日期", b.concludedOn?.description ?? ""))
        pairs.append(("整改期限", b.rectificationDeadline?.description ?? ""))
        if b.sensitive { pairs.append(("敏感结果", "是：\(b.sensitiveReason ?? "")")) }
        pairs.append(("公布日期", b.publishedOn?.description ?? ""))
        pairs.append(("办结日期", b.closedOn?.description ?? ""))
        pairs.append(("规则版本", "第\(b.rulesVersion)版"))
        return pairs.filter { !$0.1.isEmpty }.map { Field(label: $0.0, value: $0.1) }
    }

    func attach(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        let p = try BatchListRoutes.principal(context)
        let id = try context.id()
        let body = try await request.collectBody(upTo: AttachmentStore.maxBytes + 1)
        let name = request.uri.queryParameters.get("name") ?? ""
        return try await AttachmentResponse.upload(reload: "/batches/\(id)?msg=saved") {
            _ = try await services.attachments.save(batchId: id, filename: name, data: Data(buffer: body), as: p)
        }
    }

    func download(_ context: AppRequestContext) async throws -> Response {
        let p = try BatchListRoutes.principal(context)
        let id = try context.id()
        return try await AttachmentResponse.file {
            let (attachment, data) = try await services.attachments.open(id, as: p)
            return (attachment.filename, attachment.contentType, data)
        }
    }
}
