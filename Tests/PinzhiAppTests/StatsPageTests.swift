import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore
import Testing

@Suite("统计分析页面")
struct StatsPageTests {
    @Test func dashboardChartsTablesExportsAndScope() async throws {
        try await TestApp.with { app, client in
            _ = try await APISpotCheckTests.drawnBatch(app)
            let city = try await app.session("city")
            try await client.execute(uri: "/stats?year=\(TestApp.today.year)", method: .get, headers: city.headers) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("<svg") && r.text.contains("按产品的不合格率") && r.text.contains("不合格批次后处理进度"))
                #expect(r.text.contains("各区后处理考核") && r.text.contains("案件移送率"))
                #expect(r.text.contains("评价性抽查合格率（按企业所在区）") && r.text.contains("年度计划完成情况"))
                #expect(r.text.contains("市级计划") && r.text.contains("planLevel=city"))
            }
            try await client.execute(uri: "/stats/export?table=completion&year=\(TestApp.today.year)&format=csv", method: .get, headers: city.headers) { r in
                #expect(r.status == .ok && r.text.contains("计划批次") && r.text.contains("市级计划"))
            }
            try await client.execute(uri: "/stats/export?table=evaluation&year=\(TestApp.today.year)&format=xlsx", method: .get, headers: city.headers) { r in
                #expect(r.status == .ok && r.headers[.contentType]?.contains("spreadsheetml") == true)
            }
            try await client.execute(uri: "/stats/export?table=district&year=\(TestApp.today.year)&format=csv", method: .get, headers: city.headers) { r in
                #expect(r.status == .ok && r.text.contains("不合格率") && r.text.contains("95%置信区间下限"))
            }
            try await client.execute(uri: "/stats/export?table=nothing&year=\(TestApp.today.year)", method: .get, headers: city.headers) { #expect($0.status == .notFound) }
            let jiading = try await app.session("jiading")
            try await client.execute(uri: "/stats", method: .get, headers: jiading.headers) { r in
                #expect(r.status == .ok && r.text.contains("全市不合格率") && r.text.contains("嘉定区（本区组织的抽查及本区企业）"))
            }
            for role in ["agency", "enterprise", "expert"] {
                let s = try await app.session(role)
                try await client.execute(uri: "/stats", method: .get, headers: s.headers) { #expect($0.status == .forbidden, "\(role)") }
                try await client.execute(uri: "/oversight", method: .get, headers: s.headers) { #expect($0.status == .forbidden, "\(role)") }
                try await client.execute(uri: "/stats/export?table=district&year=\(TestApp.today.year)", method: .get, headers: s.headers) {
                    #expect($0.status == .forbidden, "\(role)")
                }
            }
            try await client.execute(uri: "/oversight?year=\(TestApp.today.year)", method: .get, headers: city.headers) { r in
                #expect(r.status == .ok && r.text.contains("首次承检机构") && r.text.contains("单侧二项检验"))
            }
            let agency = try await app.session("agency").principal.agencyId!
            let (h1, b1) = city.form(["inspectedOn": "2026-11-20", "findings": "", "deduction": "3"])
            try await client.execute(uri: "/oversight/\(agency)/inspections", method: .post, headers: h1, body: b1) { r in
                #expect(r.status == .badRequest && r.text.contains("请填写检查发现"))
            }
            let (h2, b2) = city.form(["inspectedOn": "2026-11-20", "findings": "检测原始记录不完整", "deduction": "3"])
            try await client.execute(uri: "/oversight/\(agency)/inspections", method: .post, headers: h2, body: b2) { r in
                #expect(r.status == .seeOther)
            }
            try await client.execute(uri: "/oversight?year=\(TestApp.today.year)", method: .get, headers: city.headers) { r in
                #expect(r.text.contains("检测原始记录不完整（扣3分"))
            }
        }
    }

    @Test func everyDashboardTableIsInTheAPIAsItsExport() async throws {
        try await TestApp.with(demoYear: true) { app, client in
            let token = try await app.token("city")
            for table in ["product", "district", "stage", "mode", "agency", "monthly", "evaluation", "completion"] {
                try await client.execute(uri: "/api/v1/stats/tables/\(table)?year=\(TestApp.today.year)", method: .get, headers: bearer(token)) { r in
                    #expect(r.status == .ok, "\(table)")
                    #expect((r.json["header"] as? [String])?.isEmpty == false && r.json["rows"] is [[String]], "\(table)")
                }
            }
            let city = try await app.session("city")
            let csv = try await client.execute(uri: "/stats/export?table=stage&year=\(TestApp.today.year)&format=csv", method: .get, headers: city.headers)
            try await client.execute(uri: "/api/v1/stats/tables/stage?year=\(TestApp.today.year)", method: .get, headers: bearer(token)) { r in
                let rows = r.json["rows"] as? [[String]] ?? []
                #expect(!rows.isEmpty && rows.allSatisfy { row in csv.text.contains(row[0] + "," + row[1]) }, "the same figures as the export")
            }
            try await client.execute(uri: "/api/v1/stats/tables/stage", method: .get, headers: bearer(try await app.token("agency"))) {
                #expect($0.status == .forbidden)
            }
        }
    }

    @Test func theRatesAPICrossesDimensionsWithinScope() async throws {
        try await TestApp.with { app, client in
            let (published, _) = try await PublicAPITests.scene(app)
            let year = TestApp.today.year
            let city = try await app.token("city")
            try await client.execute(uri: "/api/v1/stats/rates?groupBy=product&groupBy=district&year=\(year)", method: .get, headers: bearer(city)) { r in
                #expect(r.status == .ok)
                let cells = r.json["cells"] as? [[String: Any]] ?? []
                // All three batches of the scene were reported, one of them failing.
                #expect(cells.reduce(0) { $0 + ($1["tested"] as? Int ?? 0) } == 3)
                #expect(cells.allSatisfy { ($0["keys"] as? [String])?.count == 2 && ($0["labels"] as? [String])?.count == 2 })
                #expect(cells.contains { ($0["keys"] as? [String])?.first == String(published.productId) })
            }
            try await client.execute(uri: "/api/v1/stats/rates?groupBy=product&groupBy=product", method: .get, headers: bearer(city)) { r in
                #expect(r.status == .badRequest && r.errorField == "groupBy")
            }
            try await client.execute(uri: "/api/v1/stats/rates?groupBy=mode&year=1999", method: .get, headers: bearer(city)) { r in
                #expect(r.status == .badRequest && r.errorField == "year")
            }
            try await client.execute(uri: "/api/v1/stats/rates?groupBy=nothing", method: .get, headers: bearer(city)) { r in
                #expect(r.status == .badRequest)
            }
            for role in ["agency", "enterprise", "expert"] {
                try await client.execute(uri: "/api/v1/stats/rates?groupBy=district", method: .get, headers: bearer(try await app.token(role))) { r in
                    #expect(r.status == .forbidden, "\(role)")
                }
            }
            // A district sees its own scope: no district other than its own, unless its plans checked them.
            try await client.execute(uri: "/api/v1/stats/rates?groupBy=district&year=\(year)", method: .get, headers: bearer(try await app.token("jiading"))) { r in
                let keys = (r.json["cells"] as? [[String: Any]] ?? []).compactMap { ($0["keys"] as? [String])?.first }
                #expect(keys.allSatisfy { $0 == "310114" })
            }
        }
    }
}
