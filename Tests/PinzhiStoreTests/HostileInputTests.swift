import Foundation
import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
import ZIPFoundation
@testable import PinzhiStore

/// Hostile input at the store (issue 7 item 3): formulas in exports, zip bombs and traversal in XLSX, disguised or
/// out-of-scope uploads, SQL in text, and Unicode edge cases in Chinese names. Each is refused with a clear
/// message or stored verbatim, and a refusal writes nothing.
@Suite("恶意输入")
struct HostileInputTests {
    /// A step's input is stored as JSON written by hand (WorkflowEvents.dataJSON): whatever a user types reads back
    /// exactly, and the text is what JSONEncoder would accept as JSON.
    @Test func stepInputStoredAsJSONReadsBackExactly() throws {
        let input = ["reason": "引号\"与反斜杠\\，换行\n回车\r制表\t", "note": "控制\u{01}字符\u{1F}与𠀀、😀、／全角", "": "空键", "z": "", "a/b": "</script>"]
        let text = WorkflowEvents.dataJSON(input)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(text.utf8)) == input)
        #expect(WorkflowEvents.dataJSON([:]) == "{}")
        #expect(WorkflowEvents.dataJSON(["b": "2", "a": "1"]) == #"{"a":"1","b":"2"}"#)
    }

    @Test func exportsNeutraliseFormulas() {
        let text = String(decoding: CSVWriter.data([["=1+1", "+SUM(A1)", "-cmd|' /C calc'!A0", "@x", "-2", "\tx", "正常"]]), as: UTF8.self)
        #expect(text == "\u{FEFF}'=1+1,'+SUM(A1),'-cmd|' /C calc'!A0,'@x,-2,'\tx,正常\r\n")
    }

    static func zip(_ entries: [(String, Int)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, size) in entries {
            let chunk = Data(count: 1 << 20)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate) { position, length in
                chunk.prefix(min(length, size - Int(position)))
            }
        }
        return archive.data!
    }

    @Test func aZipBombAndATraversalNameInAnXLSXAreRefusedAndNothingIsWritten() async throws {
        try await TestDatabase.with { db in
            let before = try await MasterRepository<Enterprise>(db).list(ListQuery(limit: 1), as: TestDatabase.admin).total
            let bomb = try Self.zip([("xl/worksheets/sheet1.xml", XLSXReader.maxUnpackedBytes + (1 << 20))])
            #expect(bomb.count < 2 << 20, "the bomb is small on the wire")
            let report = try await Importer(db).run(.enterprises, data: bomb, actor: .system("test"))
            #expect(!report.committed && report.issues.first?.message.contains("超过") == true)
            let traversal = try Self.zip([("../../etc/cron.d/x", 10), ("xl/workbook.xml", 10)])
            let second = try await Importer(db).run(.enterprises, data: traversal, actor: .system("test"))
            #expect(!second.committed && second.issues.first?.message == TableFileError.notASpreadsheet.message)
            #expect(try await MasterRepository<Enterprise>(db).list(ListQuery(limit: 1), as: TestDatabase.admin).total == before)
        }
    }

    @Test func disguisedUploadsAndOutOfScopeUploadsWriteNothing() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db, batches: 2)
            _ = try await DrawRepository(db).commitAndDraw(taskId: f.task.id, reason: nil, publicValue: String(1), today: f.today, as: SpotCheckFixture.city)
            var filter = BatchFilter()
            filter.taskId = f.task.id
            let b = try await BatchRepository(db).list(filter, as: SpotCheckFixture.city).rows[0]
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinzhi-att-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let store = AttachmentStore(db, directory: dir)
            let html = Data("<html><script>alert(1)</script></html>".utf8)
            for (name, data, message) in [("photo.png", html, "不符"), ("run.exe", Data([0x4D, 0x5A]), "只接受"), ("empty.pdf", Data(), "为空"),
                                          ("big.jpg", Data([0xFF, 0xD8, 0xFF]) + Data(count: AttachmentStore.maxBytes), "超过")] {
                await #expect(throws: StoreError.self, "\(name)") { try await store.save(batchId: b.id, filename: name, data: data, as: f.agencyUser()) }
                do { _ = try await store.save(batchId: b.id, filename: name, data: data, as: f.agencyUser()) } catch StoreError.invalid(let failure) {
                    #expect(failure.errors.first?.message.contains(message) == true, "\(name): \(failure.errors.first?.message ?? "")")
                }
            }
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
            // An enterprise that does not own the batch learns nothing and no file is written.
            let stranger = f.enterpriseUser(f.enterprises.first { $0.id != b.enterpriseId }!)
            await #expect(throws: StoreError.notFound) { try await store.save(batchId: b.id, filename: "x.png", data: png, as: stranger) }
            let written = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            #expect(written.isEmpty, "nothing is written for a refused upload")
            // A traversal name is reduced to its last part and the file lands under its checksum inside the directory.
            let saved = try await store.save(batchId: b.id, filename: "../../etc/passwd.png", data: png, as: f.agencyUser())
            #expect(saved.filename == "passwd.png")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == [Hashing.sha256(png)])
            #expect(try await store.list(batchId: b.id).count == 1)
        }
    }

    @Test func sqlInTextIsDataAndUnicodeNamesRoundTrip() async throws {
        try await TestDatabase.with { db in
            let repo = MasterRepository<Enterprise>(db)
            var names = ["上海'; DROP TABLE enterprises; --有限公司", "上海ＡＢＣ１２３全角有限公司", "上海Cafe\u{301}咖啡有限公司", "上海\"引号\"<b>有限公司"]
            names.append("上海" + String(repeating: "龘", count: 40) + "有限公司")
            for (index, name) in names.enumerated() {
                var e = Enterprise()
                e.uscc = USCC.complete("91310114" + String(700_000_000 + index))
                e.name = name
                e.districtCode = "310114"
                e.address = "上海市嘉定区' OR '1'='1路\(index)号"
                e.enterpriseType = .producer
                e.scale = .small
                let saved = try await repo.create(e, as: TestDatabase.admin)
                #expect(try await repo.find(saved.id, as: TestDatabase.admin)?.name == name, "stored verbatim")
            }
            #expect(try await repo.list(ListQuery(search: "' OR 1=1 --", limit: 50), as: TestDatabase.admin).total == 0)
            #expect(try await repo.list(ListQuery(search: "ＡＢＣ１２３", limit: 50), as: TestDatabase.admin).total == 1)
            #expect(try await repo.list(ListQuery(search: "e\u{301}咖啡", limit: 50), as: TestDatabase.admin).total == 1)
            #expect(try await repo.list(ListQuery(search: "%", limit: 50), as: TestDatabase.admin).total == 5, "a bare % is not a wildcard")
            #expect(try await db.session { try await $0.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("enterprises").first()?
                .decode(column: "n", as: Int.self) } == 5)
        }
    }
}
