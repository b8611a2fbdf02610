import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore
import Testing

@Suite("JSON API")
struct APITests {
    @Test func createValidatesWithFieldErrorsAndWritesNothing() async throws {
        try await TestApp.with { app, client in
            let token = try await app.token("city")
            let before = try await app.enterprises(as: "city").count
            let bad = #"{"uscc":"91310114MA1X0000XX","name":"接口企业","address":"路","enterpriseType":"producer","scale":"small","creditClass":"B"}"#
            try await client.execute(uri: "/api/v1/enterprises", method: .post, headers: bearer(token, json: true), body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .badRequest)
                #expect(response.errorField == "uscc")
                #expect(response.errorCode == "invalid")
            }
            try await client.execute(uri: "/api/v1/enterprises", method: .post, headers: bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"name": 5}"#)) { response in
                #expect(response.status == .badRequest, "a body that does not match the document is refused")
            }
            #expect(try await app.enterprises(as: "city").count == before)
            let uscc = USCC.complete("91310114MA1X0000X")
            let good = bad.replacingOccurrences(of: "91310114MA1X0000XX", with: uscc)
            var id: Int64 = 0
            try await client.execute(uri: "/api/v1/enterprises", method: .post, headers: bearer(token, json: true), body: ByteBuffer(string: good)) { response in
                #expect(response.status == .created)
                #expect(response.json["districtCode"] as? String == "310114")
                #expect(response.json["enterpriseType"] as? String == "producer" && response.json["scale"] as? String == "small")
                #expect(response.json["enterpriseTypeLabel"] as? String == "生产" && response.json["scaleLabel"] as? String == "小型",
                        "a code travels with its label")
                id = (response.json["id"] as? NSNumber)?.int64Value ?? 0
            }
            // The API speaks codes: a label is not one of the document's values.
            let labelled = good.replacingOccurrences(of: #""enterpriseType":"producer""#, with: #""enterpriseType":"生产""#)
            try await client.execute(uri: "/api/v1/enterprises", method: .post, headers: bearer(token, json: true), body: ByteBuffer(string: labelled)) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/api/v1/enterprises?enterpriseType=%E7%94%9F%E4%BA%A7&q=\(uscc)", method: .get, headers: bearer(token)) { response in
                let items = response.json["items"] as? [[String: Any]] ?? []
                #expect(items.count == 1, "a filter may name the type by its label")
                #expect(items.first?["enterpriseTypeLabel"] as? String == "生产", "list items carry the labels too")
            }
            try await client.execute(uri: "/api/v1/enterprises", method: .post, headers: bearer(token, json: true), body: ByteBuffer(string: good)) { response in
                #expect(response.status == .conflict)
                #expect(response.errorCode == "duplicate")
            }
            try await client.execute(uri: "/api/v1/enterprises/\(id)", method: .patch, headers: bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"version":1,"name":"接口企业（更名）"}"#)) { response in
                #expect(response.status == .ok)
                #expect(response.json["version"] as? Int == 2)
                #expect(response.json["address"] as? String == "路", "fields not sent are kept")
            }
            try await client.execute(uri: "/api/v1/enterprises/\(id)", method: .patch, headers: bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"version":1,"name":"迟到的修改"}"#)) { response in
                #expect(response.status == .conflict)
                #expect(response.errorCode == "stale_version")
            }
            try await client.execute(uri: "/api/v1/enterprises/\(id)/history", method: .get, headers: bearer(token)) { response in
                let rows = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [[String: Any]] ?? []
                #expect(rows.map { $0["action"] as? String } == ["update", "create"])
            }
        }
    }

    @Test func pagingWithCursor() async throws {
        try await TestApp.with { app, client in
            let token = try await app.token("city")
            var seen: [Int64] = []
            var cursor: String? = nil
            repeat {
                let uri = "/api/v1/enterprises?limit=30" + (cursor.map { "&cursor=\($0)" } ?? "")
                try await client.execute(uri: uri, method: .get, headers: bearer(token)) { response in
                    #expect(response.status == .ok)
                    let items = response.json["items"] as? [[String: Any]] ?? []
                    seen += items.compactMap { ($0["id"] as? NSNumber)?.int64Value }
                    cursor = response.json["nextCursor"] as? String
                }
            } while cursor != nil
            #expect(seen.count == 80 && Set(seen).count == 80)
            try await client.execute(uri: "/api/v1/enterprises?cursor=bogus", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .badRequest)
                #expect(response.errorField == "cursor")
            }
        }
    }

    @Test func rolesAreEnforcedOnWrites() async throws {
        try await TestApp.with { app, client in
            let token = try await app.token("enforce")
            try await client.execute(uri: "/api/v1/products", method: .post, headers: bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"code":"X1","name":"x","categoryMajor":"a","categoryMiddle":"b","nationalKey":false,"shanghaiKey":false,"campaignKey":false,"licenceManaged":false,"ccc":false,"fastTrack":false}"#)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/audit", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func childListsAndHelpers() async throws {
        try await TestApp.with { app, client in
            let token = try await app.token("agency")
            try await client.execute(uri: "/api/v1/products/1/test-items", method: .get, headers: bearer(token)) { response in
                #expect((response.json["total"] as? Int ?? 0) > 0)
            }
            try await client.execute(uri: "/api/v1/uscc/914403001922038217", method: .get, headers: bearer(token)) { response in
                #expect(response.json["valid"] as? Bool == false)
                #expect((response.json["message"] as? String)?.contains("应为“6”") == true)
            }
            try await client.execute(uri: "/api/v1/limit-expressions/evaluate", method: .post, headers: bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"expression":"31.8~33.2","value":"33.3"}"#)) { response in
                #expect(response.json["verdict"] as? String == "fail")
            }
            let admin = try await app.token("admin")
            try await client.execute(uri: "/api/v1/audit/verify", method: .post, headers: bearer(admin)) { response in
                #expect(response.json["intact"] as? Bool == true)
            }
        }
    }

    @Test func aCallerManagesItsOwnTokensAndARevokedOneStopsWorking() async throws {
        try await TestApp.with { app, client in
            let token = try await app.token("agency")
            try await client.execute(uri: "/api/v1/tokens", method: .post, headers: bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"name":"  "}"#)) { r in
                #expect(r.status == .badRequest && r.errorField == "name")
            }
            var minted = ""
            try await client.execute(uri: "/api/v1/tokens", method: .post, headers: bearer(token, json: true),
                                     body: ByteBuffer(string: #"{"name":"夜间同步"}"#)) { r in
                #expect(r.status == .created)
                minted = r.json["token"] as? String ?? ""
            }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(minted)) { #expect($0.status == .ok) }
            var id: Int64 = 0
            try await client.execute(uri: "/api/v1/tokens", method: .get, headers: bearer(token)) { r in
                let rows = (try? JSONSerialization.jsonObject(with: Data(buffer: r.body))) as? [[String: Any]] ?? []
                let row = rows.first { $0["name"] as? String == "夜间同步" }
                #expect(row != nil && row?["token"] == nil, "the list never shows a secret")
                id = (row?["id"] as? NSNumber)?.int64Value ?? 0
            }
            // Another account's token is not found, not revoked.
            let other = try await app.token("city")
            try await client.execute(uri: "/api/v1/tokens/\(id)/revoke", method: .post, headers: bearer(other)) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/tokens/\(id)/revoke", method: .post, headers: bearer(token)) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(minted)) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func theAdministratorCreatesBindsAndDeactivatesAccounts() async throws {
        try await TestApp.with { app, client in
            let admin = try await app.token("admin"), city = try await app.token("city")
            let agencyId = try await app.session("agency").principal.agencyId!
            let body: (String) -> ByteBuffer = { role in
                ByteBuffer(string: #"{"username":"api-agent","displayName":"接口检验员","role":"\#(role)","password":"Pinzhi@2026x","agencyId":\#(agencyId)}"#)
            }
            try await client.execute(uri: "/api/v1/accounts", method: .post, headers: bearer(city, json: true), body: body("agency_user")) {
                #expect($0.status == .forbidden)
            }
            // A district user needs its district: the binding is checked as on the page.
            try await client.execute(uri: "/api/v1/accounts", method: .post, headers: bearer(admin, json: true), body: body("district_supervisor")) { r in
                #expect(r.status == .badRequest && r.errorField == "districtCode")
            }
            var id: Int64 = 0
            try await client.execute(uri: "/api/v1/accounts", method: .post, headers: bearer(admin, json: true), body: body("agency_user")) { r in
                #expect(r.status == .created && r.json["agencyId"] as? Int == Int(agencyId) && r.json["roleLabel"] as? String != nil)
                id = (r.json["id"] as? NSNumber)?.int64Value ?? 0
            }
            try await client.execute(uri: "/api/v1/accounts?q=api-agent", method: .get, headers: bearer(admin)) { r in
                #expect((r.json["items"] as? [[String: Any]])?.count == 1)
            }
            try await client.execute(uri: "/api/v1/accounts/\(id)/deactivate", method: .post, headers: bearer(admin)) { r in
                #expect(r.status == .ok && r.json["active"] as? Bool == false)
            }
            try await client.execute(uri: "/api/v1/accounts/\(id)/reactivate", method: .post, headers: bearer(admin)) { r in
                #expect(r.status == .ok && r.json["active"] as? Bool == true)
            }
        }
    }
}
