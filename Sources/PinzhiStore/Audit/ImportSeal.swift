import Crypto
import Foundation
import PinzhiDomain

/// What the one audit row of a bulk import says of the records it created (issue 21 item 4; docs/rules.md §ORG-4):
/// the SHA-256 of the file, the SHA-256 of the new records as they were written (their canonical rows, in id order),
/// and their ids as runs. A hundred thousand new enterprises are then one chained row instead of a hundred thousand,
/// and `pinzhi audit verify` still finds any of them altered outside the audit: it rebuilds each record as imported
/// (from the first audited change's before-image, or else the stored row) and recomputes the rows' hash
/// (ImportSealCheck). A record's history lists the import row whose runs hold its id (AuditQueries.history).
public struct ImportSeal: Codable, Sendable, Equatable {
    /// SHA-256 of the file's bytes, as uploaded.
    public var file: String
    /// SHA-256 of the new records' canonical rows (`canonicalRow`), one per line, in ascending id order.
    public var rows: String
    public var count: Int
    /// The new records' ids as [first, last] runs, ascending.
    public var ids: [[Int64]]

    public init(file: String, rows: String, count: Int, ids: [[Int64]]) {
        self.file = file
        self.rows = rows
        self.count = count
        self.ids = ids
    }

    /// The seal of these records, each as written (id and version set).
    static func of<R: MasterRecord>(file: Data, records: [R]) async throws -> ImportSeal {
        let sorted = records.sorted { $0.id < $1.id }
        return ImportSeal(file: Hashing.sha256(file), rows: try await rowsHash(sorted), count: sorted.count, ids: runs(sorted.map(\.id)))
    }

    /// The record as its canonical row: its id, then its JSON with sorted keys without the id and version, the
    /// computed fields (FieldSpec.computed: the credit class, a merge's pointer) left at their defaults, since the
    /// model changes them later without a change of the record's own.
    static func canonicalRow<R: MasterRecord>(_ record: R) -> String {
        var plain = record
        plain.keepComputed(from: R())
        (plain.id, plain.version) = (0, 0)
        return "\(record.id)\t" + (AuditLog.json(plain) ?? "") + "\n"
    }

    /// The hash of the records' canonical rows, one after the other (the JSON written a slice per core: it is most of
    /// the cost of sealing an import).
    static func rowsHash<R: MasterRecord>(_ sortedRecords: [R]) async throws -> String {
        var hasher = SHA256()
        for var line in try await Slices.map(sortedRecords, { canonicalRow($0) }) {
            line.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
        return Hashing.hex(hasher.finalize())
    }

    /// Ascending ids as [first, last] runs of consecutive ids (an import's are one run on SQLite).
    static func runs(_ ids: [Int64]) -> [[Int64]] {
        var out: [[Int64]] = []
        for id in ids.sorted() {
            if let last = out.last?.last, id == last + 1 { out[out.count - 1][1] = id } else { out.append([id, id]) }
        }
        return out
    }

    public func contains(_ id: Int64) -> Bool {
        ids.contains { $0.count == 2 && $0[0] <= id && id <= $0[1] }
    }

    /// Every id the runs name, ascending.
    var allIds: [Int64] { ids.flatMap { $0.count == 2 && $0[0] <= $0[1] ? Array($0[0]...$0[1]) : [] } }

    /// The seal in an import's audit row, if the row is one (an import that created nothing has none).
    public static func read(_ entry: AuditEntry) -> ImportSeal? {
        guard entry.action == importAction, entry.entityId == nil, let json = entry.afterJson else { return nil }
        return try? JSONDecoder().decode(ImportSeal.self, from: Data(json.utf8))
    }

    static let importAction = "import"
}
