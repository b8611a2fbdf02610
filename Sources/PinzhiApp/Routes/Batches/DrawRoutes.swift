import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The double-random draw of a task and the page of a stored draw: seed, algorithm, candidate hash, every
/// exclusion with its reason, the selection and the inspectors with their recusals. Anyone who sees the task
/// may check it; `pinzhi draw verify` recomputes it.
struct DrawRoutes: Sendable {
    let services: AppServices

    struct Row {
        var enterprise: String
        var uscc: String
        var creditClass: String
        var note: String
    }

    struct DrawPage {
        var chrome: PageChrome
        var record: DrawRecord
        var taskURL: String
        var requestSummary: String
        var candidateCount: Int
        var selected: [Row]
        var excluded: [Row]
        var tracking: [Row]
        var superseded: Bool
        var createdAt: String
        var selectedCount = 0
        var excludedCount = 0
        /// PZ-DRAW-2: the commitment and the values revealed after it.
        var committed: [Detail] = []
        var hashLabel = "候选名单SHA-256"
        var listURL: String?
    }

    struct Detail {
        var label: String
        var value: String
    }

    func register(on router: Router<AppRequestContext>) {
        router.post("/tasks/:id/draw-commitment") { request, context in try await commit(request, context) }
        router.post("/tasks/:id/draw") { request, context in try await draw(request, context) }
        router.get("/draws/:id") { _, context in try await page(context) }
    }

    /// Step one of PZ-DRAW-2: the candidate list fixed and its commitment published, before any seed exists.
    func commit(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try context.requirePrincipal()
        let id = try context.id()
        do {
            _ = try await DrawRepository(services.database).commit(taskId: id, today: services.today(), as: p)
            return redirect("/tasks/\(id)?msg=saved")
        } catch let error as StoreError where error.isUserFixable {
            return try await TaskRoutes(services: services).detail(request, context, errors: error.fieldErrors.map(\.message), status: WebError(error).status)
        }
    }

    /// Step two: the seed from the commitment and the values revealed after it; the enterprises and inspectors drawn.
    func draw(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let p = try context.requirePrincipal()
        let id = try context.id()
        do {
            let reveal = CommittedDraw.Reveal(publicValue: context.form["publicValue"] ?? "", publicSource: context.form["publicSource"] ?? "")
            _ = try await DrawRepository(services.database).draw(taskId: id, reveal: reveal, reason: context.form["reason"], today: services.today(), as: p)
            return redirect("/tasks/\(id)?msg=saved")
        } catch let error as StoreError where error.isUserFixable {
            return try await TaskRoutes(services: services).detail(request, context, errors: error.fieldErrors.map(\.message), status: WebError(error).status)
        }
    }

    func page(_ context: AppRequestContext) async throws -> Response {
        let p = try context.requirePrincipal()
        guard let record = try await DrawRepository(services.database).find(try context.id()) else { throw WebError.notFound }
        let seesTask = try await TaskRepository(services.database).find(record.taskId, as: p) != nil
        let seesBatch = try await visibleBatch(record, p)
        guard seesTask || seesBatch else { throw WebError.notFound }
        let decoder = JSONDecoder()
        var model = DrawPage(chrome: PageChrome(title: "抽取记录", context: context, active: "/tasks"), record: record, taskURL: "/tasks/\(record.taskId)",
                             requestSummary: "", candidateCount: 0, selected: [], excluded: [], tracking: [], superseded: record.supersededBy != nil,
                             createdAt: DisplayTime.text(record.createdAt))
        if let inputs = try await DrawRepository(services.database).inputs(record),
           let outcome = try? decoder.decode(TaskDraw.Outcome.self, from: Data(record.resultJSON.utf8)) {
            let names = try await EnterpriseNames.of(services.database, ids: inputs.candidates.map(\.enterpriseId))
            let byId = Dictionary(inputs.candidates.map { ($0.enterpriseId, $0) }, uniquingKeysWith: { a, _ in a })
            let inspectorNames = Dictionary(inputs.inspectors.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            func row(_ id: Int64, _ note: String) -> Row {
                Row(enterprise: names[id] ?? "#\(id)", uscc: byId[id]?.uscc ?? "", creditClass: byId[id]?.creditClass ?? "", note: note)
            }
            let r = inputs.request
            model.requestSummary = "\(r.level.label)\(r.mode.label)，抽取\(r.count)家，抽取日\(r.day)，规则第\(r.rulesVersion)版"
            model.candidateCount = inputs.candidates.count
            model.selected = outcome.inspectors.map { a in
                row(a.enterpriseId, "抽样人员：" + a.inspectors.compactMap { inspectorNames[$0] }.joined(separator: "、")
                    + (a.recused.isEmpty ? "" : "；回避：" + a.recused.compactMap { inspectorNames[$0] }.joined(separator: "、")))
            }
            model.excluded = outcome.enterprises.excluded.map { row($0.enterpriseId, $0.reason) }
            model.tracking = outcome.enterprises.trackingCandidates.map { row($0, "5年内2次以上不合格或曾拒检") }
        } else if record.purpose == "recheck", let list = record.listCommitmentId {
            model.requestSummary = "复检机构随机抽取（\(record.algorithm) 第十四节）：候选名单承诺与抽取结果见 /draw-lists/\(list)"
            model.listURL = "/draw-lists/\(list)"
        } else if record.purpose == "recheck" {
            model.requestSummary = "复检机构随机抽取（\(record.algorithm)）：候选 \(record.candidatesJSON)，结果 \(record.resultJSON)"
        }
        if record.algorithm == CommittedDraw.algorithm, let id = record.commitmentId,
           let commitment = try await DrawCommitmentStore.find(services.database, id) {
            model.hashLabel = "承诺SHA-256"
            model.committed = [
                Detail(label: "候选名单承诺", value: "#\(id)，\(DisplayTime.text(commitment.createdAt))公布，SHA-256 \(commitment.hash)"),
                Detail(label: "Merkle根", value: commitment.root),
                Detail(label: "公开随机值", value: "\(record.publicValue ?? "")（\(record.publicSource ?? "")）"),
                Detail(label: "见证人", value: commitment.witnessHash.map { "秘密值哈希 \($0)，公开的秘密值 \(record.witnessSecret ?? "")" } ?? "无"),
            ]
        }
        model.selectedCount = model.selected.count
        model.excludedCount = model.excluded.count
        return try services.views.page(model, "draw")
    }

    func visibleBatch(_ record: DrawRecord, _ p: Principal) async throws -> Bool {
        guard let batch = record.batchId else { return false }
        return try await BatchRepository(services.database).find(batch, as: p) != nil
    }
}
