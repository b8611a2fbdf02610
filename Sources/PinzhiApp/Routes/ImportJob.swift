import Foundation
import Hummingbird
import PinzhiDomain
import PinzhiStore

/// One upload's processing: read, checked row by row, written or refused, its report stored. Run for its answer, or
/// as a stream of JSON lines — a `ProgressReading` at most every quarter second while rows are checked and written,
/// then the answer (or `{"error":…}`) — so the page shows rows done, the rate and the time left of a long import over
/// the same connection (no job table, nothing to poll, and any app server can take the upload).
struct ImportJob: Sendable {
    static let streamType = "application/x-ndjson"

    let services: AppServices
    let kind: ImportKind
    let data: Data
    let sheet: String?
    let mode: ImportMode
    let fileName: String
    let principal: Principal

    struct Answer: Codable, Sendable {
        var id: Int64
        var url: String
        var committed: Bool
        var summary: String
    }

    /// The file imported (risk items with the reporter's scope, the rest as master data).
    func report(progress: @escaping @Sendable (ProgressReading) -> Void = { _ in }) async throws -> ImportReport {
        if kind == .riskItems {
            return try await RiskItemImport(services.database).run(data, sheet: sheet, mode: mode, today: services.today(), as: principal)
        }
        let started = ContinuousClock.now
        return try await services.importer.run(kind, data: data, sheet: sheet, mode: mode, actor: AuditActor(principal)) { phase, done, total in
            let elapsed = ContinuousClock.now - started
            progress(ProgressReading(phase: phase, done: done, total: total,
                                     seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        }
    }

    /// The file imported and its report stored, for the result page.
    func run(progress: @escaping @Sendable (ProgressReading) -> Void) async throws -> Answer {
        let report = try await report(progress: progress)
        let id = try await ImportResultStore(services.database).save(report, fileName: fileName, accountId: principal.accountId)
        return Answer(id: id, url: "/import/results/\(id)", committed: report.committed, summary: report.summary)
    }

    /// A reading as the page shows it: the bar's percent and the sentence under it.
    struct Reading: Encodable {
        var phase: String
        var done: Int
        var total: Int
        var percent: Int
        var text: String

        init(_ r: ProgressReading) {
            (phase, done, total, percent, text) = (r.phase, r.done, r.total, r.percent, r.text())
        }
    }

    func stream() -> AsyncStream<ByteBuffer> {
        AsyncStream { continuation in
            let gate = Throttle(interval: .milliseconds(250))
            let task = Task {
                let line: Data
                do {
                    let answer = try await run { reading in
                        guard gate.pass(final: reading.done >= reading.total),
                              let json = try? JSONEncoder().encode(Reading(reading)) else { return }
                        continuation.yield(ByteBuffer(bytes: json + [0x0A]))
                    }
                    line = (try? JSONEncoder().encode(answer)) ?? Data()
                } catch {
                    let message = (error as? StoreError)?.message ?? "导入未完成：服务器处理出错，未写入任何数据"
                    line = (try? JSONSerialization.data(withJSONObject: ["error": ["message": message]])) ?? Data()
                }
                continuation.yield(ByteBuffer(bytes: line + [0x0A]))
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// Lets a reading through at most once per interval (and always the one that ends a phase).
final class Throttle: @unchecked Sendable {
    private let lock = NSLock()
    private let interval: Duration
    private var last: ContinuousClock.Instant?

    init(interval: Duration) { self.interval = interval }

    func pass(final: Bool) -> Bool {
        lock.withLock {
            let now = ContinuousClock.now
            if !final, let last, now - last < interval { return false }
            last = now
            return true
        }
    }
}
