import PinzhiDomain
import SQLKit

/// Writes an import's checked records inside the caller's transaction, a slice at a time, in a few statements per
/// thousand rows: existing records looked up by natural key (`Lookup`), new ones inserted with multi-row INSERTs and
/// sealed by the import's one audit row (ImportSeal). Changed records go through `replace`, one by one with their
/// before and after, as a form edit would; unchanged ones are left alone.
struct BulkUpsert<R: MasterRecord> {
    /// A checked record as its INSERT binds it, with its natural key as text (what duplicates are found by). A class, so
    /// that handing a row on (checked, sorted out, written) costs one reference count instead of one per field.
    final class Row: Sendable {
        let key: String
        let record: R
        let pairs: [(String, any SQLExpression)]

        init(key: String, record: R, pairs: [(String, any SQLExpression)]) {
            self.key = key
            self.record = record
            self.pairs = pairs
        }
    }

    let repository: MasterRepository<R>
    static var chunk: Int { 500 }

    /// Encodes a record once for both its natural key and its INSERT (the key read from the binds, not by reflection:
    /// this runs for every row of an import).
    static func row(_ record: R) throws -> Row {
        let pairs = try MasterRepository<R>.encoder.encode(record).filter { $0.0 != "id" && $0.0 != "version" }
        return Row(key: R.naturalKey.map { value(of: $0, in: pairs) }.joined(separator: "|"), record: record, pairs: pairs)
    }

    /// How an import's slices find the records already stored under their keys, chosen once per import (inside its
    /// transaction) by how many records the table holds against how many the file brings: into an empty table nothing
    /// is looked up; into one not much larger than the file, its keys are read once and only the rows whose key is
    /// among them are looked up; else every row is looked up by key, a chunk at a time. Looking every row up cost a
    /// query per 500 rows, most of an import into a new table (issue 21 item 4).
    enum Lookup: Sendable {
        case none
        case among(Set<String>)
        case each
    }

    func lookup(_ db: any SQLDatabase, incoming: Int) async throws -> Lookup {
        guard R.naturalKey.count == 1, let key = R.naturalKey.first else { return .each }
        let stored = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(repository.table)
            .first()?.decode(column: "n", as: Int.self) ?? 0
        if stored == 0 { return .none }
        if stored > 4 * incoming { return .each }
        var keys = Set<String>(minimumCapacity: stored)
        for row in try await db.select().column(SQLIdentifier(key)).from(repository.table).all() {
            keys.insert(try row.decode(column: key, as: String.self))
        }
        return .among(keys)
    }

    /// What one slice of an import wrote: the counts, the records it created as written (for the import's seal), and
    /// their search pieces (written together at the end of the import, in the pieces' order).
    struct Written: Sendable {
        var inserted = 0, updated = 0, unchanged = 0
        var created: [R] = []
        var pieces: [SearchIndex.Piece] = []
    }

    /// Writes one slice of an import's checked rows inside the caller's transaction.
    func write(_ db: any SQLDatabase, _ rows: [Row], lookup: Lookup, actor: AuditActor) async throws -> Written {
        guard R.naturalKey.count == 1, let key = R.naturalKey.first else {
            let counts = try await oneByOne(db, rows.map(\.record), actor: actor)
            return Written(inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged)
        }
        let wanted: [String]
        switch lookup {
        case .none: wanted = []
        case .among(let keys): wanted = rows.map(\.key).filter(keys.contains)
        case .each: wanted = rows.map(\.key)
        }
        let encoder = MasterRepository<R>.encoder
        var stored: [String: R] = [:]
        for start in stride(from: 0, to: wanted.count, by: Self.chunk) {
            let keys = Array(wanted[start..<min(start + Self.chunk, wanted.count)])
            for record in try await db.select().column("*").from(repository.table).where(SQLIdentifier(key), .in, SQLBind.group(keys)).all()
                .map(repository.decode) {
                stored[Self.value(of: key, in: try encoder.encode(record))] = record
            }
        }
        var written = Written()
        var fresh: [Row] = []
        for row in rows {
            guard let old = stored[row.key] else { fresh.append(row); continue }
            var incoming = row.record
            incoming.active = old.active
            incoming.id = old.id
            incoming.version = old.version
            incoming.keepComputed(from: old)
            if incoming == old { written.unchanged += 1; continue }
            _ = try await repository.replace(db, old: old, new: incoming, actor: actor, action: "import")
            written.updated += 1
        }
        guard let columns = fresh.first?.pairs.map(\.0) else { return written }
        let now = Clock.nowText()
        let values = fresh.map { entry -> [any SQLExpression] in entry.pairs.map(\.1) + [SQLBind(1), SQLBind(now), SQLBind(now)] }
        // The new ids come back in the order of the rows (BulkInsert), so nothing is read back by key.
        let ids = try await repository.mapConstraintErrors {
            try await BulkInsert.run(db, repository.table, columns + ["version", "created_at", "updated_at"], values, returning: ["id"])
                .map { try $0.decode(column: "id", as: Int64.self) }
        }
        guard ids.count == fresh.count else { throw StoreError.internalError("导入写入\(ids.count)条，应为\(fresh.count)条") }
        if !R.indexedSearchColumns.isEmpty {
            let dialect = Dialect.of(db)
            let texts = zip(ids, fresh).map { id, entry in (id, SearchIndex.texts(R.indexedSearchColumns, in: entry.pairs)) }
            written.pieces = try await Slices.mapSlices(texts) { slice in
                slice.flatMap { id, texts in SearchIndex.keys(texts, dialect).map { SearchIndex.Piece(key: $0, id: id) } }
            }
        }
        // New enterprises' credit classes are the model's, computed from the queue right after (RK-3).
        if R.kind == .enterprise { try await CreditClassStore.enqueue(db, ids, cause: "导入新建企业") }
        // The new records are sealed by the import's one audit row (ImportSeal), not one row each.
        written.created.reserveCapacity(fresh.count)
        for (id, entry) in zip(ids, fresh) {
            var saved = entry.record
            saved.id = id
            saved.version = 1
            written.created.append(saved)
        }
        written.created.sort { $0.id < $1.id }
        written.inserted = fresh.count
        return written
    }

    /// Records whose natural key spans several columns are written one by one.
    func oneByOne(_ db: any SQLDatabase, _ records: [R], actor: AuditActor) async throws -> (inserted: Int, updated: Int, unchanged: Int) {
        var counts = (inserted: 0, updated: 0, unchanged: 0)
        for record in records {
            switch try await repository.upsert(db, record, actor: actor) {
            case .inserted: counts.inserted += 1
            case .updated: counts.updated += 1
            case .unchanged: counts.unchanged += 1
            }
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
