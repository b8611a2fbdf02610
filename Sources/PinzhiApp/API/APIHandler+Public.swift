import Foundation
import OpenAPIRuntime
import PinzhiDomain
import PinzhiStore

/// The open API (SPEC PB-2): the portal's data for anyone, read-only, no token. It reads only what the portal
/// shows: publication snapshots, draw summaries and rates over published results. The rate limit per address is
/// PublicRateLimitMiddleware's.
extension APIHandler {
    func listPublicResults(_ input: Operations.ListPublicResults.Input) async throws -> Operations.ListPublicResults.Output {
        let q = input.query
        var search = Self.search(verdict: q.verdict?.rawValue, productId: q.productId, district: q.district, year: q.year)
        search.text = q.q
        search.limit = try APIBridge.limit(q.limit)
        search.offset = try APIBridge.offset(q.cursor)
        let list = try await PublicationStore(services.database, totals: services.publicationTotals).list(search)
        let next = search.offset + list.rows.count < list.total ? Cursor.encode(offset: search.offset + list.rows.count) : nil
        return .ok(.init(body: .json(.init(items: list.rows.filter(\.intact).map(Self.result), total: list.total, nextCursor: next))))
    }

    func getPublicResult(_ input: Operations.GetPublicResult.Input) async throws -> Operations.GetPublicResult.Output {
        guard let publication = try await PublicationStore(services.database).find(input.path.id), publication.intact else { throw WebError.notFound }
        return .ok(.init(body: .json(Self.result(publication))))
    }

    /// Every matching published result as CSV, read in pages by id and sent as it is read, so a download of the
    /// whole history needs no more memory than one page.
    func downloadPublicResults(_ input: Operations.DownloadPublicResults.Input) async throws -> Operations.DownloadPublicResults.Output {
        let q = input.query
        let search = Self.search(verdict: q.verdict?.rawValue, productId: q.productId, district: q.district, year: q.year)
        let store = PublicationStore(services.database)
        let header = ["公告编号", "批次编号", "产品", "企业名称", "统一社会信用代码", "企业所在区", "批号", "承检机构", "结论", "不合格项目", "报告编号", "公布日期", "快照SHA-256"]
        let stream = AsyncThrowingStream<ArraySlice<UInt8>, any Error> { continuation in
            let task = Task {
                do {
                    continuation.yield(ArraySlice((CSVWriter.bom + CSVWriter.line(header)).utf8))
                    var last: Int64 = 0
                    while true {
                        let page = try await store.page(after: last, limit: 2000, search)
                        guard let end = page.last else { break }
                        continuation.yield(ArraySlice(page.filter(\.intact).map { p in
                            let s = p.snapshot
                            return CSVWriter.line([String(p.id), s.batchNumber, s.product, s.enterprise, s.uscc, District.named(code: p.district), s.lotNumber ?? "",
                                                   s.agency, s.verdict, s.failedItems ?? "", s.reportNumber ?? "", s.publishedOn, p.hash])
                        }.joined().utf8))
                        last = end.id
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
        return .ok(.init(body: .csv(HTTPBody(stream, length: .unknown, iterationBehavior: .single))))
    }

    func getPublicDraw(_ input: Operations.GetPublicDraw.Input) async throws -> Operations.GetPublicDraw.Output {
        guard let d = try await PublicDrawSummary.load(input.path.id, services.database) else { throw WebError.notFound }
        return .ok(.init(body: .json(.init(id: d.id, summary: d.summary, day: d.day, algorithm: d.algorithm, seed: d.seed, candidateHash: d.candidateHash,
                                           candidates: d.candidates, excluded: d.excluded, selected: d.selected, superseded: d.superseded, reason: d.reason,
                                           commitmentId: d.commitmentId, publicValue: d.publicValue, publicSource: d.publicSource,
                                           witnessSecret: d.witnessSecret, resultText: d.resultText))))
    }

    func getPublicDrawCommitment(_ input: Operations.GetPublicDrawCommitment.Input) async throws -> Operations.GetPublicDrawCommitment.Output {
        guard let c = try await PublicCommitment.load(input.path.id, services.database, leaves: true) else { throw WebError.notFound }
        return .ok(.init(body: .json(.init(id: c.record.id, algorithm: c.record.algorithm, text: c.record.text, hash: c.record.hash, root: c.record.root,
                                           leaves: c.record.leavesText, drawId: c.publicDrawId, createdAt: c.record.createdAt))))
    }

    func getPublicStats(_ input: Operations.GetPublicStats.Input) async throws -> Operations.GetPublicStats.Output {
        let dimension = PublishedRates.Dimension(rawValue: input.query.dimension?.rawValue ?? "product") ?? .product
        let table = try await PublicStatsTable.load(dimension, year: input.query.year ?? services.today().year, services)
        return .ok(.init(body: .json(.init(year: table.year, dimension: dimension.rawValue, minimumCell: table.minimum, cells: table.cells.map { cell in
            guard let c = cell.figures else { return .init(key: cell.key, label: cell.label, suppressed: true) }
            return .init(key: c.key, label: c.label, suppressed: false, tested: c.tested, failed: c.failed, rate: c.rate,
                         low: c.interval?.low, high: c.interval?.high)
        }))))
    }

    static func search(verdict: String?, productId: Int64?, district: String?, year: Int?) -> PublicationStore.Search {
        var search = PublicationStore.Search()
        search.failedOnly = verdict.map { $0 == "fail" }
        search.productId = productId
        search.district = district.flatMap { $0.isEmpty ? nil : $0 }
        search.year = year
        return search
    }

    static func result(_ p: PublicationStore.Publication) -> Components.Schemas.PublicResult {
        let s = p.snapshot
        return .init(id: p.id, batchNumber: s.batchNumber, productId: p.productId, product: s.product, enterprise: s.enterprise, uscc: s.uscc,
                     district: p.district, districtName: District.named(code: p.district), lotNumber: s.lotNumber, agency: s.agency,
                     verdict: s.verdict, failed: s.verdict.hasPrefix("不合格"), failedItems: s.failedItems, reportNumber: s.reportNumber,
                     publishedOn: s.publishedOn, hash: p.hash)
    }
}
