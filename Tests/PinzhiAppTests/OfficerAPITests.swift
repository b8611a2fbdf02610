import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore

/// Quality-safety officers through the API and the pages (SPEC EN-4): the enterprise appoints, trains and files its
/// routine and risk-control list from its own account; its district draws an assessment, verifiably, and scores it;
/// the figures follow. Each refusal changes nothing.
@Suite("质量安全人员接口：任命、培训、日管控、风险清单、随机考核与统计")
struct OfficerAPITests {
    @discardableResult
    func send<T: Sendable>(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, _ token: String, _ body: [String: Any]? = nil,
                           _ check: @escaping @Sendable (TestResponse) throws -> T) async throws -> T {
        try await client.execute(uri: uri, method: method, headers: bearer(token, json: body != nil),
                                 body: try body.map { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: $0)) }, testCallback: check)
    }

    @Test func anEnterpriseStaffsItsOfficersFilesItsRoutineAndItsDistrictAssessesThem() async throws {
        try await TestApp.with { app, client in
            let firm = try await app.token("enterprise"), jiading = try await app.token("jiading"), pudong = try await app.token("pudong")
            let city = try await app.token("city")
            let eid = try #require(try await app.session("enterprise").principal.enterpriseId)
            let today = TestApp.today
            // The enterprise makes a licence-managed product: it is in scope.
            try await app.services.database.session { s in
                let product = try await s.raw("SELECT id FROM products WHERE licence_managed = \(bind: true) ORDER BY id").first()!.decode(column: "id", as: Int64.self)
                try await s.raw("""
                    INSERT INTO enterprise_products (enterprise_id, product_id, stage, active, version, created_at, updated_at)
                    SELECT \(bind: eid), \(bind: product), 'production', \(bind: true), 1, 'now', 'now'
                    WHERE NOT EXISTS (SELECT 1 FROM enterprise_products WHERE enterprise_id = \(bind: eid) AND product_id = \(bind: product) AND stage = 'production')
                    """).run()
            }
            let uri = "/api/v1/enterprises/\(eid)/officers"
            try await send(client, .get, uri, jiading) { r in
                #expect(r.status == .ok && r.json["inScope"] as? Bool == true && (r.json["missing"] as? [String])?.contains("officer") == true, "\(r.text)")
                #expect((r.json["flag"] as? String)?.hasPrefix("尚未配备") == true)
            }
            try await send(client, .get, uri, pudong) { #expect($0.status == .notFound) }
            let appoint: [String: Any] = ["role": "officer", "name": "李明", "appointedOn": today.adding(days: -10).description, "appointmentDocument": "质〔2026〕1号"]
            var bad = appoint
            bad["appointedOn"] = today.adding(days: 1).description
            try await send(client, .post, uri, firm, bad) { r in #expect(r.status == .badRequest && r.errorField == "appointedOn" && r.text.contains("不能晚于今天")) }
            let officer: (id: Int64, version: Int) = try await send(client, .post, uri, firm, appoint) { r in
                #expect(r.status == .created && r.json["state"] as? String == "appointed", "\(r.text)")
                return ((r.json["id"] as? Int).map(Int64.init) ?? 0, r.json["version"] as? Int ?? 0)
            }
            var director = appoint
            director["role"] = "director"
            director["name"] = "张总"
            try await send(client, .post, uri, firm, director) { #expect($0.status == .created) }
            try await send(client, .post, uri, firm, director) { r in #expect(r.status == .badRequest && r.text.contains("已有在岗的质量安全总监")) }
            try await send(client, .post, uri, pudong, appoint) { #expect($0.status == .notFound) }
            try await send(client, .get, uri, jiading) { r in
                #expect((r.json["missing"] as? [String])?.isEmpty == true && r.json["flag"] as? String == nil && (r.json["officers"] as? [Any])?.count == 2)
            }
            // The first training is the enterprise's step.
            let act = "/api/v1/officers/\(officer.id)/actions/"
            try await send(client, .post, act + "train", jiading, ["version": officer.version, "values": ["trainedOn": today.description, "hours": "16", "content": "主体责任培训"]]) {
                #expect($0.status == .forbidden)
            }
            try await send(client, .post, act + "train", firm, ["version": officer.version, "values": ["trainedOn": today.description, "hours": "16", "content": "主体责任培训"]]) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "trained" && r.json["trainingHours"] as? Int == 16)
            }
            // Routine: once per day, from the enterprise's account only.
            let routine: [String: Any] = ["kind": "daily", "day": today.description, "officerId": officer.id, "summary": "巡查进货查验与出厂检验记录"]
            try await send(client, .post, "/api/v1/enterprises/\(eid)/routines", jiading, routine) { #expect($0.status == .forbidden) }
            try await send(client, .post, "/api/v1/enterprises/\(eid)/routines", firm, routine) { r in #expect(r.status == .created, "\(r.text)") }
            try await send(client, .post, "/api/v1/enterprises/\(eid)/routines", firm, routine) { r in #expect(r.status == .badRequest && r.text.contains("已填报")) }
            try await send(client, .get, "/api/v1/enterprises/\(eid)/routines?kind=daily", jiading) { r in #expect(r.json["total"] as? Int == 1) }
            // The risk-control list.
            let control: (Int64) = try await send(client, .post, "/api/v1/enterprises/\(eid)/risk-controls", firm,
                                                  ["hazard": "原材料进货", "measure": "每批查验出厂报告并留样", "level": "high", "officerId": officer.id]) { r in
                #expect(r.status == .created && r.json["officerName"] as? String == "李明")
                return (r.json["id"] as? Int).map(Int64.init) ?? 0
            }
            try await send(client, .delete, "/api/v1/enterprises/\(eid)/risk-controls/\(control)?version=1", jiading) { #expect($0.status == .forbidden) }
            try await send(client, .delete, "/api/v1/enterprises/\(eid)/risk-controls/\(control)", firm) { #expect($0.status == .badRequest) }
            try await send(client, .delete, "/api/v1/enterprises/\(eid)/risk-controls/\(control)?version=2", firm) { #expect($0.status == .conflict) }
            try await send(client, .delete, "/api/v1/enterprises/\(eid)/risk-controls/\(control)?version=1", firm) { #expect($0.status == .noContent) }
            try await send(client, .get, "/api/v1/enterprises/\(eid)/risk-controls", firm) { r in #expect((r.json["items"] as? [Any])?.isEmpty == true) }
            // The district draws this quarter's assessment among its officers, once, in two moments (PZ-DRAW-2 §十四): the
            // list is committed, then drawn from a value announced after it; it recomputes.
            let listId: Int64 = try await send(client, .post, "/api/v1/officer-assessment-commitments", jiading, ["period": "2026-Q4", "count": 5]) { r in
                #expect(r.status == .created && r.json["drawn"] as? Bool == false && r.json["verified"] as? Bool == true, "\(r.text)")
                #expect((r.json["text"] as? String)?.hasPrefix("PZ-DRAW-2 list commitment\nkind=officer-assessment\nsubject=310114:2026-Q4") == true)
                #expect(r.json["candidates"] as? Int == 2 && r.json["eligible"] as? Int == 2 && r.json["count"] as? Int == 5)
                return (r.json["id"] as? Int).map(Int64.init) ?? 0
            }
            try await send(client, .post, "/api/v1/officer-assessment-commitments", jiading, ["period": "2026-Q4", "count": 5]) { r in
                #expect(r.status == .conflict && r.text.contains("尚未抽取"))
            }
            try await send(client, .get, "/api/v1/draw-lists/\(listId)", pudong) { #expect($0.status == .notFound) }
            try await send(client, .post, "/api/v1/officer-assessment-commitments/\(listId)/draw", jiading, ["publicValue": "01 02 03 04 05 06 + 07", "publicSource": " "]) { r in
                #expect(r.status == .badRequest && r.text.contains("来源"), "\(r.text)")
            }
            let drawn: (id: Int64, officers: [Int64]) = try await send(client, .post, "/api/v1/officer-assessment-commitments/\(listId)/draw", jiading,
                                                                      ["publicValue": "01 02 03 04 05 06 + 07", "publicSource": "双色球第2026138期"]) { r in
                #expect(r.status == .created && r.json["verified"] as? Bool == true && r.json["scope"] as? String == "310114", "\(r.text)")
                #expect(r.json["algorithm"] as? String == "PZ-DRAW-2" && (r.json["listId"] as? Int).map(Int64.init) == listId)
                let items = r.json["items"] as? [[String: Any]] ?? []
                #expect(items.allSatisfy { $0["districtCode"] as? String == "310114" } && items.count == 2)
                return ((r.json["id"] as? Int).map(Int64.init) ?? 0, items.compactMap { ($0["officerId"] as? Int).map(Int64.init) })
            }
            try await send(client, .get, "/api/v1/draw-lists/\(listId)", city) { r in
                #expect(r.json["drawn"] as? Bool == true && r.json["verified"] as? Bool == true && (r.json["recordId"] as? Int).map(Int64.init) == drawn.id)
                #expect((r.json["resultText"] as? String)?.contains("public-source=双色球第2026138期") == true)
            }
            try await send(client, .post, "/api/v1/officer-assessment-commitments/\(listId)/draw", jiading,
                           ["publicValue": "01 02 03 04 05 06 + 08", "publicSource": "双色球第2026139期"]) { r in
                #expect(r.status == .conflict, "drawn once")
            }
            try await send(client, .post, "/api/v1/officer-assessment-commitments", jiading, ["period": "2026-Q4", "count": 5]) { r in
                #expect(r.status == .badRequest && r.text.contains("不能重复抽取"))
            }
            try await send(client, .post, "/api/v1/officer-assessment-commitments", firm, ["period": "2026-11", "count": 5]) { #expect($0.status == .forbidden) }
            try await send(client, .get, "/api/v1/officer-assessments/\(drawn.id)", pudong) { #expect($0.status == .notFound) }
            // Scored by the district; the enterprise may dismiss only after the score.
            for id in drawn.officers {
                let version: Int = try await send(client, .get, "/api/v1/officers/\(id)", jiading) { r in
                    #expect((r.json["actions"] as? [[String: Any]])?.contains { $0["action"] as? String == "assess" } == true)
                    return (r.json["officer"] as? [String: Any])?["version"] as? Int ?? 0
                }
                try await send(client, .post, "/api/v1/officers/\(id)/actions/dismiss", firm, ["version": version, "values": ["reason": "调岗"]]) { r in
                    #expect(r.status == .conflict && r.text.contains("考核评分后才能免职"))
                }
                try await send(client, .post, "/api/v1/officers/\(id)/actions/assess", jiading,
                               ["version": version, "values": ["score": id == officer.id ? "85" : "50", "assessedOn": today.description, "note": "现场问答"]]) { r in
                    #expect(r.status == .ok && r.json["pendingAssessment"] as? Int == nil && r.json["lastScore"] as? Int != nil, "\(r.text)")
                }
            }
            try await send(client, .get, "/api/v1/stats/officers?year=\(today.year)&district=310114", city) { r in
                let total = r.json["total"] as? [String: Any] ?? [:]
                #expect(total["assessed"] as? Int == 2 && total["passed"] as? Int == 1 && (total["staffed"] as? Int ?? 0) >= 1, "\(r.text)")
            }
            try await send(client, .get, "/api/v1/stats/officers", firm) { #expect($0.status == .forbidden) }
            // The pages: the enterprise's 质量安全 page, and a routine refused in Chinese from its form.
            let session = try await app.session("enterprise")
            try await client.execute(uri: "/safety", method: .get, headers: session.headers) { r in #expect(r.status == .seeOther) }
            try await client.execute(uri: "/enterprises/\(eid)/safety", method: .get, headers: session.headers) { r in
                #expect(r.status == .ok && r.text.contains("李明") && r.text.contains("填报日管控"))
            }
            let (headers, body) = session.form(["kind": "daily", "day": today.description, "summary": "短"])
            try await client.execute(uri: "/enterprises/\(eid)/routines", method: .post, headers: headers, body: body) { r in
                #expect(r.status == .badRequest && r.text.contains("请写明检查情况") && r.text.contains("请选择填报的质量安全人员"))
            }
        }
    }
}
