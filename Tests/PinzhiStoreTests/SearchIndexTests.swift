import PinzhiDomain
import SQLKit
import PinzhiTestSupport
import Testing
@testable import PinzhiStore

@Suite("企业检索：按两字片段索引（issue 6）")
struct SearchIndexTests {
    static let names = ["上海嘉定精密机械有限公司", "上海浦东精密电缆有限公司", "上海Ａｂ电器厂", "上海AB科技有限公司", "宝山机械厂", "上海精机有限公司"]

    /// What the list must answer: every record one of whose searched columns holds the term, folded as the database
    /// folds it; the index may only make this faster.
    func scan(_ records: [Enterprise], _ term: String, _ dialect: Dialect) -> [Int64] {
        let folded = dialect.lowercased(term)
        return records.filter { e in
            [e.name, e.uscc, e.address, e.cluster ?? ""].contains { dialect.lowercased($0).contains(folded) }
        }.map(\.id).sorted()
    }

    @Test func fragmentsFindWhatAScanFindsAfterCreatesAndEdits() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            var records: [Enterprise] = []
            for (i, name) in Self.names.enumerated() {
                var e = TestDatabase.enterprise(name: name, district: i % 2 == 0 ? "310114" : "310115", index: i)
                if i == 1 { e.cluster = "临港装备产业园" }
                records.append(try await repo.create(e, as: TestDatabase.admin))
            }
            let terms = ["精密", "密机", "精密机械", "机械", "有限公司", "ａｂ", "Ab", "测试路3", "装备", "临港装备产业园", "精", "上海", "没有的", "路1号", "ab"]
            for term in terms {
                let found = try await repo.list(ListQuery(search: term, limit: 100), as: TestDatabase.admin)
                #expect(found.items.map(\.id).sorted() == scan(records, term, db.dialect), "\(term)")
                #expect(found.total == found.items.count)
            }
            // An edit moves the record's pieces with it.
            var edited = records[4]
            edited.name = "宝山齿轮厂"
            edited = try await repo.update(edited, expectedVersion: edited.version, as: TestDatabase.admin)
            records[4] = edited
            for term in ["机械", "齿轮", "宝山齿"] {
                #expect(try await repo.list(ListQuery(search: term, limit: 100), as: TestDatabase.admin).items.map(\.id).sorted() == scan(records, term, db.dialect))
            }
            // Only the pieces that changed were moved, by the table's key: the record holds exactly its new texts' pieces.
            let editedId = edited.id
            let stored = try await db.session { try await $0.raw("SELECT gram FROM enterprises_grams WHERE record_id = \(bind: editedId)").all() }
                .map { try $0.decode(column: "gram", as: String.self) }
            #expect(Set(stored) == SearchGrams.of([edited.name, edited.address].map(db.dialect.lowercased)) && stored.count == Set(stored).count)
            // A district sees only its own among the matches.
            let jiading = try await repo.list(ListQuery(search: "精密", limit: 100), as: TestDatabase.district("310114")).items
            #expect(jiading.map(\.id) == [records[0].id])
        }
    }

    /// A common fragment is counted only up to the limit ("more than"), yet every match is still reached page by page
    /// and by an export, in id order; a rarer one is counted exactly.
    @Test func aCommonFragmentIsCountedUpToTheLimit() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            var records: [Enterprise] = []
            for (i, name) in Self.names.enumerated() {
                records.append(try await repo.create(TestDatabase.enterprise(name: name, district: "310114", index: i), as: TestDatabase.admin))
            }
            let limited = MasterRepository<Enterprise>(db, searchCountLimit: 2)
            let expected = scan(records, "上海", db.dialect)
            #expect(expected.count > 3)
            let first = try await limited.list(ListQuery(search: "上海", limit: 2), as: TestDatabase.admin)
            #expect(first.total == 2 && first.totalIsLowerBound && first.hasNext)
            var seen: [Int64] = []
            try await limited.forEachBatch(ListQuery(search: "上海"), as: TestDatabase.admin, batch: 2) { seen += $0.map(\.id) }
            #expect(seen == expected, "every match, in id order")
            let rare = try await limited.list(ListQuery(search: "精机", limit: 20), as: TestDatabase.admin)
            #expect(rare.total == 1 && !rare.totalIsLowerBound && !rare.hasNext)
            // A longer fragment is read from its rarest piece and checked for the rest.
            #expect(try await limited.list(ListQuery(search: "上海精机", limit: 20), as: TestDatabase.admin).items.map(\.id) == scan(records, "上海精机", db.dialect))
            #expect(try await limited.count(ListQuery(search: "上海"), as: TestDatabase.admin) == 2)
            // The start of a USCC is counted the same way, and listed by code.
            let codes = try await limited.list(ListQuery(search: "91310114", limit: 20), as: TestDatabase.admin)
            #expect(codes.total == 2 && codes.totalIsLowerBound)
            #expect(codes.items.map(\.uscc) == records.map(\.uscc).sorted())
        }
    }

    @Test func theMigrationCutsStoredRecordsAsTheRepositoryDoes() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            for (i, name) in Self.names.enumerated() {
                var e = TestDatabase.enterprise(name: name, district: "310114", index: i)
                e.cluster = i % 2 == 0 ? "嘉定汽车城" : nil
                _ = try await repo.create(e, as: TestDatabase.admin)
            }
            func grams() async throws -> [String] {
                try await db.session { sql in
                    try await sql.select().column("gram").column("record_id").from("enterprises_grams").all()
                        .map { "\(try $0.decode(column: "gram", as: String.self))|\(try $0.decode(column: "record_id", as: Int64.self))" }.sorted()
                }
            }
            let written = try await grams()
            #expect(!written.isEmpty)
            try await db.transaction { sql in
                try await sql.delete(from: "enterprises_grams").run()
                for statement in Migration013EnterpriseSearchGrams.migration.statements(db.dialect).dropFirst(2) {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
            }
            #expect(try await grams() == written)
        }
    }

    /// The pieces are written in the order of this key; it must be the databases' binary order of the text.
    @Test func thePiecesOrderKeyIsTheirByteOrder() {
        let texts = Self.names + ["Ａｂ12", "ab", "a😀", "😀😀", "zz", "中文", "Ω≈", "é́"]
        let grams = Array(SearchGrams.of(texts))
        let byKey = grams.sorted { SearchIndex.orderKey($0) < SearchIndex.orderKey($1) }
        let byBytes = grams.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(byKey == byBytes)
        #expect(Set(grams.map(SearchIndex.orderKey)).count == grams.count)
        // An import cuts the keys straight from the scalars; they are the pieces' keys, and each reads back as its piece.
        for dialect in [Dialect.sqlite, .postgres] {
            for text in texts + ["甲\"乙\\丙\u{1}丁", "ABC中文Def"] {
                let expected = SearchGrams.of([dialect.lowercased(text)]).map(SearchIndex.orderKey).sorted()
                #expect(SearchIndex.keys([text], dialect) == expected, "\(text)")
            }
        }
        #expect(grams.allSatisfy { SearchIndex.gram(SearchIndex.orderKey($0)) == $0 })
    }

    /// SQLite receives an import's pieces as one JSON text: a quote, a backslash or a control character in a name is a
    /// piece like any other, found again by a search.
    @Test func piecesWithQuotesAndBackslashesAreWrittenAsTheyAre() async throws {
        try await TestDatabase.with { db in
            let texts: [(id: Int64, texts: [String])] = [(7, ["甲\"乙\\丙\u{1}丁"]), (8, ["甲\"乙"])]
            try await db.session { try await SearchIndex.insert($0, "enterprises", texts: texts) }
            let stored = try await db.session { try await $0.raw("SELECT gram, record_id FROM enterprises_grams ORDER BY record_id, gram").all() }
                .map { "\(try $0.decode(column: "record_id", as: Int64.self)):\(try $0.decode(column: "gram", as: String.self))" }
            let expected = texts.flatMap { id, t in SearchGrams.of(t.map(db.dialect.lowercased)).map { "\(id):\($0)" } }
            #expect(Set(stored) == Set(expected) && stored.count == expected.count)
            #expect(SearchIndex.idsByGram([]) == "{}")
        }
    }
}
