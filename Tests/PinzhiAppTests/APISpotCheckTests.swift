import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PinzhiApp
import PinzhiDemo
import PinzhiDomain
import PinzhiStore
import PinzhiTestSupport
import Testing

@Suite("JSON API：批次流程的每一步（角色、范围、状态、时限、重复提交）")
struct APISpotCheckTests {
    /// A city task for the demo enterprise's product, accepted by the demo agency and drawn so that every candidate is
    /// picked: the demo enterprise's batch is returned.
    static func drawnBatch(_ app: TestApp) async throws -> Batch {
        let db = app.services.database
        let city = try await app.session("city").principal
        let agency = try await app.session("agency").principal
        let firm = try await app.session("enterprise").principal
        let link = try await MasterRepository<EnterpriseProduct>(db).list(ListQuery(filters: ["enterprise_id": String(firm.enterpriseId!)]), as: city).items[0]
        let items = try await MasterRepository<TestItem>(db).list(ListQuery(filters: ["product_id": String(link.productId)]), as: city).items
        let today = TestApp.today
        let plans = PlanRepository(db)
        var plan = try await plans.create(year: TestApp.today.year, title: "接口测试计划", as: city)
        plan = try await plans.addLine(PlanLine(productId: link.productId, mode: .routine, stage: link.stage, batches: 200, itemIds: items.map { $0.id }),
                                       to: plan.id, expectedVersion: plan.version, as: city)
        for action in [PlanAction.submit, .approve, .issue] {
            plan = try await plans.transition(plan.id, action, expectedVersion: plan.version, today: today, as: city)
        }
        try await TenderFixture.widen(db, agencyId: agency.agencyId!, productId: link.productId, year: plan.year)
        let task = try await TaskRepository(db).assign(planId: plan.id, lineId: plan.lines[0].id, agencyId: agency.agencyId!, batches: 200,
                                                       dueDate: today.adding(days: 30), area: nil, today: today, as: city)
        _ = try await TaskRepository(db).respond(task.id, accept: true, reason: nil, expectedVersion: task.version, today: app.services.today(), as: agency)
        _ = try await DrawRepository(db).commitAndDraw(taskId: task.id, reason: nil, publicValue: "test", today: today, as: city)
        var filter = BatchFilter()
        filter.enterpriseId = firm.enterpriseId
        return try await BatchRepository(db).list(filter, as: city).rows[0]
    }

