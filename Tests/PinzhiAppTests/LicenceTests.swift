import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore

/// Licences and CCC certificates as records of the enterprise (SPEC EN-2): entered and corrected through the API,
/// imported by the holder's USCC, listed on the enterprise, and warned of on the workbench before they expire.
@Suite("许可证与认证证书")
struct LicenceTests {
    @Test func aLicenceIsEnteredImportedListedOnItsEnterpriseAndWarnedOfBeforeItExpires() async throws {
        try await TestApp.with { app, client in
            let city = try await app.token("city")
            let firm = try await app.session("enterprise")
            let enterpriseId = firm.principal.enterpriseId!
            let today = TestApp.today
            func post(_ uri: String, _ body: [String: Any], _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
                try await client.execute(uri: uri, method: .post, headers: bearer(city, json: true),
                                         body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)), testCallback: check)
            }
            let licence: [String: Any] = ["enterpriseId": enterpriseId, "licenceKind": "production", "number": "沪xk13-001-00001", "productUnit": "电线电缆",
                                          "issuer": "上海市市场监督管理局", "issuedOn": today.adding(days: 10).description,
                                          "expiresOn": today.adding(days: 5).description, "status": "valid"]
            try await post("/api/v1/licences", licence) { r in
                #expect(r.status == .badRequest && r.text.contains("有效期至应晚于发证日期"))
            }
            var fixed = licence
            fixed["issuedOn"] = today.adding(days: -1800).description
            try await post("/api/v1/licences", fixed) { r in
                #expect(r.status == .created && r.json["number"] as? String == "沪XK13-001-00001" && r.json["licenceKindLabel"] as? String == "工业产品生产许可证")
            }
            try await post("/api/v1/licences", fixed) { #expect($0.status == .conflict, "the same number twice") }
            let uscc = try await app.enterprises(as: "city").first { $0.id == enterpriseId }!.uscc
            let csv = Licence.fields.map(\.label).joined(separator: ",") + "\n"
                + "\(uscc),ccc,2026010100000001,电线电缆,中国质量认证中心,\(today.adding(days: -300)),\(today.adding(days: 400)),有效\n"
                + "91310000XXXXXXXXXX,强制性产品认证（CCC）证书,2026010100000002,电线电缆,中国质量认证中心,,\(today.adding(days: 400)),有效\n"
            try await client.execute(uri: "/api/v1/imports/licences", method: .post,
                                     headers: [.authorization: "Bearer \(city)", .contentType: "application/octet-stream"], body: ByteBuffer(string: csv)) { r in
                #expect(r.status == .unprocessableContent && r.json["committed"] as? Bool == false && r.text.contains("未找到统一社会信用代码为91310000XXXXXXXXXX的企业"), "an unknown holder is reported and nothing is written: \(r.text)")
            }
            try await client.execute(uri: "/api/v1/imports/licences", method: .post,
                                     headers: [.authorization: "Bearer \(city)", .contentType: "application/octet-stream"],
                                     body: ByteBuffer(string: String(csv.split(separator: "\n").prefix(2).joined(separator: "\n")))) { r in
                #expect(r.status == .ok && r.json["inserted"] as? Int == 1, "\(r.text)")
            }
            try await client.execute(uri: "/api/v1/enterprises/\(enterpriseId)/licences", method: .get, headers: bearer(try await app.token("enterprise"))) { r in
                let numbers = (r.json["items"] as? [[String: Any]])?.compactMap { $0["number"] as? String } ?? []
                #expect(Set(numbers).isSuperset(of: ["沪XK13-001-00001", "2026010100000001"]))
            }
            try await client.execute(uri: "/", method: .get, headers: firm.headers) { r in
                #expect(r.text.contains("张许可证或CCC证书将在90日内到期"), "the holder is warned on its workbench")
            }
            try await post("/api/v1/licences", fixed) { _ in }
            try await client.execute(uri: "/api/v1/licences", method: .post, headers: bearer(try await app.token("jiading"), json: true),
                                     body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: fixed))) {
                #expect($0.status == .forbidden, "licences are recorded by the city")
            }
        }
    }

    @Test func expiryIsWarnedOfNinetyDaysAheadForValidLicencesOnly() {
        var l = Licence()
        l.expiresOn = "2027-03-03"
        #expect(l.expiry(on: Day("2026-12-03")!) == .expiring)
        #expect(l.expiry(on: Day("2026-12-02")!) == nil)
        #expect(l.expiry(on: Day("2027-03-04")!) == .expired)
        l.status = .revoked
        #expect(l.expiry(on: Day("2027-03-04")!) == nil)
    }
}
