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
            try await client.execute(uri: "/stats?year=2026", method: .get, headers: city.headers) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("<svg") && r.text.contains("按产品的不合格率") && r.text.contains("不合格批次后处理进度"))
            }
            try await client.execute(uri: "/stats/export?table=district&year=2026&format=csv", method: .get, headers: city.headers) { r in
                #expect(r.status == .ok && r.text.contains("不合格率") && r.text.contains("95%置信区间下限"))
            }
            try await client.execute(uri: "/stats/export?table=nothing&year=2026", method: .get, headers: city.headers) { #expect($0.status == .notFound) }
            let jiading = try await app.session("jiading")
            try await client.execute(uri: "/stats", method: .get, headers: jiading.headers) { r in
                #expect(r.status == .ok && r.text.contains("全市不合格率") && r.text.contains("嘉定区（本区组织的抽查及本区企业）"))
            }
            for role in ["agency", "enterprise", "expert"] {
                let s = try await app.session(role)
                try await client.execute(uri: "/stats", method: .get, headers: s.headers) { #expect($0.status == .forbidden, "\(role)") }
            }
        }
    }
}
