import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// The page of a committed list other than a task's (PZ-DRAW-2 §十四): a batch's recheck agencies, an assessment's
/// officers. It shows the commitment text, the published leaves and, once drawn, the revealed values and the result,
/// recomputed on reading; `published.txt` gives the three texts in the method's own form for an outside verifier.
/// Read by whoever reads the record it draws for (ListCommitmentStore.find(_:_:as:)).
struct DrawListRoutes: Sendable {
    let services: AppServices

    struct DrawListPage {
        var chrome: PageChrome
        var heading: String
        var fields: [WorkflowRecordPage.Field]
        var verified: Bool
        var commitmentText: String
        var leavesText: String
        var resultText: String?
        var recordURL: String?
        var recordLabel: String
        var drawURL: String?
        var textURL: String
        /// A recheck's candidates are agencies, no one's personal data: their leaf texts and salts are shown to the
        /// batch's parties, who can then recompute every leaf (§三、§十四).
        var leaves: [Leaf] = []
    }

    struct Leaf { var text: String; var salt: String }

    func register(on router: Router<AppRequestContext>) {
        router.get("/draw-lists/:id") { _, context in try await page(context) }
        router.get("/draw-lists/:id/published.txt") { _, context in try await published(context) }
    }

    func record(_ context: AppRequestContext) async throws -> (ListCommitmentRecord, Principal) {
        let p = try context.requirePrincipal()
        do {
            guard let record = try await ListCommitmentStore.find(services.database, try context.id(), as: p) else { throw WebError.notFound }
            return (record, p)
        } catch let e as StoreError { throw WebError(e) }
    }

    func page(_ context: AppRequestContext) async throws -> Response {
        let (r, p) = try await record(context)
        let verified = try await ListCommitmentStore.verify(services.database, r)
        var fields: [WorkflowRecordPage.Field] = [
            .init(label: "抽取事项", value: "\(r.kind.label)（\(r.subject)）"), .init(label: "算法", value: CommittedDraw.algorithm),
            .init(label: "候选", value: "\(r.candidates)个，其中可抽\(r.eligible)个；抽取\(r.count)个"),
            .init(label: "承诺SHA-256", value: r.hash), .init(label: "Merkle根", value: r.root),
            .init(label: "见证人秘密值哈希", value: r.witnessHash ?? "无"),
            .init(label: "公布", value: "\(r.createdBy)，\(DisplayTime.text(r.createdAt))"),
        ]
        if r.isDrawn {
            fields += [.init(label: "公开随机值", value: "\(r.publicValue ?? "")（\(r.publicSource ?? "")）"),
                       .init(label: "见证人公开的秘密值", value: (r.witnessSecret ?? "").isEmpty ? "无" : r.witnessSecret ?? ""),
                       .init(label: "随机种子", value: r.seed.map(String.init) ?? ""),
                       .init(label: "抽取", value: "\(r.drawnBy ?? "")，\(DisplayTime.text(r.drawnAt ?? ""))")]
        }
        let (recordURL, recordLabel): (String?, String) = switch r.kind {
        case .recheckAgency: (r.recordId.map { "/batches/\($0)" }, "返回批次")
        case .officerAssessment: (r.recordId.map { "/officer-assessments/\($0)" } ?? "/officer-assessments", r.recordId == nil ? "返回考核列表" : "查看考核")
        case .assistanceExperts: (r.recordId.map { "/assistance-cases/\($0)" }, "返回帮扶案例")
        case .campaignInspection: (r.recordId.map { "/campaigns/\($0)" }, "返回专项行动")
        }
        let drawURL = r.kind == .officerAssessment && !r.isDrawn && OfficerRoutes.mayDraw(p) ? "/officer-assessment-commitments/\(r.id)/draw" : nil
        let model = DrawListPage(chrome: PageChrome(title: "\(r.kind.label) 承诺 #\(r.id)", context: context,
                                                    active: r.kind == .recheckAgency ? "/batches" : "/officers"),
                                 heading: "\(r.kind.label)：候选名单承诺 #\(r.id)\(r.isDrawn ? "" : "（待抽取）")", fields: fields, verified: verified,
                                 commitmentText: r.text, leavesText: r.leavesText, resultText: r.resultText, recordURL: recordURL,
                                 recordLabel: recordLabel, drawURL: drawURL, textURL: "/draw-lists/\(r.id)/published.txt")
        var shown = model
        if r.kind == .recheckAgency, let list = try await ListCommitmentStore.list(services.database, r.id) {
            shown.leaves = list.candidates.indices.compactMap { list.proof(index: $0) }.map { Leaf(text: $0.leafText, salt: $0.salt) }
        }
        return try services.views.page(shown, "draw-list")
    }

    /// commitment.txt, leaves.txt and (once drawn) result.txt between the method's BEGIN/END lines (§十三).
    func published(_ context: AppRequestContext) async throws -> Response {
        let (r, _) = try await record(context)
        var text = "----- BEGIN commitment.txt -----\n\(r.text)\n----- END commitment.txt -----\n"
            + "----- BEGIN leaves.txt -----\n\(r.leavesText)\n----- END leaves.txt -----\n"
        if let result = r.resultText { text += "----- BEGIN result.txt -----\n\(result)\n----- END result.txt -----\n" }
        text += "commitment-hash=\(r.hash)\n"
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
