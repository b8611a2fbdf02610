import PinzhiDomain
import SQLKit

/// The `<table>_grams` table of a record kind's indexed search columns (SearchGrams): one row per distinct piece
/// and record, rewritten in the transaction of each change to those records. A search for a Chinese fragment reads
/// its rarest piece's rows and checks each record for the rest (MasterRepository.searchDriver), instead of reading
/// every record.
package enum SearchIndex {
    static func table(_ records: String) -> String { "\(records)_grams" }

    /// Writes the pieces of new records from their stored columns.
    package static func add(_ db: any SQLDatabase, _ records: String, columns: [String], ids: [Int64]) async throws {
        guard !columns.isEmpty, !ids.isEmpty else { return }
        var texts: [(id: Int64, texts: [String])] = []
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let chunk = SQLGroupExpression(ids[start..<min(start + 1000, ids.count)].map { SQLBind($0) })
            for row in try await db.select().column("id").columns(columns).from(records).where("id", .in, chunk).all() {
                texts.append((try row.decode(column: "id", as: Int64.self), try columns.compactMap { try row.decode(column: $0, as: String?.self) }))
            }
        }
        try await insert(db, records, texts: texts)
    }

    /// Moves a record's pieces from its old texts to its new ones: only the pieces that differ are deleted or written,
    /// each by the table's key (gram, record_id). No index by record is kept for a delete of all its pieces: at an
    /// import it cost more than the pieces themselves (Migration046). A piece left behind by an older cut is harmless
    /// (a lookup checks each record for the whole term), and one already there is not written twice.
    package static func change(_ db: any SQLDatabase, _ records: String, id: Int64, from old: [String], to new: [String]) async throws {
        let dialect = Dialect.of(db)
        let before = SearchGrams.of(old.map(dialect.lowercased)), after = SearchGrams.of(new.map(dialect.lowercased))
        let gone = before.subtracting(after).sorted(), added = after.subtracting(before).sorted()
        for chunk in stride(from: 0, to: gone.count, by: 500).map({ Array(gone[$0..<min($0 + 500, gone.count)]) }) {
            try await db.delete(from: table(records)).where("record_id", .equal, SQLBind(id)).where("gram", .in, SQLBind.group(chunk)).run()
        }
        for chunk in stride(from: 0, to: added.count, by: 500).map({ Array(added[$0..<min($0 + 500, added.count)]) }) {
            var insert = db.insert(into: table(records)).columns("gram", "record_id").ignoringConflicts()
            for gram in chunk { insert = insert.values(SQLBind(gram), SQLBind(id)) }
            try await insert.run()
        }
    }

    /// A record's indexed texts as its INSERT or UPDATE binds them (a nil column has none).
    package static func texts(_ columns: [String], in pairs: [(String, any SQLExpression)]) -> [String] {
        columns.compactMap { column in
            guard let bind = pairs.first(where: { $0.0 == column })?.1 as? SQLBind else { return nil }
            return bind.encodable as? String
        }
    }

    /// Writes the pieces of new records from their texts as they were just written (an import has them in hand; reading
    /// them back cost a query per thousand records).
    package static func insert(_ db: any SQLDatabase, _ records: String, texts: [(id: Int64, texts: [String])]) async throws {
        let dialect = Dialect.of(db)
        var pieces: [Piece] = []
        for (id, values) in texts { pieces += keys(values, dialect).map { Piece(key: $0, id: id) } }
        try await insert(db, records, pieces: pieces)
    }

    /// A piece of a record as an import holds it until the end: the piece's order key (`orderKey`, from which the
    /// piece is read back) and the record's id, sixteen bytes instead of a string per piece.
    package struct Piece: Sendable {
        var key: UInt64
        var id: Int64
    }

    /// The order keys of a record's distinct pieces (SearchGrams.of), the texts folded as the database's LOWER() folds
    /// the column in the check that follows a lookup. Computed on the scalars, with no string per piece: an import cuts
    /// some twenty-five pieces a record. A piece with a zero byte is left out (a text cannot hold one: RecordBuilder
    /// refuses control characters).
    package static func keys(_ texts: [String], _ dialect: Dialect) -> [UInt64] {
        var out: [UInt64] = []
        for text in texts {
            var previous: (bits: UInt64, count: Int)?
            // SQLite's LOWER() folds ASCII letters only: folded here scalar by scalar rather than through a new string.
            for scalar in (dialect == .sqlite ? text : text.lowercased()).unicodeScalars {
                let current = utf8(dialect == .sqlite && ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 32)! : scalar)
                if let previous, scalar.value != 0 {
                    out.append(previous.bits << UInt64(64 - 8 * previous.count) | current.bits << UInt64(64 - 8 * (previous.count + current.count)))
                }
                previous = scalar.value == 0 ? nil : current
            }
        }
        out.sort()
        var unique: [UInt64] = []
        unique.reserveCapacity(out.count)
        for key in out where key != unique.last { unique.append(key) }
        return unique
    }

    /// A scalar's UTF-8 bytes as a number, the first byte highest, and how many there are.
    static func utf8(_ scalar: Unicode.Scalar) -> (bits: UInt64, count: Int) {
        var bits: UInt64 = 0, count = 0
        for byte in UTF8.encode(scalar)! { bits = bits << 8 | UInt64(byte); count += 1 }
        return (bits, count)
    }

    /// The piece an order key stands for (its bytes up to the first zero).
    static func gram(_ key: UInt64) -> String {
        var bytes: [UInt8] = []
        for shift in stride(from: 56, through: 0, by: -8) {
            let byte = UInt8(truncatingIfNeeded: key >> UInt64(shift))
            if byte == 0 { break }
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Writes pieces of new records, in any order.
    package static func insert(_ db: any SQLDatabase, _ records: String, pieces: [Piece]) async throws {
        var pieces = pieces
        // Written in the key's order: at a million records the pieces' B-tree outgrows the page cache, and rows in the
        // order they were cut land all over it, each page read and written again every few rows.
        pieces.sort { ($0.key, $0.id) < ($1.key, $1.id) }
        for start in stride(from: 0, to: pieces.count, by: 500_000) {
            let chunk = pieces[start..<min(start + 500_000, pieces.count)]
            if Dialect.of(db) == .sqlite {
                // One bind per chunk, unpacked by SQLite: binding two values per piece through SQLKit cost four times
                // what SQLite takes to write the pieces (issue 21 items 2 and 4).
                try await db.raw("""
                    INSERT INTO \(ident: table(records)) (gram, record_id)
                    SELECT k.key, v.value FROM json_each(\(bind: idsByGram(chunk))) k, json_each(k.value) v
                    """).run()
            } else {
                for rows in stride(from: chunk.startIndex, to: chunk.endIndex, by: 100_000) {
                    try await BulkInsert.run(db, table(records), ["gram", "record_id"],
                                             chunk[rows..<min(rows + 100_000, chunk.endIndex)].map { [SQLBind(gram($0.key)), SQLBind($0.id)] })
                }
            }
        }
    }

    /// Sorted pieces as one JSON object, each piece's records under it in order: `{"上海":[1,2],"海嘉":[2]}`.
    static func idsByGram(_ pieces: ArraySlice<Piece>) -> String {
        var json = "{"
        json.reserveCapacity(pieces.count * 8)
        var current: UInt64?
        for piece in pieces {
            if piece.key != current {
                if current != nil { json += "]," }
                json += jsonString(gram(piece.key))
                json += ":["
                current = piece.key
            } else {
                json += ","
            }
            json += String(piece.id)
        }
        return json + (current == nil ? "}" : "]}")
    }

    /// A JSON string literal: quote, backslash and control characters escaped, everything else as it is.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
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
