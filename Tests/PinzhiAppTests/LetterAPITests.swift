import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore

/// "三书一函" through the API (SPEC EN-3): the city drafts, signs and sends a letter; the enterprise addressed replies
/// from its own account; the city sends it back once, then verifies and closes it 销号. A letter ignored past its
/// deadline is escalated to the next, stronger one. Every refusal on the way changes nothing.
@Suite("三书一函接口：起草、签发、回复、核验、销号与升级")
struct LetterAPITests {
    @discardableResult
    func post<T: Sendable>(_ client: any TestClientProtocol, _ token: String, _ uri: String, _ body: [String: Any],
                           _ check: @escaping @Sendable (TestResponse) throws -> T) async throws -> T {
        try await postJSON(client, token, uri, body, check)
    }

    func act(_ client: any TestClientProtocol, _ token: String, _ id: Int64, _ action: String, version: Int, _ values: [String: String] = [:],
             _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        try await actJSON(client, token, "letters", id, action, version: version, values, check)
    }

    func letter(_ client: any TestClientProtocol, _ token: String, _ id: Int64) async throws -> (status: HTTPResponse.Status, letter: [String: Any], actions: [String], events: Int) {
        try await client.execute(uri: "/api/v1/letters/\(id)", method: .get, headers: bearer(token)) { r in
            let body = r.json
            return (r.status, body["letter"] as? [String: Any] ?? [:], (body["actions"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String },
                    (body["events"] as? [Any])?.count ?? 0)
        }
    }

    @Test func aLetterRunsFromDraftToClosureThroughTheAPI() async throws {
        try await TestApp.with { app, client in
            let city = try await app.token("city"), firm = try await app.token("enterprise"), pudong = try await app.token("pudong")
            let enterpriseId = try #require(try await app.session("enterprise").principal.enterpriseId)
            let today = TestApp.today
            let draft: [String: Any] = ["type": "rectification", "target": "enterprise", "enterpriseId": enterpriseId,
                                        "reason": "监督抽查发现产品不合格，企业未按期整改", "requiredActions": "立即停止销售并书面报告整改情况",
                                        "deadline": today.adding(days: 15).description]
            // Bad input: a deadline already past, a missing enterprise; the issuer only.
            var bad = draft
            bad["deadline"] = today.description
            try await post(client, city, "/api/v1/letters", bad) { r in
                #expect(r.status == .badRequest && r.text.contains("回复期限应晚于今天"), "\(r.text)")
            }
            bad = draft
            bad["enterpriseId"] = nil
            try await post(client, city, "/api/v1/letters", bad) { r in
                #expect(r.status == .badRequest && r.errorField == "enterpriseId")
            }
            try await post(client, firm, "/api/v1/letters", draft) { #expect($0.status == .forbidden) }
            let id: Int64 = try await post(client, city, "/api/v1/letters", draft) { r in
                #expect(r.status == .created && r.json["state"] as? String == "draft" && (r.json["number"] as? String)?.hasPrefix("ZG") == true,
                        "\(r.text)")
                return (r.json["id"] as? Int).map(Int64.init) ?? 0
            }
            #expect(id > 0)
            // A draft is the issuer's own: the enterprise does not see it yet.
            #expect(try await letter(client, firm, id).status == .notFound)
            try await act(client, firm, id, "submit", version: 1) { #expect($0.status == .notFound) }
            try await act(client, city, id, "submit", version: 1) { #expect($0.status == .ok) }
            try await act(client, city, id, "approve", version: 2) { r in
                #expect(r.status == .badRequest && r.text.contains("签发人"), "the signer is required: \(r.text)")
            }
            try await act(client, city, id, "approve", version: 2, ["signer": "王局长"]) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "issued" && r.json["issuedOn"] as? String == today.description)
            }
            try await act(client, city, id, "approve", version: 2, ["signer": "王局长"]) { #expect($0.status == .conflict, "a stale version") }
            // The enterprise sees it on its list with its steps; another district does not see it at all.
            try await client.execute(uri: "/api/v1/letters?open=true", method: .get, headers: bearer(firm)) { r in
                #expect((r.json["items"] as? [[String: Any]])?.contains { ($0["id"] as? Int).map(Int64.init) == id } == true)
            }
            let sent = try await letter(client, firm, id)
            #expect(sent.status == .ok && sent.actions.contains("reply") && !sent.actions.contains("verify"))
            #expect(try await letter(client, pudong, id).status == .notFound)
            try await act(client, firm, id, "reply", version: 3, ["reply": "已整改"]) { r in
                #expect(r.status == .badRequest && r.text.contains("至少10个字"))
            }
            try await act(client, firm, id, "reply", version: 3, ["reply": "已停止销售不合格批次，召回库存并更换供应商"]) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "replied" && r.json["servedOn"] as? String == today.description)
            }
            try await act(client, firm, id, "verify", version: 4, ["result": "pass", "note": "整改到位"]) { #expect($0.status == .forbidden) }
            // Sent back once with a new deadline, replied again, verified, closed.
            try await act(client, city, id, "verify", version: 4, ["result": "fail", "note": "未提供召回记录"]) { r in
                #expect(r.status == .badRequest && r.errorField == "deadline")
            }
            try await act(client, city, id, "verify", version: 4, ["result": "fail", "note": "未提供召回记录", "deadline": today.adding(days: 7).description]) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "served" && r.json["deadline"] as? String == today.adding(days: 7).description)
            }
            try await act(client, firm, id, "reply", version: 5, ["reply": "补充召回记录及供应商更换合同，见附件"]) { #expect($0.status == .ok) }
            try await act(client, city, id, "verify", version: 6, ["result": "pass", "note": "资料齐全，整改到位"]) { #expect($0.status == .ok) }
            try await act(client, city, id, "close", version: 7) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "closed" && r.json["closedOn"] as? String == today.description)
            }
            let closed = try await letter(client, city, id)
            #expect(closed.events == 7 && closed.actions.isEmpty && closed.letter["verificationNote"] as? String == "资料齐全，整改到位")
        }
    }

    @Test func anIgnoredLetterIsEscalatedOnlyAfterItsDeadline() async throws {
        try await TestApp.with { app, client in
            let jiading = try await app.token("jiading")
            let db = app.services.database
            let enterprise = try await db.session { s in
                try await s.raw("SELECT id FROM enterprises WHERE district_code = '310114' ORDER BY id").first()!.decode(column: "id", as: Int64.self)
            }
            let sent = try await EnforcementFixture.sentLetter(app, from: "jiading", to: enterprise, type: .reminder)
            let deadline = TestApp.today.adding(days: 20).description
            try await act(client, jiading, sent.id, "escalate", version: sent.version, ["deadline": deadline]) { r in
                #expect(r.status == .conflict && r.text.contains("未过"), "\(r.text)")
            }
            // The deadline passes without a reply.
            try await db.session { s in
                try await s.raw("UPDATE letters SET deadline = \(bind: TestApp.today.adding(days: -1).description) WHERE id = \(bind: sent.id)").run()
            }
            try await act(client, jiading, sent.id, "escalate", version: sent.version, ["deadline": deadline]) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "escalated" && r.json["overdue"] as? Bool == false, "\(r.text)")
            }
            let old = try await letter(client, jiading, sent.id)
            let next = try #require((old.letter["escalatedTo"] as? Int).map(Int64.init))
            let stronger = try await letter(client, jiading, next)
            #expect(stronger.letter["type"] as? String == "rectification" && stronger.letter["state"] as? String == "draft")
            #expect((stronger.letter["escalatedFrom"] as? Int).map(Int64.init) == sent.id && stronger.letter["deadline"] as? String == deadline)
            #expect((stronger.letter["reason"] as? String)?.contains("逾期") == true && stronger.actions.contains("submit"))
        }
    }
}
