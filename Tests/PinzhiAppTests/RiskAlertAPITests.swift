import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore

/// Risk alerts (SPEC RK-5) through the API and the portal: a district drafts a 消费提示 from a risk item and submits
/// it; the city returns it once, the district revises and resubmits, the city approves; only then does it reach the
/// portal and the open API, and a withdrawal takes it off again. A 风险提示 is published inside only. Every refusal on
/// the way changes nothing.
@Suite("风险提示与消费提示：起草、审核发布、撤回与公众门户")
struct RiskAlertAPITests {
    @discardableResult
    func post<T: Sendable>(_ client: any TestClientProtocol, _ token: String, _ uri: String, _ body: [String: Any],
                           _ check: @escaping @Sendable (TestResponse) throws -> T) async throws -> T {
        try await postJSON(client, token, uri, body, check)
    }

    func act(_ client: any TestClientProtocol, _ token: String, _ id: Int64, _ action: String, version: Int, _ values: [String: String] = [:],
             _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        try await actJSON(client, token, "alerts", id, action, version: version, values, check)
    }

    func publicTitles(_ client: any TestClientProtocol) async throws -> [String] {
        try await client.execute(uri: "/api/v1/public/alerts", method: .get) { r in
            (r.json["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        }
    }

    @Test func aConsumerAlertIsReviewedBeforeThePublicSeesItAndLeavesWhenWithdrawn() async throws {
        try await TestApp.with { app, client in
            let city = try await app.token("city"), pudong = try await app.token("pudong"), enforce = try await app.token("enforce")
            let district = try await app.session("pudong").principal
            let product = try await app.services.database.session { try await $0.raw("SELECT code FROM products ORDER BY id").first()!.decode(column: "code", as: String.self) }
            let item = try await RiskItemRepository(app.services.database).create(
                .init(source: .complaint, productCode: product, districtCode: district.districtCode, hazard: .fire, userGroup: .children, severity: 3,
                      probability: "1/2000", evidence: "消费者投诉儿童电动玩具充电时外壳发烫冒烟", reporter: "12315热线", reportedOn: nil),
                today: TestApp.today, as: district)
            let draft: [String: Any] = ["type": "consumer", "title": "儿童电动玩具充电安全消费提示", "riskItemId": item.id,
                                        "content": "近期有消费者投诉儿童电动玩具充电时外壳发烫冒烟，存在起火和烫伤风险。",
                                        "advice": "请在成人看护下为玩具充电，使用原配充电器，充满及时断电。"]
            // Bad input and the wrong callers change nothing.
            var bad = draft
            bad["content"] = "太短"
            try await post(client, pudong, "/api/v1/alerts", bad) { r in #expect(r.status == .badRequest && r.errorField == "content", "\(r.text)") }
            bad = draft
            bad["type"] = "risk"
            try await post(client, pudong, "/api/v1/alerts", bad) { r in #expect(r.status == .badRequest && r.errorField == "audience", "\(r.text)") }
            bad = draft
            bad["riskItemId"] = 999_999
            try await post(client, pudong, "/api/v1/alerts", bad) { r in #expect(r.status == .badRequest && r.errorField == "riskItem", "\(r.text)") }
            try await post(client, enforce, "/api/v1/alerts", draft) { r in #expect(r.status == .forbidden) }
            let count = try await app.services.database.session { try await $0.raw("SELECT COUNT(*) AS n FROM risk_alerts").first()!.decode(column: "n", as: Int.self) }
            #expect(count == 0)

            let id: Int64 = try await post(client, pudong, "/api/v1/alerts", draft) { r in
                #expect(r.status == .created && r.json["state"] as? String == "draft" && (r.json["number"] as? String)?.hasPrefix("XFTS") == true, "\(r.text)")
                #expect(r.json["productName"] as? String == item.productName && r.json["riskItemNumber"] as? String == item.number)
                return (r.json["id"] as? Int).map(Int64.init) ?? 0
            }
            // The district submits; 执法总队 does not see a draft under review; the district cannot approve its own.
            try await act(client, pudong, id, "submit", version: 1) { r in #expect(r.status == .ok && r.json["state"] as? String == "review", "\(r.text)") }
            try await client.execute(uri: "/api/v1/alerts/\(id)", method: .get, headers: bearer(enforce)) { r in #expect(r.status == .notFound) }
            try await act(client, pudong, id, "approve", version: 2, ["approver": "王芳"]) { r in #expect(r.status == .forbidden, "\(r.text)") }
            #expect(try await publicTitles(client).isEmpty)
            // Returned with a reason, revised, resubmitted, approved.
            try await act(client, city, id, "return", version: 2, ["reason": "请补充充电器要求"]) { r in #expect(r.json["state"] as? String == "draft", "\(r.text)") }
            try await act(client, pudong, id, "revise", version: 3, ["title": "儿童电动玩具充电安全消费提示", "content": draft["content"] as! String,
                                                                    "advice": "请在成人看护下为玩具充电，只使用原配或有3C认证标志的充电器，充满及时断电。"]) { r in
                #expect(r.status == .ok && (r.json["advice"] as? String)?.contains("3C") == true, "\(r.text)")
            }
            try await act(client, pudong, id, "submit", version: 4) { r in #expect(r.status == .ok) }
            try await act(client, city, id, "approve", version: 5, ["approver": "王敏", "opinion": "同意发布"]) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "published" && r.json["publishedOn"] as? String == TestApp.today.description, "\(r.text)")
            }
            // Now the portal and the open API show it, without the internal fields.
            #expect(try await publicTitles(client) == ["儿童电动玩具充电安全消费提示"])
            try await client.execute(uri: "/api/v1/public/alerts/\(id)", method: .get) { r in
                #expect(r.status == .ok && r.json["riskItemId"] == nil && r.json["approver"] == nil && r.json["issuer"] as? String == "浦东新区市场监督管理局")
            }
            try await client.execute(uri: "/public/alerts", method: .get) { r in #expect(r.status == .ok && r.text.contains("/public/alerts/\(id)")) }
            try await client.execute(uri: "/public/alerts/\(id)", method: .get) { r in #expect(r.status == .ok && r.text.contains("3C认证")) }
            // The printable document and the timeline.
            let s = try await app.session("city")
            try await client.execute(uri: "/alerts/\(id)/document", method: .get, headers: s.headers) { r in
                #expect(r.status == .ok && r.text.contains("XFTS") && r.text.contains("广大消费者"))
            }
            try await client.execute(uri: "/api/v1/alerts/\(id)", method: .get, headers: bearer(city)) { r in
                #expect((r.json["events"] as? [Any])?.count == 5 && (r.json["actions"] as? [[String: Any]])?.compactMap { $0["action"] as? String } == ["withdraw"])
            }
            // Withdrawn: gone from the portal, still in the bureau's list.
            try await act(client, city, id, "withdraw", version: 6, ["reason": "短"]) { r in #expect(r.status == .badRequest) }
            try await act(client, city, id, "withdraw", version: 6, ["reason": "企业已召回涉事批次，提示撤回"]) { r in #expect(r.json["state"] as? String == "withdrawn") }
            #expect(try await publicTitles(client).isEmpty)
            try await client.execute(uri: "/public/alerts/\(id)", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/api/v1/alerts?state=withdrawn", method: .get, headers: bearer(enforce)) { r in #expect(r.json["total"] as? Int == 1) }
        }
    }

    @Test func aRiskAlertIsPublishedInsideOnly() async throws {
        try await TestApp.with { app, client in
            let city = try await app.token("city")
            let id: Int64 = try await post(client, city, "/api/v1/alerts", ["type": "risk", "audience": "regulators", "title": "灭火器焊缝缺陷风险提示", "nationalScope": true,
                                                                         "content": "某企业生产的手提式灭火器筒体焊缝存在缺陷，加压时可能爆裂，产品已销往外省市。",
                                                                         "advice": "各区局督促下架涉事批次并跟踪召回进度。"]) { r in
                #expect(r.status == .created && (r.json["number"] as? String)?.hasPrefix("FXTS") == true, "\(r.text)")
                return (r.json["id"] as? Int).map(Int64.init) ?? 0
            }
            try await act(client, city, id, "submit", version: 1) { _ in }
            try await act(client, city, id, "approve", version: 2, ["approver": "王敏"]) { r in
                #expect(r.json["state"] as? String == "published", "\(r.text)")
            }
            let events = try await WorkflowEvents.list(app.services.database, RiskAlertKind.self, id: id)
            #expect(events.last?.summary.contains("报告市场监管总局") == true && events.last?.summary.contains("内部发布") == true)
            #expect(try await publicTitles(client).isEmpty)
            try await client.execute(uri: "/public/alerts/\(id)", method: .get) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/api/v1/public/alerts/\(id)", method: .get) { r in #expect(r.status == .notFound) }
        }
    }

    /// A published 消费提示, and what must never reach the public: a published 风险提示, a 消费提示 under review and a
    /// withdrawn one (for the portal's confidentiality crawl).
    static func scene(_ app: TestApp) async throws -> (published: RiskAlert, hidden: [RiskAlert]) {
        let db = app.services.database
        let city = try await app.session("city").principal
        let store = WorkflowStore<RiskAlertRepository>(db)
        func alert(_ type: AlertType, _ title: String, reaching state: AlertState) async throws -> RiskAlert {
            var a = try await RiskAlertRepository(db).create(.init(type: type, audience: type == .risk ? .industry : nil, title: title,
                                                                   content: "\(title)：内部研判认为存在较高风险，涉及企业正在整改，详情见风险信息。",
                                                                   advice: "\(title)：请相关单位按要求处置。", productCode: nil, riskItemId: nil,
                                                                   nationalScope: false), today: TestApp.today, as: city)
            a = try await store.act(a.id, .submit, input: [:], expectedVersion: a.version, today: TestApp.today, as: city)
            if state == .review { return a }
            a = try await store.act(a.id, .approve, input: ["approver": "王敏"], expectedVersion: a.version, today: TestApp.today, as: city)
            if state == .published { return a }
            return try await store.act(a.id, .withdraw, input: ["reason": "测试：提示撤回，不再公开显示"], expectedVersion: a.version, today: TestApp.today, as: city)
        }
        let published = try await alert(.consumer, "公开的消费提示甲", reaching: .published)
        return (published, [try await alert(.risk, "内部风险提示乙", reaching: .published), try await alert(.consumer, "审核中的消费提示丙", reaching: .review),
                            try await alert(.consumer, "撤回的消费提示丁", reaching: .withdrawn)])
    }
}
