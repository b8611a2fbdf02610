import Foundation
import PinzhiDomain
import PinzhiStore

/// Merging duplicate enterprises through the API (SPEC MD-1), as EnterpriseMergeRoutes does on the pages.
extension APIHandler {
    struct MergeBody: Encodable {
        var id: Int64
        var kind: String
        var kindLabel: String
        var mergedId: Int64
        var survivorId: Int64
        var undoes: Int64?
        var reason: String
        var moved: [String: [Int64]]
        var kept: [String: Int]
        var summary: String
        var mergedWasActive: Bool
        var by: String
        var at: String
        var undone: Bool

        init(_ m: EnterpriseMerge, undone: Bool = false) {
            (id, kind, kindLabel, mergedId, survivorId, undoes, reason) = (m.id, m.kind.rawValue, m.kind.label, m.mergedId, m.survivorId, m.undoes, m.reason)
            (moved, kept, summary, mergedWasActive, by, at) = (m.moved, m.kept, EnterpriseMergeStore.summary(m), m.mergedWasActive, m.by, m.at)
            self.undone = undone
        }
    }

    func mergeAdmin() throws -> Principal {
        let p = try bridge.principal()
        guard AccessPolicy.canAdminister(p.role) else { throw WebError.forbidden }
        return p
    }

    func mergeEnterprise(_ input: Operations.MergeEnterprise.Input) async throws -> Operations.MergeEnterprise.Output {
        let p = try mergeAdmin()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        let store = EnterpriseMergeStore(services.database)
        guard try await store.find(codeOrId: String(input.path.id)) != nil else { throw WebError.notFound }
        let into = body.into?.trimmingCharacters(in: .whitespaces) ?? ""
        guard let survivor = try await store.find(codeOrId: into) else {
            throw WebError.badRequest(into.isEmpty ? "请填写保留企业的统一社会信用代码（into）" : "没有统一社会信用代码或编号为“\(into)”的企业", field: "into")
        }
        let merge = try await store.merge(input.path.id, into: survivor.id, reason: body.reason ?? "", actor: AuditActor(p))
        return .created(.init(body: .json(try bridge.convert(MergeBody(merge)))))
    }

    func unmergeEnterprise(_ input: Operations.UnmergeEnterprise.Input) async throws -> Operations.UnmergeEnterprise.Output {
        let p = try mergeAdmin()
        guard case .json(let body) = input.body else { throw WebError.badRequest("请求体应为JSON") }
        guard try await EnterpriseMergeStore(services.database).find(codeOrId: String(input.path.id)) != nil else { throw WebError.notFound }
        let undo = try await EnterpriseMergeStore(services.database).undo(input.path.id, reason: body.reason ?? "", actor: AuditActor(p))
        return .created(.init(body: .json(try bridge.convert(MergeBody(undo)))))
    }

    func listEnterpriseMerges(_ input: Operations.ListEnterpriseMerges.Input) async throws -> Operations.ListEnterpriseMerges.Output {
        _ = try mergeAdmin()
        let store = EnterpriseMergeStore(services.database)
        guard try await store.find(codeOrId: String(input.path.id)) != nil else { throw WebError.notFound }
        let items = try await store.history(of: input.path.id).map { MergeBody($0.merge, undone: $0.undone) }
        return .ok(.init(body: .json(.init(items: try items.map { try bridge.convert($0) }))))
    }
}
