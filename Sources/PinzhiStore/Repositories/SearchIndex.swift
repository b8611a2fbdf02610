import PinzhiDomain
import SQLKit

/// The `<table>_grams` table of a record kind's indexed search columns (SearchGrams): one row per distinct piece
/// and record, rewritten in the transaction of each change to those records. A search for a Chinese fragment reads
/// its rarest piece's rows and checks each record for the rest (MasterRepository.searchDriver), instead of reading
/// every record.
package enum SearchIndex {
    static func table(_ records: String) -> String { "\(records)_grams" }

    /// Rewrites the pieces of these records from their stored columns; `new` records have none to remove.
    package static func refresh(_ db: any SQLDatabase, _ records: String, columns: [String], ids: [Int64], new: Bool = false) async throws {
        guard !columns.isEmpty, !ids.isEmpty else { return }
        var texts: [(id: Int64, texts: [String])] = []
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let chunk = SQLGroupExpression(ids[start..<min(start + 1000, ids.count)].map { SQLBind($0) })
            if !new { try await db.delete(from: table(records)).where("record_id", .in, chunk).run() }
            for row in try await db.select().column("id").columns(columns).from(records).where("id", .in, chunk).all() {
                texts.append((try row.decode(column: "id", as: Int64.self), try columns.compactMap { try row.decode(column: $0, as: String?.self) }))
            }
        }
        try await insert(db, records, texts: texts)
    }

    /// Writes the pieces of new records from their texts as they were just written (an import has them in hand; reading
    /// them back cost a query per thousand records).
    package static func insert(_ db: any SQLDatabase, _ records: String, texts: [(id: Int64, texts: [String])]) async throws {
        let dialect = Dialect.of(db)
        var pieces: [(key: UInt64, gram: String, id: Int64)] = []
        for (id, values) in texts {
            // Folded as the database's LOWER() folds the column in the check that follows the lookup.
            pieces += SearchGrams.of(values.map(dialect.lowercased)).map { (orderKey($0), $0, id) }
        }
        // Written in the key's order: at a million records the pieces' B-tree outgrows the page cache, and rows in the
        // order they were cut land all over it, each page read and written again every few rows.
        pieces.sort { ($0.key, $0.id) < ($1.key, $1.id) }
        for start in stride(from: 0, to: pieces.count, by: 100_000) {
            try await BulkInsert.run(db, table(records), ["gram", "record_id"],
                                     pieces[start..<min(start + 100_000, pieces.count)].map { [SQLBind($0.gram), SQLBind($0.id)] })
        }
    }

    /// A piece's UTF-8 bytes as a big-endian number, zero-padded: the order of the databases' binary comparison of
    /// the text (a piece is two Unicode scalars, at most eight bytes, never a zero byte), at the cost of an integer's.
    static func orderKey(_ gram: String) -> UInt64 {
        var key: UInt64 = 0
        var shift = 56
        for byte in gram.utf8 where shift >= 0 {
            key |= UInt64(byte) << UInt64(shift)
            shift -= 8
        }
        return key
    }
}
