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

    /// The record as its canonical row: its id, then its JSON with sorted keys without the id and version, the
    /// computed fields (FieldSpec.computed: the credit class, a merge's pointer) left at their defaults, since the
    /// model changes them later without a change of the record's own.
    static func canonicalRow<R: MasterRecord>(_ record: R) -> String {
        var plain = record
        plain.keepComputed(from: R())
        (plain.id, plain.version) = (0, 0)
        return "\(record.id)\t" + (AuditLog.json(plain) ?? "") + "\n"
    }

    /// The hash of the records' canonical rows, one after the other.
    static func rowsHash<R: MasterRecord>(_ sortedRecords: [R]) async throws -> String {
        var hasher = SHA256()
        try await hash(sortedRecords, into: &hasher)
        return Hashing.hex(hasher.finalize())
    }

    /// Their JSON, most of the cost of sealing, is written a slice per core.
    static func hash<R: MasterRecord>(_ sortedRecords: [R], into hasher: inout SHA256) async throws {
        for var line in try await Slices.map(sortedRecords, { canonicalRow($0) }) {
            line.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        }
    }

    /// A seal built as an import writes its records, a slice at a time, so that they need not all be held until the
    /// end. The slices come in ascending id order (each database numbers one transaction's inserts upwards).
    struct Sealer {
        private var hasher = SHA256()
        private(set) var count = 0
        private(set) var ids: [[Int64]] = []

        /// Adds records as written (id and version set), in ascending id order, after those added before.
        mutating func add<R: MasterRecord>(_ sortedRecords: [R]) async throws {
            try await ImportSeal.hash(sortedRecords, into: &hasher)
            for record in sortedRecords {
                if let last = ids.last?.last {
                    guard record.id > last else { throw StoreError.internalError("导入封存的记录编号未按升序（\(record.id)在\(last)之后）") }
                    if record.id == last + 1 { ids[ids.count - 1][1] = record.id; continue }
                }
                ids.append([record.id, record.id])
            }
            count += sortedRecords.count
        }

        var rowsHash: String { Hashing.hex(hasher.finalize()) }

        func seal(file: Data) -> ImportSeal {
            ImportSeal(file: Hashing.sha256(file), rows: rowsHash, count: count, ids: ids)
        }
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
