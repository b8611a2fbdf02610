import PinzhiDomain
import SQLKit

/// Writes an import's checked records inside the caller's transaction in a few statements per thousand rows:
/// existing records looked up by natural key in chunks, new ones inserted with multi-row INSERTs, each new record's
/// audit row appended in bulk (the same chain as one by one). Changed records go through `replace`, one by one with
/// their before and after, as a form edit would; unchanged ones are left alone.
struct BulkUpsert<R: MasterRecord> {
    /// A checked record as its INSERT binds it, with its natural key as text (what duplicates are found by).
    typealias Row = (key: String, record: R, pairs: [(String, any SQLExpression)])

    let repository: MasterRepository<R>
    static var chunk: Int { 500 }

    /// Encodes a record once for both its natural key and its INSERT (the key read from the binds, not by reflection:
    /// this runs for every row of an import).
    static func row(_ record: R) throws -> Row {
        let pairs = try MasterRepository<R>.encoder.encode(record).filter { $0.0 != "id" && $0.0 != "version" }
        return (R.naturalKey.map { value(of: $0, in: pairs) }.joined(separator: "|"), record, pairs)
    }

    func run(_ db: any SQLDatabase, _ rows: [Row], actor: AuditActor, progress: Importer.Progress) async throws -> Outcome {
        guard R.naturalKey.count == 1, let key = R.naturalKey.first else {
            let counts = try await oneByOne(db, rows.map(\.record), actor: actor, progress: progress)
            return Outcome(inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged)
        }
        let encoder = MasterRepository<R>.encoder
        var counts = (inserted: 0, updated: 0, unchanged: 0)
        var fresh: [Row] = []
        for start in stride(from: 0, to: rows.count, by: Self.chunk) {
            let keyed = rows[start..<min(start + Self.chunk, rows.count)]
            let existing = try await db.select().column("*").from(repository.table)
                .where(SQLIdentifier(key), .in, SQLBind.group(keyed.map(\.key))).all().map(repository.decode)
            let byKey = Dictionary(try existing.map { (Self.value(of: key, in: try encoder.encode($0)), $0) }, uniquingKeysWith: { first, _ in first })
            for row in keyed {
                guard let old = byKey[row.key] else { fresh.append(row); continue }
                var incoming = row.record
                incoming.active = old.active
                incoming.id = old.id
                incoming.version = old.version
                incoming.keepComputed(from: old)
                if incoming == old { counts.unchanged += 1; continue }
                _ = try await repository.replace(db, old: old, new: incoming, actor: actor, action: "import")
                counts.updated += 1
            }
            progress("比对", min(start + Self.chunk, rows.count), rows.count)
        }
        guard let columns = fresh.first?.pairs.map(\.0) else {
            return Outcome(inserted: 0, updated: counts.updated, unchanged: counts.unchanged)
        }
        let now = Clock.nowText()
        let rows = fresh.map { entry -> [any SQLExpression] in entry.pairs.map(\.1) + [SQLBind(1), SQLBind(now), SQLBind(now)] }
        // The new ids come back in the order of the rows (BulkInsert), so nothing is read back by key.
        let ids = try await repository.mapConstraintErrors {
            try await BulkInsert.run(db, repository.table, columns + ["version", "created_at", "updated_at"], rows, returning: ["id"])
                .map { try $0.decode(column: "id", as: Int64.self) }
        }
        guard ids.count == fresh.count else { throw StoreError.internalError("导入写入\(ids.count)条，应为\(fresh.count)条") }
        progress("写入", fresh.count / 2, fresh.count)
        try await SearchIndex.insert(db, repository.table, texts: zip(ids, fresh).map { id, entry in
            (id, SearchIndex.texts(R.indexedSearchColumns, in: entry.pairs))
        })
        // New enterprises' credit classes are the model's, computed from the queue right after (RK-3).
        if R.kind == .enterprise { try await CreditClassStore.enqueue(db, ids, cause: "导入新建企业") }
        // The new records are sealed by the import's one audit row (ImportSeal), not one row each.
        var created: [R] = []
        created.reserveCapacity(fresh.count)
        for (id, entry) in zip(ids, fresh) {
            var saved = entry.record
            saved.id = id
            saved.version = 1
            created.append(saved)
        }
        progress("写入", fresh.count, fresh.count)
        counts.inserted = fresh.count
        return Outcome(inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged, created: created)
    }

    /// What an import wrote: the counts, and the records it created as written (for the import's seal).
    struct Outcome: Sendable {
        var inserted = 0, updated = 0, unchanged = 0
        var created: [R] = []
        var changed: Bool { inserted + updated > 0 }
    }

    /// Records whose natural key spans several columns are written one by one.
    func oneByOne(_ db: any SQLDatabase, _ records: [R], actor: AuditActor,
                  progress: Importer.Progress) async throws -> (inserted: Int, updated: Int, unchanged: Int) {
        var counts = (inserted: 0, updated: 0, unchanged: 0)
        for (index, record) in records.enumerated() {
            switch try await repository.upsert(db, record, actor: actor) {
            case .inserted: counts.inserted += 1
            case .updated: counts.updated += 1
            case .unchanged: counts.unchanged += 1
            }
            if index % 500 == 0 { progress("写入", index + 1, records.count) }
        }
        return counts
    }

    /// The natural key as the database holds it: the value the encoder binds for the key column (the record is
    /// encoded for its INSERT anyway, so this costs nothing more).
    static func value(of column: String, in pairs: [(String, any SQLExpression)]) -> String {
        guard let bind = pairs.first(where: { $0.0 == column })?.1 as? SQLBind else { return "" }
        return bind.encodable as? String ?? "\(bind.encodable)"
    }
}
