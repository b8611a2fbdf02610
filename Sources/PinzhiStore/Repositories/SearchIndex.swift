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
        let dialect = Dialect.of(db)
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let chunk = SQLGroupExpression(ids[start..<min(start + 1000, ids.count)].map { SQLBind($0) })
            if !new { try await db.delete(from: table(records)).where("record_id", .in, chunk).run() }
            var rows: [[any SQLExpression]] = []
            for row in try await db.select().column("id").columns(columns).from(records).where("id", .in, chunk).all() {
                let id = try row.decode(column: "id", as: Int64.self)
                // Folded as the database's LOWER() folds the column in the check that follows the lookup.
                let texts = try columns.compactMap { try row.decode(column: $0, as: String?.self) }
                    .map(dialect.lowercased)
                rows += SearchGrams.of(texts).map { [SQLBind($0), SQLBind(id)] }
            }
            try await BulkInsert.run(db, table(records), ["gram", "record_id"], rows)
        }
    }
}
