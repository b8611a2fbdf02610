import Foundation
import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

@Suite("抽取与批次（SC-4至SC-9）")
struct BatchRepositoryTests {
    let city = SpotCheckFixture.city

    func drawn(_ db: PinzhiDatabase, _ f: SpotCheckFixture) async throws -> (DrawRecord, [Batch]) {
        let record = try await DrawRepository(db).commitAndDraw(taskId: f.task.id, reason: nil, publicValue: String(77), today: f.today, as: city)
        var filter = BatchFilter()
        filter.taskId = f.task.id
        return (record, try await BatchRepository(db).list(filter, as: city).rows.filter { $0.drawId == record.id })
    }

    @Test func aCountLimitStopsCountingOnePastIt() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db, batches: 3)
            _ = try await drawn(db, f)
            var filter = BatchFilter()
            filter.taskId = f.task.id
            filter.limit = 1
            #expect(try await BatchRepository(db).list(filter, as: city).total == 3)
            filter.countLimit = 1
            let capped = try await BatchRepository(db).list(filter, as: city)
            #expect(capped.total == 2 && capped.rows.count == 1, "more than the limit, and the page itself unchanged")
            filter.countLimit = 5
            #expect(try await BatchRepository(db).list(filter, as: city).total == 3)
        }
    }

    @Test func theDrawIsStoredVerifiableAndARedrawKeepsTheFirst() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            let draws = DrawRepository(db)
            // A district does not see the city's task: out of scope looks like missing.
            await #expect(throws: StoreError.notFound) {
                _ = try await draws.commitAndDraw(taskId: f.task.id, reason: nil, publicValue: "test", today: f.today, as: TestDatabase.district("310114"))
            }
            await #expect(throws: StoreError.forbidden) {
                _ = try await draws.commitAndDraw(taskId: f.task.id, reason: nil, publicValue: "test", today: f.today, as: f.agencyUser())
            }
            let (first, batches) = try await drawn(db, f)
            #expect(batches.count == 3 && first.algorithm == CommittedDraw.algorithm && first.candidateHash.count == 64 && first.publicValue == "77")
            #expect(batches.allSatisfy { $0.state == .drawn && $0.inspectors.contains("、") && $0.number.hasPrefix("CJ2026-") })
            await #expect(throws: StoreError.self) { _ = try await draws.commitAndDraw(taskId: f.task.id, reason: "", publicValue: "test", today: f.today, as: city) }
            let second = try await draws.commitAndDraw(taskId: f.task.id, reason: "候选名单有误，重新抽取", publicValue: String(78), today: f.today, as: city)
            let all = try await draws.list(taskId: f.task.id)
            #expect(all.map(\.id) == [first.id, second.id] && all[0].supersededBy == second.id)
            var filter = BatchFilter()
            filter.taskId = f.task.id
            let states = try await BatchRepository(db).list(filter, as: city).rows.map(\.state)
            #expect(states.filter { $0 == .cancelled }.count == 3 && states.filter { $0 == .drawn }.count == 3)
            var checks = try await draws.verify()
            #expect(checks.count == 2 && checks.allSatisfy(\.ok))
            // Altering a stored draw is caught, naming the draw.
            try await db.session { sql in try await sql.update("draws").set("seed", to: "79").where("id", .equal, second.id).run() }
            checks = try await draws.verify()
            #expect(checks.first { $0.drawId == second.id }?.ok == false && checks.first { $0.drawId == first.id }?.ok == true)
        }
    }

    @Test func aBatchGoesFromSamplingToClosureWithItsAuditAndDocumentsData() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            let (_, batches) = try await drawn(db, f)
            let repo = BatchRepository(db)
            var b = batches[0]
            let firm = f.enterpriseUser(f.enterprises.first { $0.id == b.enterpriseId }!)
            let agent = f.agencyUser()
            let today = f.today
            b = try await repo.act(b.id, .sample, input: ["sampledOn": "2026-10-20", "sampleName": "电动自行车", "lotNumber": "L1", "quantity": "2辆",
                                                          "backupQuantity": "1辆", "backupSealed": "是", "place": "成品仓库"],
                                   expectedVersion: b.version, today: today, as: agent)
            // The same submission again (a double click) is refused: its version is spent.
            await #expect(throws: StoreError.staleVersion(current: b.version)) {
                _ = try await repo.act(b.id, .sample, input: [:], expectedVersion: b.version - 1, today: today, as: agent)
            }
            let items = try await repo.testItems(b)
            var report = ["reportNumber": "R-1", "signatory": "王工", "reportedOn": "2026-10-25"]
            for (index, item) in items.enumerated() {
                let limit = try LimitExpression.parse(item.limitExpression).get()
                report["item\(item.id)"] = limit.sampleValue(passing: index != 0)
            }
            b = try await repo.act(b.id, .report, input: report, expectedVersion: b.version, today: today, as: agent)
            #expect(b.verdict == .fail && b.failedItems == items[0].name)
            b = try await repo.act(b.id, .deliver, input: ["deliveredOn": "2026-10-27", "method": "直接送达", "recipient": "赵六"],
                                   expectedVersion: b.version, today: today, as: agent)
            #expect(b.objectionDeadline == Day("2026-11-11"))
            await #expect(throws: StoreError.self) {
                _ = try await repo.act(b.id, .object, input: ["reason": "对检验结论有异议，申请复检"], expectedVersion: b.version, today: today, as: firm)
            }
            b = try await repo.act(b.id, .conclude, input: [:], expectedVersion: b.version, today: today, as: city)
            b = try await repo.act(b.id, .publish, input: [:], expectedVersion: b.version, today: today, as: city)
            b = try await repo.act(b.id, .transfer, input: [:], expectedVersion: b.version, today: today, as: city)
            let handler = TestDatabase.district(b.enterpriseDistrict)
            let otherDistrict = TestDatabase.district(b.enterpriseDistrict == "310114" ? "310115" : "310114")
            #expect(try await repo.find(b.id, as: handler) != nil)
            await #expect(throws: StoreError.notFound) {
                _ = try await repo.act(b.id, .receive, input: ["receiver": "某"], expectedVersion: b.version, today: today, as: otherDistrict)
            }
            b = try await repo.act(b.id, .receive, input: ["receiver": "陈杰"], expectedVersion: b.version, today: today, as: handler)
            b = try await repo.act(b.id, .order, input: ["noticeNumber": "责改〔2026〕1号", "deadline": "2026-12-24"], expectedVersion: b.version, today: today, as: handler)
            b = try await repo.act(b.id, .rectify, input: ["report": "已查明原因并完成整改，提交整改报告"], expectedVersion: b.version, today: today, as: firm)
            b = try await repo.act(b.id, .review, input: ["method": "现场复查", "result": "整改合格"], expectedVersion: b.version, today: today, as: handler)
            #expect(b.state == .closed)
            let events = try await repo.events(b.id)
            #expect(events.map(\.action) == ["draw", "sample", "report", "deliver", "conclude", "publish", "transfer", "receive", "order", "rectify", "review"])
            #expect(events[1].data["lotNumber"] == "L1" && events.allSatisfy { $0.rulesVersion >= 1 })
            let audit = try await AuditQueries(db).history(entity: "batch", id: b.id)
            #expect(audit.count == 10)
            // The publication is a snapshot: renaming the enterprise does not change it; tampering shows.
            let enterpriseId = b.enterpriseId
            try await db.session { sql in try await sql.update("enterprises").set("name", to: "改名后公司").where("id", .equal, enterpriseId).run() }
            var search = PublicationStore.Search()
            search.text = b.number
            search.failedOnly = true
            search.district = b.enterpriseDistrict
            #expect(try await PublicationStore(db).list(search).total == 1)
            search.failedOnly = false
            #expect(try await PublicationStore(db).list(search).total == 0)
            let byProduct = try await PublishedRates(db).by(.product, year: 2026)
            #expect(byProduct.map(\.tested) == [1] && byProduct[0].failed == 1 && byProduct[0].label == f.product.name)
            #expect(try await PublishedRates(db).by(.district, year: 2026).map(\.key) == [b.enterpriseDistrict])
            let publication = try await PublicationStore(db).find(batchId: b.id)
            #expect(publication?.snapshot.enterprise == b.enterpriseName && publication?.intact == true)
            try await db.session { sql in try await sql.update("publications").set("snapshot_json", to: "{\"batchNumber\":\"x\",\"product\":\"x\",\"enterprise\":\"x\",\"uscc\":\"x\",\"agency\":\"x\",\"verdict\":\"合格\",\"publishedOn\":\"2026-11-24\"}").run() }
            #expect(try await PublicationStore(db).find(batchId: b.id)?.intact == false)
        }
    }

    @Test func concurrentStepsOnOneBatchApplyOnce() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            let (_, batches) = try await drawn(db, f)
            let b = batches[0]
            let agent = f.agencyUser()
            let input = ["refusedOn": "2026-11-20", "evidence": "企业拒绝抽样并拒绝签字，现场录像取证"]
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        (try? await BatchRepository(db).act(b.id, .refuse, input: input, expectedVersion: b.version, today: f.today, as: agent)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            let leads = try await db.session { sql in
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("leads").first()?.decode(column: "n", as: Int.self)
            }
            #expect(leads == 1)
            // The refusal makes the enterprise a tracking candidate in the next draw.
            let rules = try await RuleRepository(db).effective(on: f.today)
            let window = Draw.historyWindow(DrawRequest(seed: 0, day: f.today, productId: f.task.productId, level: .city, mode: f.task.mode, count: 1, rules: rules))
            let candidates = try await db.session { sql in try await DrawRepository.candidates(sql, task: f.task, year: 2026, window: window) }
            let refuser = candidates.first { $0.enterpriseId == b.enterpriseId }!
            #expect(Draw.isTrackingCandidate(refuser, day: f.today))
        }
    }

    @Test func scopesDecideWhoSeesWhichBatches() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db, batches: 6)
            let (_, batches) = try await drawn(db, f)
            let repo = BatchRepository(db)
            #expect(try await repo.list(BatchFilter(), as: f.agencyUser()).total == 6)
            #expect(try await repo.list(BatchFilter(), as: f.agencyUser(f.otherAgency)).total == 0)
            let e = f.enterprises.first { $0.id == batches[0].enterpriseId }!
            #expect(try await repo.list(BatchFilter(), as: f.enterpriseUser(e)).rows.map(\.enterpriseId) == [e.id])
            let jiading = try await repo.list(BatchFilter(), as: TestDatabase.district("310114")).rows
            #expect(!jiading.isEmpty && jiading.allSatisfy { $0.enterpriseDistrict == "310114" })
            var filter = BatchFilter()
            filter.district = "310115"
            filter.search = "电动车"
            #expect(try await repo.list(filter, as: city).rows.allSatisfy { $0.enterpriseDistrict == "310115" })
        }
    }

    @Test func attachmentsAreTypeCheckedAndStoredByChecksum() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            let (_, batches) = try await drawn(db, f)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pinzhi-att-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let store = AttachmentStore(db, directory: dir)
            let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3])
            await #expect(throws: StoreError.self) { _ = try await store.save(batchId: batches[0].id, filename: "x.exe", data: png, as: f.agencyUser()) }
            await #expect(throws: StoreError.self) { _ = try await store.save(batchId: batches[0].id, filename: "fake.pdf", data: png, as: f.agencyUser()) }
            await #expect(throws: StoreError.notFound) {
                _ = try await store.save(batchId: batches[0].id, filename: "a.png", data: png, as: f.agencyUser(f.otherAgency))
            }
            let saved = try await store.save(batchId: batches[0].id, filename: "现场照片.png", data: png, as: f.agencyUser())
            #expect(saved.contentType == "image/png" && saved.size == png.count)
            let (_, data) = try await store.open(saved.id, as: city)
            #expect(data == png)
            await #expect(throws: StoreError.notFound) { _ = try await store.open(saved.id, as: f.agencyUser(f.otherAgency)) }
        }
    }
}
