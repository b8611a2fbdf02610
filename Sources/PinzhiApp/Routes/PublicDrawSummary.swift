import Foundation
import PinzhiDomain
import PinzhiStore

/// What the public learns of a double-random draw (SPEC SC-4, PB-1): what was drawn, when, with which seed,
/// algorithm and candidate-list hash, and how many were candidates, excluded and selected; never the names.
/// Recheck-agency draws are internal and are not shown.
struct PublicDrawSummary: Sendable {
    var id: Int64
    var summary: String
    var day: String
    var algorithm: String
    var seed: String
    var candidateHash: String
    var candidates: Int
    var excluded: Int
    var selected: Int
    var superseded: Bool
    var reason: String?
    /// PZ-DRAW-2: the commitment and what was revealed after it, and the result text as published.
    var commitmentId: Int64?
    var publicValue: String?
    var publicSource: String?
    var witnessSecret: String?
    var resultText: String?

    /// The draw as the public sees it, once a batch of its task has been published (before that the draw would tell
    /// enterprises holding their proofs that a visit is coming); a re-drawn task shows every draw with its reason.
    static func load(_ id: Int64, _ database: PinzhiDatabase) async throws -> PublicDrawSummary? {
        let draws = DrawRepository(database)
        guard let record = try await draws.find(id), record.purpose == "enterprises", try await draws.isPublic(record),
              let inputs = try await draws.inputs(record),
              let outcome = try? JSONDecoder().decode(TaskDraw.Outcome.self, from: Data(record.resultJSON.utf8)) else { return nil }
        let product = try await ProductChoices.all(database).first { $0.id == inputs.request.productId }?.label ?? ""
        let r = inputs.request
        return PublicDrawSummary(id: record.id, summary: "\(product)，\(r.level.label)\(r.mode.label)，\(r.day)抽取\(r.count)家，规则第\(r.rulesVersion)版",
                                 day: r.day.description, algorithm: record.algorithm, seed: String(record.seed), candidateHash: record.candidateHash,
                                 candidates: inputs.candidates.count, excluded: outcome.enterprises.excluded.count,
                                 selected: outcome.enterprises.selected.count, superseded: record.supersededBy != nil, reason: record.reason,
                                 commitmentId: record.commitmentId, publicValue: record.publicValue, publicSource: record.publicSource,
                                 witnessSecret: record.witnessSecret, resultText: record.resultText)
    }
}
