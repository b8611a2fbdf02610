import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore

/// Leads and cases through the API (SPEC EN-1): a refusal becomes a lead, the district files it, the case runs to
/// closure step by step with every refusal on the way; the 转案率 equals a count by hand.
@Suite("执法衔接接口：线索、案件与转案率")
struct EnforcementAPITests {
    func json(_ r: TestResponse) -> [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: r.body))) as? [String: Any] ?? [:] }

    func act(_ client: any TestClientProtocol, _ token: String, _ path: String, _ action: String, version: Int, _ values: [String: String] = [:],
             _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["version": version, "values": values])
        try await client.execute(uri: "/api/v1/\(path)/actions/\(action)", method: .post, headers: bearer(token, json: true), body: ByteBuffer(bytes: body),
                                 testCallback: check)
    }

    @Test func aRefusalBecomesALeadThenACaseThatRunsToClosure() async throws {
        try await TestApp.with { app, client in
            let b = try await APISpotCheckTests.drawnBatch(app)
            let agency = try await app.token("agency"), jiading = try await app.token("jiading"), pudong = try await app.token("pudong")
            let enforce = try await app.token("enforce"), city = try await app.token("city")
            let day = TestApp.today.description
            try await act(client, agency, "batches/\(b.id)", "refuse", version: b.version, ["refusedOn": day, "evidence": "企业负责人拒绝抽样并拒绝在文书上签字"]) {
                #expect($0.status == .ok)
            }
            var leadId: Int64 = 0
            try await client.execute(uri: "/api/v1/leads?source=refusal&state=open", method: .get, headers: bearer(jiading)) { r in
                let items = self.json(r)["items"] as? [[String: Any]] ?? []
                let lead = items.first { ($0["batchId"] as? Int).map(Int64.init) == b.id }
                #expect(lead?["sourceLabel"] as? String == "拒绝监督抽查" && lead?["deadline"] as? String != nil)
                leadId = (lead?["id"] as? Int).map(Int64.init) ?? 0
            }
            #expect(leadId > 0)
            try await client.execute(uri: "/api/v1/leads/\(leadId)", method: .get, headers: bearer(pudong)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/leads/\(leadId)", method: .get, headers: bearer(city)) { r in
                #expect(r.status == .ok && (self.json(r)["actions"] as? [Any])?.isEmpty == true, "the city reads, it does not decide")
            }
            try await act(client, city, "leads/\(leadId)", "file", version: 1) { #expect($0.status == .forbidden) }
            // Bad input changes nothing: the version stays.
            try await act(client, jiading, "leads/\(leadId)", "file", version: 1, ["handler": "district", "article": "art99", "summary": "短"]) { r in
                #expect(r.status == .badRequest)
            }
            var caseId: Int64 = 0
            try await act(client, jiading, "leads/\(leadId)", "file", version: 1,
                          ["handler": "district", "article": "art56", "summary": "企业拒绝接受监督抽查，立案调查"]) { r in
                #expect(r.status == .ok && self.json(r)["state"] as? String == "filed")
            }
            try await act(client, jiading, "leads/\(leadId)", "file", version: 2, ["handler": "district", "article": "art56", "summary": "企业拒绝接受监督抽查，再次立案"]) {
                #expect($0.status == .conflict, "a lead is filed once")
            }
            try await client.execute(uri: "/api/v1/leads/\(leadId)", method: .get, headers: bearer(jiading)) { r in
                caseId = ((self.json(r)["lead"] as? [String: Any])?["caseId"] as? Int).map(Int64.init) ?? 0
            }
            #expect(caseId > 0)
            var version = 1
            for (action, values) in [("investigate", [:]), ("review", ["article": "art56", "goodsValue": "20000", "findings": "拒绝抽查属实"]),
                                     ("notify", ["fine": "30000"]), ("decide", ["fine": "30000", "confiscation": "0", "decidedOn": day]),
                                     ("serve", ["servedOn": day]), ("execute", ["paid": "30000"]), ("close", ["report": "已缴清，结案"])] as [(String, [String: String])] {
                try await act(client, jiading, "cases/\(caseId)", action, version: version, values) { r in
                    #expect(r.status == .ok, "\(action): \(r.text)")
                }
                version += 1
            }
            try await client.execute(uri: "/api/v1/cases/\(caseId)", method: .get, headers: bearer(enforce)) { r in
                let c = self.json(r)["case"] as? [String: Any] ?? [:]
                #expect(c["state"] as? String == "closed" && c["penaltyTotal"] as? Double == 30_000 && c["leadSource"] as? String == "refusal")
                #expect((self.json(r)["events"] as? [Any])?.count == 7)
            }
            try await client.execute(uri: "/api/v1/cases/\(caseId)", method: .get, headers: bearer(pudong)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/cases/\(caseId)/documents/decision", method: .get, headers: try await app.session("jiading").headers) { r in
                #expect(r.status == .ok && r.text.contains("行政处罚决定书") && r.text.contains("30000元"))
            }
            // The case shows on the enterprise's archive, in the page and the API; the enterprise itself does not see it.
            try await client.execute(uri: "/enterprises/\(b.enterpriseId)/archive", method: .get, headers: try await app.session("jiading").headers) { r in
                #expect(r.text.contains("/cases/\(caseId)"))
            }
            try await client.execute(uri: "/api/v1/enterprises/\(b.enterpriseId)/archive", method: .get, headers: bearer(jiading)) { r in
                #expect((r.json["cases"] as? [[String: Any]])?.contains { ($0["id"] as? Int).map(Int64.init) == caseId } == true)
            }
            try await client.execute(uri: "/api/v1/enterprises/\(b.enterpriseId)/archive", method: .get, headers: bearer(try await app.token("enterprise"))) { r in
                #expect(r.status == .ok && (r.json["cases"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test func aLeadEnteredByHandIsValidatedAndScoped() async throws {
        try await TestApp.with { app, client in
            let jiading = try await app.token("jiading")
            let db = app.services.database
            let (own, other) = try await db.session { s in
                (try await s.raw("SELECT id FROM enterprises WHERE district_code = '310114' ORDER BY id").first()!.decode(column: "id", as: Int64.self),
                 try await s.raw("SELECT id FROM enterprises WHERE district_code = '310115' ORDER BY id").first()!.decode(column: "id", as: Int64.self))
            }
            func create(_ body: [String: Any], _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
                try await client.execute(uri: "/api/v1/leads", method: .post, headers: bearer(jiading, json: true),
                                         body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)), testCallback: check)
            }
            try await create(["source": "complaint", "enterpriseId": other, "summary": "消费者投诉产品使用中发热冒烟"]) { r in
                #expect(r.status == .badRequest && r.text.contains("只能为本区企业登记线索"))
            }
            try await create(["source": "complaint", "enterpriseId": own, "summary": "消费者投诉产品使用中发热冒烟", "receivedOn": "2099-01-01"]) { r in
                #expect(r.status == .badRequest && r.text.contains("接收日期不能晚于今天"), "\(r.text)")
            }
            try await create(["source": "complaint", "enterpriseId": own, "summary": "消费者投诉产品使用中发热冒烟"]) { r in
                #expect(r.status == .created && self.json(r)["state"] as? String == "open" && self.json(r)["batchId"] == nil)
            }
            try await client.execute(uri: "/api/v1/leads", method: .post, headers: bearer(try await app.token("city"), json: true),
                                     body: ByteBuffer(string: #"{"source":"complaint","enterpriseId":1,"summary":"消费者投诉产品使用中发热冒烟"}"#)) {
                #expect($0.status == .forbidden, "the city reads leads, it does not enter them")
            }
        }
    }

    /// SPEC EN-2: a serious decision against a licence holder notifies the issuer; the district records the answer
    /// and a revocation reaches the certificate; another district sees nothing, the city reads without acting.
    @Test func aSeriousDecisionNotifiesTheIssuerAndTheAnswerReachesTheLicence() async throws {
        try await TestApp.with { app, client in
            let plain = try await EnforcementFixture.decidedCase(app, district: "pudong")
            let c = try await EnforcementFixture.decidedCase(app, district: "jiading", serious: true)
            let jiading = try await app.token("jiading"), pudong = try await app.token("pudong"), city = try await app.token("city")
            try await client.execute(uri: "/api/v1/issuer-notices?caseId=\(plain.id)", method: .get, headers: bearer(city)) { r in
                #expect(r.json["total"] as? Int == 0, "a decision not marked 情节严重 notifies no one")
            }
            let (id, licence): (Int64, Int64) = try await client.execute(uri: "/api/v1/issuer-notices?caseId=\(c.id)", method: .get, headers: bearer(jiading)) { r in
                let items = r.json["items"] as? [[String: Any]] ?? []
                #expect(r.status == .ok && items.count == 1 && items.first?["state"] as? String == "sent" && items.first?["issuer"] as? String == "上海市市场监督管理局")
                return ((items.first?["id"] as? Int).map(Int64.init) ?? 0, (items.first?["licenceId"] as? Int).map(Int64.init) ?? 0)
            }
            try await client.execute(uri: "/api/v1/issuer-notices/\(id)", method: .get, headers: bearer(pudong)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/issuer-notices/\(id)", method: .get, headers: bearer(city)) { r in
                #expect(r.status == .ok && (r.json["actions"] as? [Any])?.isEmpty == true)
            }
            func answer(_ token: String, _ values: [String: String], _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
                try await client.execute(uri: "/api/v1/issuer-notices/\(id)/actions/answer", method: .post, headers: bearer(token, json: true),
                                         body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["version": 1, "values": values])), testCallback: check)
            }
            try await answer(city, ["measure": "revoked", "answer": "已撤销许可证", "answeredOn": TestApp.today.description]) { #expect($0.status == .forbidden) }
            try await answer(jiading, ["measure": "revoked", "answer": "已撤销许可证", "answeredOn": TestApp.today.adding(days: 1).description]) { r in
                #expect(r.status == .badRequest && r.errorField == "answeredOn")
            }
            // The refused answers changed nothing: the certificate is still valid.
            let status = { @Sendable in
                try await app.services.database.session { s in
                    try await s.raw("SELECT status FROM licences WHERE id = \(bind: licence)").first()!.decode(column: "status", as: String.self)
                }
            }
            #expect(try await status() == "valid")
            try await answer(jiading, ["measure": "revoked", "answer": "发证机关已撤销该企业生产许可证", "answeredOn": TestApp.today.description]) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "answered" && r.json["measure"] as? String == "revoked", "\(r.text)")
            }
            #expect(try await status() == "revoked")
            // The case page lists the notice with its answer.
            try await client.execute(uri: "/cases/\(c.id)", method: .get, headers: try await app.session("jiading").headers) { r in
                #expect(r.text.contains("/issuer-notices/\(id)") && r.text.contains("吊销或撤销证书"))
            }
        }
    }

    /// SPEC EN-1: cases from spot-check leads ÷ (failures + refusals), counted here straight from the tables; and the
    /// monthly form's enforcement columns (CP-5) for the last year, each act on its own day.
    @Test func theCaseTransferRateAndTheEnforcementFiguresEqualACountByHand() async throws {
        try await TestApp.with(demoYear: true) { app, client in
            let year = TestApp.today.year - 1
            let final = BatchState.final.map { "'\($0.rawValue)'" }.joined(separator: ",")
            let spot = LeadSource.allCases.filter(\.fromSpotCheck).map { "'\($0.rawValue)'" }.joined(separator: ",")
            let counted = """
                SELECT b.id FROM batches b JOIN plans p ON p.id = b.plan_id WHERE p.year = \(year)
                  AND (b.state = 'refused' OR (b.verdict = 'fail' AND b.state IN (\(final))))
                """
            let (failed, refused, cases) = try await app.services.database.session { s in
                func count(_ sql: String) async throws -> Int {
                    try await s.raw(SQLQueryString("SELECT COUNT(*) AS n FROM (\(sql)) x")).first()!.decode(column: "n", as: Int.self)
                }
                return (try await count("SELECT b.id FROM batches b JOIN plans p ON p.id = b.plan_id WHERE p.year = \(year) AND b.verdict = 'fail' AND b.state IN (\(final)) AND b.state <> 'refused'"),
                        try await count("SELECT b.id FROM batches b JOIN plans p ON p.id = b.plan_id WHERE p.year = \(year) AND b.state = 'refused'"),
                        try await count("SELECT c.id FROM cases c JOIN leads l ON l.id = c.lead_id WHERE l.source IN (\(spot)) AND l.batch_id IN (\(counted))"))
            }
            #expect(cases > 0 && failed > 0, "the demo year has failures turned into cases")
            try await client.execute(uri: "/api/v1/stats/case-transfer?year=\(year)", method: .get, headers: bearer(try await app.token("city"))) { r in
                let body = self.json(r)
                #expect(r.status == .ok)
                #expect(body["cases"] as? Int == cases && body["failedBatches"] as? Int == failed && body["refusals"] as? Int == refused)
                #expect(abs((body["rate"] as? Double ?? -1) - Double(cases) / Double(failed + refused)) < 1e-9)
                let districts = body["districts"] as? [[String: Any]] ?? []
                #expect(districts.reduce(0) { $0 + ($1["cases"] as? Int ?? 0) } == cases)
            }
            try await client.execute(uri: "/api/v1/stats/case-transfer?year=\(year)", method: .get, headers: bearer(try await app.token("agency"))) {
                #expect($0.status == .forbidden)
            }
            // The drill-down lists the same cases.
            try await client.execute(uri: "/api/v1/cases?fromSpotCheck=true&planYear=\(year)&limit=500", method: .get, headers: bearer(try await app.token("city"))) { r in
                #expect(self.json(r)["total"] as? Int == cases)
            }
            let (from, to) = (TestApp.today.adding(days: -365), TestApp.today)
            let hand = try await app.services.database.session { s in
                func count(_ sql: SQLQueryString) async throws -> Int {
                    try await s.raw(sql).first()!.decode(column: "n", as: Int.self)
                }
                let (f, t) = (from.description, to.description)
                let penalty = try await s.raw("SELECT SUM(COALESCE(fine, 0) + COALESCE(confiscation, 0)) AS n FROM cases WHERE decided_on >= \(bind: f) AND decided_on <= \(bind: t)")
                    .first()!.decode(column: "n", as: Double?.self) ?? 0
                return (filed: try await count("SELECT COUNT(*) AS n FROM cases WHERE filed_on >= \(bind: f) AND filed_on <= \(bind: t)"), penalty: penalty,
                        referred: try await count("SELECT COUNT(*) AS n FROM cases WHERE referred_on >= \(bind: f) AND referred_on <= \(bind: t)"),
                        discipline: try await count("SELECT COUNT(*) AS n FROM cases WHERE discipline_sent_on >= \(bind: f) AND discipline_sent_on <= \(bind: t)"))
            }
            #expect(hand.filed > 0 && hand.penalty > 0 && hand.referred > 0 && hand.discipline > 0, "the demo has fines, a referral and a 行纪衔接")
            try await client.execute(uri: "/api/v1/stats/enforcement?from=\(from)&to=\(to)", method: .get, headers: bearer(try await app.token("enforce"))) { r in
                let total = r.json["total"] as? [String: Any] ?? [:]
                #expect(r.status == .ok && total["cases"] as? Int == hand.filed, "\(r.text)")
                #expect(abs((total["penaltyTotal"] as? Double ?? -1) - hand.penalty) < 0.01)
                #expect(total["judicialReferrals"] as? Int == hand.referred && total["disciplineLinks"] as? Int == hand.discipline)
                let districts = r.json["districts"] as? [[String: Any]] ?? []
                #expect(districts.reduce(0) { $0 + (($1["figures"] as? [String: Any])?["cases"] as? Int ?? 0) } == hand.filed)
            }
            // The months of the dashboard's table add up to its year.
            try await client.execute(uri: "/api/v1/stats/tables/enforcement?year=\(TestApp.today.year)", method: .get, headers: bearer(try await app.token("city"))) { r in
                let rows = (r.json["rows"] as? [[String]]) ?? []
                #expect(rows.count == 13 && rows.last?.first == "全年")
                #expect(rows.dropLast().reduce(0) { $0 + (Int($1[1]) ?? 0) } == Int(rows.last?[1] ?? "") ?? -1)
            }
            for (query, message) in [("from=2026-05-01&to=2026-04-01", "截止日不能早于起始日"), ("from=2026-13-01", "日期格式"), ("to=", "日期格式"), ("from=2024-01-01&to=2026-01-01", "366天")] {
                try await client.execute(uri: "/api/v1/stats/enforcement?\(query)", method: .get, headers: bearer(try await app.token("city"))) { r in
                    #expect(r.status == .badRequest && r.text.contains(message), "\(query): \(r.text)")
                }
            }
        }
    }
}
