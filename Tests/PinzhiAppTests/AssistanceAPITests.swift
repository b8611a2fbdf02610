import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore

/// Quality technical assistance through the API (SPEC TA-1 … TA-5): the enterprise orders help for itself, its
/// district draws the experts, each caller sees its own scope; activities name what they cannot find; the 000 table
/// answers as JSON and as the seed's spreadsheet. Every refusal changes nothing.
@Suite("质量技术帮扶：开放接口")
struct AssistanceAPITests {
    func count(_ app: TestApp, _ table: String) async throws -> Int {
        try await app.services.database.session { try await $0.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self) }
    }

    @Test func anEnterpriseOrdersHelpItsDistrictDrawsTheExpertsAndTheTableCountsIt() async throws {
        try await TestApp.with { app, client in
            let enterprise = try await app.token("enterprise"), jiading = try await app.token("jiading"), pudong = try await app.token("pudong")
            let city = try await app.token("city"), enforce = try await app.token("enforce"), expert = try await app.token("expert")
            let request: [String: Any] = ["mode": "checkup", "problems": "希望对供应商管理和出厂检验进行全面体检"]
            // Refusals: a role outside assistance, the bureau without an enterprise, an unknown mode.
            try await postJSON(client, enforce, "/api/v1/assistance-cases", request) { r in #expect(r.status == .forbidden) }
            try await postJSON(client, expert, "/api/v1/assistance-cases", request) { r in #expect(r.status == .forbidden) }
            try await postJSON(client, city, "/api/v1/assistance-cases", request) { r in #expect(r.status == .badRequest && r.errorField == "uscc", "\(r.text)") }
            try await postJSON(client, enterprise, "/api/v1/assistance-cases", ["mode": "sometimes", "problems": "某问题需要帮扶"]) { r in #expect(r.status == .badRequest) }
            #expect(try await count(app, "assistance_cases") == 0)
            #expect(try await count(app, "list_commitments") == 0)
            let (id, version): (Int64, Int) = try await postJSON(client, enterprise, "/api/v1/assistance-cases", request) { r in
                #expect(r.status == .created && r.json["origin"] as? String == "enterprise" && r.json["state"] as? String == "requested", "\(r.text)")
                return (r.json["id"] as? Int64 ?? 0, r.json["version"] as? Int ?? 0)
            }
            #expect(try await count(app, "list_commitments") == 1)
            // Scope: the enterprise's district and the city read it, another district does not.
            try await client.execute(uri: "/api/v1/assistance-cases/\(id)", method: .get, headers: bearer(pudong)) { r in #expect(r.status == .notFound) }
            try await client.execute(uri: "/api/v1/assistance-cases?state=requested", method: .get, headers: bearer(city)) { r in
                #expect(r.status == .ok && r.json["total"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/assistance-cases/\(id)", method: .get, headers: bearer(jiading)) { r in
                let actions = (r.json["actions"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
                #expect(r.status == .ok && actions.contains("assign"), "\(r.text)")
            }
            // 派单: the enterprise may not; the district draws two experts from the committed pool.
            try await actJSON(client, enterprise, "assistance-cases", id, "assign", version: version, ["experts": "2", "publicValue": "1", "publicSource": "x"]) { r in
                #expect(r.status == .forbidden)
            }
            try await actJSON(client, jiading, "assistance-cases", id, "assign", version: version,
                              ["experts": "2", "publicValue": "80417", "publicSource": "体彩排列五第2026321期"]) { r in
                #expect(r.status == .ok && (r.json["experts"] as? [[String: Any]])?.count == 2 && r.json["state"] as? String == "assigned", "\(r.text)")
            }
            #expect(try await ListCommitmentStore.verify(app.services.database).allSatisfy { $0.problem == nil })

            // An activity names the references it cannot find and writes nothing; then it is recorded.
            let codes = try await app.services.database.session { s in
                try await s.raw("SELECT code FROM experts ORDER BY id").all().prefix(2).map { try $0.decode(column: "code", as: String.self) }
            }
            let uscc = try await app.services.database.session { s in
                try await s.raw("SELECT uscc FROM enterprises WHERE district_code = '310114' ORDER BY id").first()!.decode(column: "uscc", as: String.self)
            }
            var activity: [String: Any] = ["kind": "training", "title": "强制性国家标准宣贯培训", "heldOn": TestApp.today.description, "place": "嘉定区市场监管局",
                                           "organisations": ["上海市质量监督检验技术研究院"], "expertCodes": codes + ["NOPE"], "usccs": [uscc]]
            try await postJSON(client, jiading, "/api/v1/assistance-activities", activity) { r in
                #expect(r.status == .badRequest && r.errorField == "experts" && r.text.contains("NOPE"), "\(r.text)")
            }
            try await postJSON(client, expert, "/api/v1/assistance-activities", activity) { r in #expect(r.status == .forbidden) }
            #expect(try await count(app, "assistance_activities") == 0)
            activity["expertCodes"] = codes
            try await postJSON(client, jiading, "/api/v1/assistance-activities", activity) { r in
                #expect(r.status == .created && (r.json["number"] as? String)?.hasPrefix("HD") == true, "\(r.text)")
            }

            // The 000 table: JSON for the city and the district; refused to the enterprise; a bad period is a 400.
            try await client.execute(uri: "/api/v1/assistance/report?from=2026-01-01&to=\(TestApp.today)", method: .get, headers: bearer(jiading)) { r in
                #expect(r.status == .ok && r.json["trainings"] as? Int == 1 && r.json["expertVisits"] as? Int == 2 && r.json["enterprises"] as? Int == 1, "\(r.text)")
                #expect((r.json["columns"] as? [String])?.count == 10 && r.json["district"] as? String == "310114")
            }
            try await client.execute(uri: "/api/v1/assistance/report?district=310115", method: .get, headers: bearer(city)) { r in
                #expect(r.status == .ok && r.json["trainings"] as? Int == 0)
            }
            try await client.execute(uri: "/api/v1/assistance/report?from=2026-12-01&to=2026-01-01", method: .get, headers: bearer(city)) { r in
                #expect(r.status == .badRequest && r.errorField == "from")
            }
            try await client.execute(uri: "/api/v1/assistance/report?district=999999", method: .get, headers: bearer(city)) { r in #expect(r.status == .badRequest) }
            try await client.execute(uri: "/api/v1/assistance/report", method: .get, headers: bearer(enterprise)) { r in #expect(r.status == .forbidden) }
            try await client.execute(uri: "/api/v1/assistance/report?format=xlsx", method: .get, headers: bearer(city)) { r in
                #expect(r.status == .ok && Array(r.body.readableBytesView.prefix(2)) == Array("PK".utf8))
            }

            // 提质强企: the district's list with its suggestions; confirming nothing is refused; the library is the
            // enterprises' to read and the bureau's to write.
            try await client.execute(uri: "/api/v1/assistance-targets", method: .get, headers: bearer(jiading)) { r in
                #expect(r.status == .ok && r.json["district"] as? String == "310114" && r.json["keyProducersTarget"] as? Int == 50, "\(r.text)")
            }
            try await postJSON(client, jiading, "/api/v1/assistance-targets", ["enterpriseIds": [Int64]()]) { r in
                #expect(r.status == .badRequest && r.errorField == "enterprises", "\(r.text)")
            }
            try await client.execute(uri: "/api/v1/assistance-targets", method: .get, headers: bearer(enterprise)) { r in #expect(r.status == .forbidden) }
            let entry: [String: Any] = ["category": "testing", "title": "出厂检验缺项", "problem": "出厂检验只做外观和尺寸检查", "cause": "没有检测设备",
                                        "solution": "委托有资质的检验机构按批检验并留存报告"]
            try await postJSON(client, enterprise, "/api/v1/assistance-library", entry) { r in #expect(r.status == .forbidden) }
            try await postJSON(client, city, "/api/v1/assistance-library", entry) { r in #expect(r.status == .created, "\(r.text)") }
            try await client.execute(uri: "/api/v1/assistance-library?q=出厂检验".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!, method: .get,
                                     headers: bearer(enterprise)) { r in
                #expect(r.status == .ok && r.json["total"] as? Int == 1, "\(r.text)")
            }
        }
    }

    @Test func theSpreadsheetHasTheSeedsHeadersAndMergedCells() throws {
        let report = AssistanceReport.of(activities: [], cases: [], from: Day("2026-01-01")!, to: Day("2026-06-30")!)
        let sheet = report.sheet(unit: "上海市市场监督管理局", from: Day("2026-01-01")!, to: Day("2026-06-30")!, typical: [])
        #expect(sheet.rows[0][0] == "2026年产品质量技术帮扶工作情况统计表" && sheet.rows[2][0] == "覆盖范围" && sheet.rows[2][3] == "活动规模" && sheet.rows[2][7] == "取得成效")
        #expect(sheet.rows[3] == AssistanceReport.groups.flatMap(\.columns) && sheet.rows[5][0] == "典型案例或做法")
        #expect(sheet.rows.allSatisfy { $0.count == 10 } && sheet.merges.contains("A3:C3"))
        let data = try XLSXWriter.data(sheet.rows, sheetName: "统计表", merges: sheet.merges, boldRows: [0, 2, 3])
        let back = try XLSXReader.rows(data)
        #expect(back[3][9] == "为企业提升工业产值（万元）")
    }
}
