import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// Merging duplicate enterprises (SPEC MD-1): the city administrator names the record that stays, compares the two
/// side by side with what names each, gives the reason and merges; the merge history of an enterprise and its undo.
struct EnterpriseMergeRoutes: Sendable {
    let services: AppServices
    var store: EnterpriseMergeStore { EnterpriseMergeStore(services.database) }

    struct ComparePage {
        struct Row {
            var label: String
            var merged: String
            var survivor: String
            var differs: Bool
        }
        var chrome: PageChrome
        var merged: Enterprise
        var into: String
        var survivor: Enterprise?
        var fields: [Row]
        var counts: [Row]
        var reason: String
        var errors: [String]
        var action: String
    }

    struct HistoryPage {
        struct Entry {
            var kind: String
            var at: String
            var by: String
            var mergedURL: String
            var mergedName: String
            var survivorURL: String
            var survivorName: String
            var text: String
            var reason: String
            var undone: Bool
        }
        var chrome: PageChrome
        var enterprise: Enterprise
        var entries: [Entry]
        var undoURL: String?
        var errors: [String]
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/enterprises/:id/merge") { request, context in try await compare(request, context) }
        router.post("/enterprises/:id/merge") { request, context in try await merge(request, context) }
        router.get("/enterprises/:id/merges") { request, context in try await history(request, context, errors: []) }
        router.post("/enterprises/:id/unmerge") { request, context in try await undo(request, context) }
    }

    func compare(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        _ = try context.requireAdmin()
        let into = request.uri.queryParameters.get("into").map { String($0) } ?? ""
        return try await comparePage(context, mergedId: try context.id(), into: into, reason: "", errors: [], status: .ok)
    }

    func comparePage(_ context: AppRequestContext, mergedId: Int64, into: String, reason: String, errors: [String],
                     status: HTTPResponse.Status) async throws -> Response {
        guard let merged = try await store.find(codeOrId: String(mergedId)) else { throw WebError.notFound }
        var errors = errors
        var survivor: Enterprise?
        var fields: [ComparePage.Row] = []
        var counts: [ComparePage.Row] = []
        if !into.isEmpty {
            survivor = try await store.find(codeOrId: into)
            if survivor == nil && errors.isEmpty { errors.append("没有统一社会信用代码或编号为“\(into)”的企业") }
        }
        if let survivor, let comparison = try await store.comparison(merged: merged.id, survivor: survivor.id) {
            let presenter = try await RecordPresenter.load(services)
            let left = presenter.display(comparison.merged), right = presenter.display(comparison.survivor)
            fields = Enterprise.fields.map { spec in
                .init(label: spec.label, merged: left[spec.key] ?? "", survivor: right[spec.key] ?? "", differs: left[spec.key] != right[spec.key])
            }
            counts = comparison.counts.map { .init(label: $0.label, merged: String($0.merged), survivor: String($0.survivor), differs: false) }
        }
        let model = ComparePage(chrome: PageChrome(title: "合并重复企业", context: context, active: "/enterprises"), merged: merged, into: into,
                                survivor: survivor, fields: fields, counts: counts, reason: reason, errors: errors,
                                action: "/enterprises/\(merged.id)/merge")
        return try services.views.page(model, "enterprise-merge", status: status)
    }

    func merge(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin()
        let mergedId = try context.id()
        let f = context.form
        let into = (f["into"] ?? "").trimmingCharacters(in: .whitespaces), reason = f["reason"] ?? ""
        guard let survivor = try await store.find(codeOrId: into) else {
            return try await comparePage(context, mergedId: mergedId, into: into, reason: reason,
                                         errors: [into.isEmpty ? "请填写保留企业的统一社会信用代码" : "没有统一社会信用代码或编号为“\(into)”的企业"], status: .badRequest)
        }
        do {
            _ = try await store.merge(mergedId, into: survivor.id, reason: reason, actor: AuditActor(admin))
            return redirect("/enterprises/\(mergedId)/merges?msg=merged")
        } catch let error as StoreError where error.isUserFixable {
            return try await comparePage(context, mergedId: mergedId, into: into, reason: reason, errors: error.fieldErrors.map(\.message),
                                         status: WebError(error).status)
        }
    }

    func history(_ request: Request, _ context: AppRequestContext, errors: [String], status: HTTPResponse.Status = .ok) async throws -> Response {
        _ = try context.requireAdmin()
        guard let enterprise = try await store.find(codeOrId: String(try context.id())) else { throw WebError.notFound }
        let entries = try await store.history(of: enterprise.id)
        // Each record named as people know it: its name and code (a merge names two records at most).
        var names: [Int64: String] = [:]
        for id in Set(entries.flatMap { [$0.merge.mergedId, $0.merge.survivorId] }) {
            names[id] = try await store.find(codeOrId: String(id)).map { "\($0.name)（\($0.uscc)）" } ?? "企业\(id)"
        }
        let undoable = entries.first { $0.merge.kind == .merge && $0.merge.mergedId == enterprise.id && !$0.undone && enterprise.mergedInto == $0.merge.survivorId }
        let model = HistoryPage(
            chrome: PageChrome(title: "合并记录", context: context, active: "/enterprises", flash: Flash.message(request.uri.queryParameters.get("msg"))),
            enterprise: enterprise,
            entries: entries.map { entry in
                let m = entry.merge
                return .init(kind: m.kind.label, at: DisplayTime.text(m.at), by: m.by, mergedURL: "/enterprises/\(m.mergedId)",
                             mergedName: names[m.mergedId] ?? "", survivorURL: "/enterprises/\(m.survivorId)",
                             survivorName: names[m.survivorId] ?? "", text: EnterpriseMergeStore.summary(m), reason: m.reason, undone: entry.undone)
            },
            undoURL: undoable == nil ? nil : "/enterprises/\(enterprise.id)/unmerge", errors: errors)
        return try services.views.page(model, "enterprise-merges", status: status)
    }

    func undo(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let admin = try context.requireAdmin()
        let id = try context.id()
        do {
            _ = try await store.undo(id, reason: context.form["reason"] ?? "", actor: AuditActor(admin))
            return redirect("/enterprises/\(id)/merges?msg=unmerged")
        } catch let error as StoreError where error.isUserFixable {
            return try await history(request, context, errors: error.fieldErrors.map(\.message), status: WebError(error).status)
        }
    }
}