    func post(_ client: any TestClientProtocol, _ token: String, _ batch: Int64, _ action: String, version: Int, _ values: [String: String],
              _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["version": version, "values": values])
        try await client.execute(uri: "/api/v1/batches/\(batch)/actions/\(action)", method: .post, headers: bearer(token, json: true),
                                 body: ByteBuffer(bytes: body), testCallback: check)
    }

    @Test func everyStepIsCheckedForRoleScopeStateTimeAndRepetition() async throws {
        try await TestApp.with { app, client in
            let b = try await Self.drawnBatch(app)
            let agency = try await app.token("agency"), firm = try await app.token("enterprise"), city = try await app.token("city")
            let pudong = try await app.token("pudong")
            let sample = ["sampledOn": TestApp.today.adding(days: -10).description, "sampleName": "样品", "lotNumber": "L1", "quantity": "6件",
                          "backupQuantity": "3件", "backupSealed": "是", "place": "仓库"]
            // Wrong role: the enterprise cannot sample itself.
            try await post(client, firm, b.id, "sample", version: b.version, sample) { #expect($0.status == .forbidden) }
            // Wrong scope: another district does not see the batch at all.
            try await post(client, pudong, b.id, "sample", version: b.version, sample) { #expect($0.status == .notFound) }
            // Wrong state: no report before sampling.
            try await post(client, agency, b.id, "report", version: b.version, [:]) { r in
                #expect(r.status == .conflict && r.errorCode == "invalid_state")
            }
            // Bad input names the field and writes nothing.
            try await post(client, agency, b.id, "sample", version: b.version, ["sampledOn": "明天"]) { r in
                #expect(r.status == .badRequest && r.errorField == "sampledOn")
            }
            try await post(client, agency, b.id, "sample", version: b.version, sample) { #expect($0.status == .ok) }
            // The same request again is refused: its version is spent.
            try await post(client, agency, b.id, "sample", version: b.version, sample) { r in
                #expect(r.status == .conflict && r.errorCode == "stale_version")
            }
            var detail: [String: Any] = [:]
            try await client.execute(uri: "/api/v1/batches/\(b.id)", method: .get, headers: bearer(agency)) { r in detail = r.json }
            let batch = detail["batch"] as? [String: Any] ?? [:]
            let actions = (detail["actions"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
            #expect(batch["state"] as? String == "sampled" && actions == ["report"])
            let fields = ((detail["actions"] as? [[String: Any]])?.first?["fields"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
            let items = try await BatchRepository(app.services.database).testItems(b)
            var report = ["reportNumber": "API-1", "signatory": "王工", "reportedOn": TestApp.today.adding(days: -5).description]
            for (index, item) in items.enumerated() {
                #expect(fields.contains("item\(item.id)"))
                report["item\(item.id)"] = try LimitExpression.parse(item.limitExpression).get().sampleValue(passing: index != 0)
            }
            var version = 2
            try await post(client, agency, b.id, "report", version: version, report) { r in
                #expect(r.status == .ok && r.json["verdict"] as? String == "fail")
            }
            version += 1
            let delivered = ["deliveredOn": TestApp.today.adding(days: -2).description, "method": "直接送达", "recipient": "赵六"]
            try await post(client, agency, b.id, "deliver", version: version, b.stage == .production ? delivered : delivered.merging(["producerNotified": "是"]) { $1 }) { r in
                #expect(r.status == .ok && r.json["objectionDeadline"] as? String == TestApp.today.adding(days: 13).description)
            }
            version += 1
            // Concluding before the period ends is refused; the enterprise objects in time.
            try await post(client, city, b.id, "conclude", version: version, [:]) { #expect($0.status == .conflict) }
            try await post(client, firm, b.id, "object", version: version, ["reason": "检测方法与产品执行标准不一致，申请复检"]) { #expect($0.status == .ok) }
            version += 1
            // The witness (纪检) registers its secret's hash for the recheck draw from its own account; no one else may.
            let witness = try await app.token("jijian")
            let secret = "jijian-recheck-secret"
            try await client.execute(uri: "/api/v1/witness/awaiting", method: .get, headers: bearer(witness)) { r in
                #expect((r.json["items"] as? [[String: Any]])?.contains { $0["subject"] as? String == "batch:\(b.id)" } == true, "\(r.text)")
            }
            let registration = ["subject": "batch:\(b.id)", "hash": CommittedDraw.sha256(secret)]
            try await client.execute(uri: "/api/v1/witness/registrations", method: .post, headers: bearer(city, json: true),
                                     body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: registration))) { #expect($0.status == .forbidden) }
            let registrationId: Int64 = try await client.execute(uri: "/api/v1/witness/registrations", method: .post, headers: bearer(witness, json: true),
                                                                 body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: registration))) { r in
                #expect(r.status == .created && r.json["state"] as? String == "registered", "\(r.text)")
                return (r.json["id"] as? NSNumber)?.int64Value ?? 0
            }
            try await post(client, city, b.id, "acceptObjection", version: version, [:]) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "rechecking")
                #expect(r.json["recheckAgencyId"] as? NSNumber == nil, "the agencies are committed first, drawn after")
            }
            version += 1
            // The draw needs the value announced after the commitment and its source: a structured 400 without it.
            try await post(client, city, b.id, "drawRecheckAgency", version: version, ["publicValue": "01 02 03 04 05 06 + 07"]) { r in
                #expect(r.status == .badRequest)
            }
            // The commitment took the witness's hash in: the draw waits for the witness to reveal its secret.
            let lottery = ["publicValue": "01 02 03 04 05 06 + 07", "publicSource": "中国福利彩票双色球第2026138期开奖号码"]
            try await post(client, city, b.id, "drawRecheckAgency", version: version, lottery) { r in
                #expect(r.status == .conflict && r.text.contains("见证人尚未公开秘密值"), "\(r.text)")
            }
            try await client.execute(uri: "/api/v1/witness/registrations/\(registrationId)/reveal", method: .post, headers: bearer(witness, json: true),
                                     body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["secret": "wrong-secret"]))) { r in
                #expect(r.status == .badRequest && r.text.contains("不符"), "\(r.text)")
            }
            try await client.execute(uri: "/api/v1/witness/registrations/\(registrationId)/reveal", method: .post, headers: bearer(witness, json: true),
                                     body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["secret": secret]))) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "revealed" && r.json["commitmentHash"] as? String != nil)
            }
            try await post(client, city, b.id, "drawRecheckAgency", version: version, lottery) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "rechecking")
                #expect((r.json["recheckAgencyId"] as? NSNumber)?.int64Value != b.agencyId, "never the first agency")
            }
            version += 1
            let list = try await ListCommitmentStore.latest(app.services.database, kind: .recheckAgency, recordId: b.id)
            #expect(list?.isDrawn == true && list?.text.hasPrefix("PZ-DRAW-2 list commitment\nkind=recheck-agency") == true)
            #expect(list?.witnessHash == CommittedDraw.sha256(secret) && list?.witnessSecret == secret && list?.resultText?.contains("witness-secret=\(secret)") == true)
            // The first agency cannot give the recheck result; the drawn one can, from its own account.
            try await post(client, agency, b.id, "recheckResult", version: version, ["outcome": "推翻原结论", "reportNumber": "FJ-1"]) { r in
                #expect(r.status == .forbidden || r.status == .notFound)
            }
            let rechecked = try await BatchRepository(app.services.database).find(b.id, as: app.session("city").principal)!
            let recheckToken = try await Self.agencyToken(app, rechecked.recheckAgencyId!)
            try await post(client, recheckToken, b.id, "recheckResult", version: version, ["outcome": "overturned", "reportNumber": "FJ-1"]) { r in
                #expect(r.status == .ok && r.json["verdict"] as? String == "pass" && r.json["costBearer"] as? String == "原承检机构")
                #expect(r.json["recheckOutcome"] as? String == "overturned" && r.json["recheckOutcomeLabel"] as? String == "推翻原结论")
            }
            // A passing result has no post-handling.
            try await post(client, city, b.id, "transfer", version: version + 1, [:]) { #expect($0.status == .conflict) }
            let recheckDraws = try await DrawRepository(app.services.database).list(taskId: b.taskId).filter { $0.purpose == "recheck" }
            #expect(recheckDraws.count == 1 && recheckDraws[0].batchId == b.id)
            try await client.execute(uri: "/api/v1/draws/\(recheckDraws[0].id)/verify", method: .get, headers: bearer(city)) { r in
                #expect(r.json["ok"] as? Bool == true, "a recheck draw verifies too")
            }
        }
    }

    @Test func listsAreScopedAndFiltered() async throws {
        try await TestApp.with { app, client in
            let b = try await Self.drawnBatch(app)
            let firm = try await app.token("enterprise"), city = try await app.token("city"), expert = try await app.token("expert")
            try await client.execute(uri: "/api/v1/batches", method: .get, headers: bearer(firm)) { r in
                let items = r.json["items"] as? [[String: Any]] ?? []
                #expect(items.count == 1 && (items[0]["id"] as? NSNumber)?.int64Value == b.id)
            }
            try await client.execute(uri: "/api/v1/batches?state=drawn&district=\(b.enterpriseDistrict)&limit=2", method: .get, headers: bearer(city)) { r in
                let items = r.json["items"] as? [[String: Any]] ?? []
                #expect(items.count <= 2 && items.allSatisfy { $0["enterpriseDistrict"] as? String == b.enterpriseDistrict })
            }
            try await client.execute(uri: "/api/v1/batches", method: .get, headers: bearer(expert)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/draws/\(b.drawId)/verify", method: .get, headers: bearer(city)) { r in
                #expect(r.json["ok"] as? Bool == true)
            }
        }
    }

    static func agencyToken(_ app: TestApp, _ agencyId: Int64) async throws -> String {
        let org = try await app.services.organisations.ensure(code: "AG-T\(agencyId)", name: "复检机构", kind: .testingAgency, districtCode: nil, actor: .system())
        let account = try await app.services.accounts.create(
            Account(username: "recheck\(agencyId)", displayName: "复检机构检验员", role: .agencyUser, organisationId: org.id, agencyId: agencyId),
            password: DemoDataSeeder.password, actor: .system(), by: nil)
        return try await app.services.tokens.create(accountId: account.id, name: "test", actor: .system())
    }

    @Test func aResultsFileWithAnUnknownBatchIsRefusedWholeWithItsRowErrors() async throws {
        try await TestApp.with { app, client in
            let b = try await Self.drawnBatch(app)
            let agency = try await app.token("agency"), city = try await app.token("city")
            let csv = "批次编号,报告编号,授权签字人,报告日期\nNO-SUCH-BATCH,R-1,张伟,\(app.services.today())\n"
            var headers = bearer(agency)
            headers[.contentType] = "application/octet-stream"
            try await client.execute(uri: "/api/v1/tasks/\(b.taskId)/results", method: .post, headers: headers, body: ByteBuffer(string: csv)) { r in
                #expect(r.status == .unprocessableContent && r.json["imported"] as? Int == 0)
                let errors = r.json["errors"] as? [[String: Any]] ?? []
                #expect(errors.contains { $0["row"] as? Int == 2 }, "\(errors)")
            }
            var cityHeaders = bearer(city)
            cityHeaders[.contentType] = "application/octet-stream"
            try await client.execute(uri: "/api/v1/tasks/\(b.taskId)/results", method: .post, headers: cityHeaders, body: ByteBuffer(string: csv)) { r in
                #expect(r.status == .forbidden)
            }
            #expect(try await BatchRepository(app.services.database).find(b.id, as: app.session("city").principal)?.state == .drawn)
        }
    }

    @Test func anAttachmentIsUploadedListedAndDownloadedWithinScope() async throws {
        try await TestApp.with { app, client in
            let b = try await Self.drawnBatch(app)
            let agency = try await app.token("agency"), enforce = try await app.token("enforce")
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64)
            var headers = bearer(agency)
            headers[.contentType] = "application/octet-stream"
            try await client.execute(uri: "/api/v1/batches/\(b.id)/attachments?name=note.txt", method: .post, headers: headers,
                                     body: ByteBuffer(bytes: png)) { r in
                #expect(r.status == .badRequest && r.errorField == "file")
            }
            var id: Int64 = 0
            try await client.execute(uri: "/api/v1/batches/\(b.id)/attachments?name=%E6%8A%BD%E6%A0%B7%E7%8E%B0%E5%9C%BA.png", method: .post,
                                     headers: headers, body: ByteBuffer(bytes: png)) { r in
                #expect(r.status == .created && r.json["filename"] as? String == "抽样现场.png" && r.json["contentType"] as? String == "image/png")
                id = (r.json["id"] as? NSNumber)?.int64Value ?? 0
            }
            var enforceHeaders = bearer(enforce)
            enforceHeaders[.contentType] = "application/octet-stream"
            try await client.execute(uri: "/api/v1/batches/\(b.id)/attachments?name=x.png", method: .post, headers: enforceHeaders,
                                     body: ByteBuffer(bytes: png)) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/api/v1/batches/\(b.id)/attachments", method: .get, headers: bearer(agency)) { r in
                let rows = (try? JSONSerialization.jsonObject(with: Data(buffer: r.body))) as? [[String: Any]] ?? []
                #expect(rows.map { ($0["id"] as? NSNumber)?.int64Value } == [id])
            }
            try await client.execute(uri: "/api/v1/attachments/\(id)", method: .get, headers: bearer(agency)) { r in
                #expect(r.status == .ok && Array(buffer: r.body) == png)
            }
        }
    }

    @Test func theArchiveListsTheEnterprisesChecksForItselfAndItsSupervisors() async throws {
        try await TestApp.with { app, client in
            let b = try await Self.drawnBatch(app)
            for user in ["enterprise", "city", "jiading"] {
                try await client.execute(uri: "/api/v1/enterprises/\(b.enterpriseId)/archive", method: .get, headers: bearer(try await app.token(user))) { r in
                    #expect(r.status == .ok, "\(user)")
                    let numbers = (r.json["batches"] as? [[String: Any]])?.compactMap { $0["number"] as? String } ?? []
                    #expect(numbers.contains(b.number) && (r.json["enterprise"] as? [String: Any])?["uscc"] as? String == b.enterpriseUscc, "\(user)")
                }
            }
            try await client.execute(uri: "/api/v1/enterprises/\(b.enterpriseId)/archive", method: .get, headers: bearer(try await app.token("pudong"))) {
                #expect($0.status == .notFound, "another district's enterprise is not found")
            }
        }
    }

    @Test func aBatchsDocumentsReadAsTheirPrintablePages() async throws {
        try await TestApp.with(demoYear: true) { app, client in
            let city = try await app.session("city")
            var filter = BatchFilter()
            filter.states = [.closed]
            filter.limit = 1
            let b = try await BatchRepository(app.services.database).list(filter, as: city.principal).rows[0]
            let token = try await app.token("city")
            try await client.execute(uri: "/api/v1/batches/\(b.id)/documents/sampling-record", method: .get, headers: bearer(token)) { r in
                #expect(r.status == .ok && r.json["batchNumber"] as? String == b.number && r.json["title"] as? String == "产品质量监督抽查抽样单")
                let rows = r.json["rows"] as? [[String: Any]] ?? []
                #expect(rows.contains { $0["label"] as? String == "受检单位" && $0["value"] as? String == b.enterpriseName })
            }
            let page = try await client.execute(uri: "/batches/\(b.id)/documents/sampling-record", method: .get, headers: city.headers)
            #expect(page.text.contains(b.enterpriseName), "the page shows the same document")
            try await client.execute(uri: "/api/v1/batches/\(b.id)/documents/sampling-record", method: .get, headers: bearer(try await app.token("expert"))) {
                #expect($0.status == .notFound)
            }
        }
    }

    @Test func theBatchListAndTheAuditLogExportWithTheirFiltersAsThePagesDo() async throws {
        try await TestApp.with(demoYear: true) { app, client in
            let city = try await app.session("city")
            let token = try await app.token("city")
            var filter = BatchFilter()
            filter.states = [.closed]
            let district = try await BatchRepository(app.services.database).list(filter, as: city.principal).rows[0].enterpriseDistrict
            filter.district = district
            let total = try await BatchRepository(app.services.database).list(filter, as: city.principal).total
            func lines(_ r: TestResponse) -> [String] { r.text.split(separator: "\r\n").map(String.init) }
            try await client.execute(uri: "/api/v1/batches/export?state=closed&district=\(district)", method: .get, headers: bearer(token)) { r in
                #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(r.headers[.contentDisposition]?.contains("filename=\"batches.csv\"") == true)
                let rows = lines(r)
                #expect(rows.first == "\u{FEFF}" + BatchExport.header.joined(separator: ","))
                #expect(rows.count == total + 1, "every batch of the filter, no more")
            }
            let page = try await client.execute(uri: "/batches/export?format=csv&state=closed&district=\(district)", method: .get, headers: city.headers)
            #expect(lines(page).count == total + 1, "the page's download has the same rows")
            try await client.execute(uri: "/api/v1/batches/export?format=xlsx&state=closed&district=\(district)", method: .get, headers: bearer(token)) { r in
                #expect(r.status == .ok && Array(buffer: r.body).prefix(2) == [0x50, 0x4B], "a workbook (zip)")
                #expect(r.headers[.contentDisposition]?.contains("filename=\"batches.xlsx\"") == true)
            }
            try await client.execute(uri: "/api/v1/batches/export?open=true&state=closed", method: .get, headers: bearer(token)) { r in
                #expect(r.status == .ok && lines(r).count == 1, "a selection that matches nothing gives the header alone")
            }
            // PostgreSQL text cannot hold U+0000: a clear 400 before the download starts, never a cut-off stream; SQLite
            // can, and simply matches nothing.
            for uri in ["/api/v1/batches/export?district=a%00b", "/api/v1/batches?district=a%00b", "/batches/export?format=csv&district=a%00b"] {
                try await client.execute(uri: uri, method: .get, headers: uri.hasPrefix("/api") ? bearer(token) : city.headers) { r in
                    #expect(r.status == .ok || r.status == .badRequest, "\(uri): \(r.status)")
                    if r.status == .badRequest && uri.hasPrefix("/api") { #expect(r.text.contains("U+0000")) }
                    if r.status == .ok && uri.contains("export") { #expect(lines(r).count == 1) }
                }
            }
            try await client.execute(uri: "/api/v1/batches/export?format=pdf", method: .get, headers: bearer(token)) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/api/v1/batches/export", method: .get, headers: bearer(try await app.token("expert"))) { #expect($0.status == .forbidden) }

            let admin = try await app.token("admin")
            let logged = try await app.services.audit.page(entity: "batch", actor: nil, limit: 1, offset: 0).total
            try await client.execute(uri: "/api/v1/audit/export?entity=batch", method: .get, headers: bearer(admin)) { r in
                #expect(r.status == .ok && lines(r).first == "\u{FEFF}" + AuditExport.header.joined(separator: ","))
                #expect(lines(r).count == logged + 1, "every entry of the filter, past the first page of 2,000")
            }
            try await client.execute(uri: "/api/v1/audit/export", method: .get, headers: bearer(token)) { #expect($0.status == .forbidden) }
        }
    }

    @Test func anEnterpriseReadsItsDrawProofsAndEachLeadsToThePublishedRoot() async throws {
        try await TestApp.with(demoYear: true) { app, client in
            var checked = 0
            try await client.execute(uri: "/api/v1/draw-proofs", method: .get, headers: bearer(try await app.token("enterprise"))) { r in
                #expect(r.status == .ok)
                let items = (try? JSONSerialization.jsonObject(with: Data(buffer: r.body))) as? [[String: Any]] ?? []
                #expect(!items.isEmpty, "the demo enterprise was a candidate of public draws")
                for item in items {
                    let path = ((item["path"] as? String) ?? "").split(separator: ",").map { step in
                        MerkleTree.Step(sibling: String(step.dropFirst(2)), left: step.hasPrefix("L:"))
                    }
                    let leaf = MerkleTree.leafHash(salt: Hex.decode(item["salt"] as? String ?? "") ?? [], text: item["leafText"] as? String ?? "")
                    #expect(MerkleTree.verify(leaf: leaf, path: path, root: Hex.decode(item["root"] as? String ?? "") ?? []))
                    checked += 1
                }
            }
            #expect(checked > 0)
            try await client.execute(uri: "/api/v1/draw-proofs", method: .get, headers: bearer(try await app.token("city"))) { #expect($0.status == .forbidden) }
        }
    }
}
