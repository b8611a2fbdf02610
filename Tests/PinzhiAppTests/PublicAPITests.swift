import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore
import Testing

@Suite("开放API与公众门户（PB-1、PB-2）")
struct PublicAPITests {
    /// Three batches of one task: the first published with a pass; the second a failure concluded but not yet
    /// published, then marked sensitive; the third only reported. Only the first may ever reach the public.
    static func scene(_ app: TestApp) async throws -> (published: Batch, hidden: [Batch]) {
        let db = app.services.database
        let first = try await APISpotCheckTests.drawnBatch(app)
        let city = try await app.session("city").principal
        let agency = try await app.session("agency").principal
        let repo = BatchRepository(db)
        var filter = BatchFilter()
        filter.taskId = first.taskId
        let batches = Array(try await repo.list(filter, as: city).rows.sorted { $0.id < $1.id }.prefix(3))
        try #require(batches.count == 3)
        let today = TestApp.today
        let later = today.adding(days: 40)
        var walked: [Batch] = []
        for (index, start) in batches.enumerated() {
            var b = try await repo.act(start.id, .sample, input: ["sampledOn": today.description, "sampleName": "样品", "lotNumber": "LOT-\(index)",
                                                                  "quantity": "2件", "backupQuantity": "1件", "backupSealed": "是", "place": "仓库"],
                                       expectedVersion: start.version, today: today, as: agency)
            var report = ["reportNumber": "RPT-SECRET-\(index)", "signatory": "王工", "reportedOn": today.description]
            for (column, item) in try await repo.testItems(b).enumerated() {
                report["item\(item.id)"] = try LimitExpression.parse(item.limitExpression).get().sampleValue(passing: !(index == 1 && column == 0))
            }
            b = try await repo.act(b.id, .report, input: report, expectedVersion: b.version, today: today, as: agency)
            if index < 2 {
                b = try await repo.act(b.id, .deliver, input: ["deliveredOn": today.description, "method": "直接送达", "recipient": "甲"],
                                       expectedVersion: b.version, today: today, as: agency)
                b = try await repo.act(b.id, .conclude, input: [:], expectedVersion: b.version, today: later, as: city)
            }
            if index == 0 { b = try await repo.act(b.id, .publish, input: [:], expectedVersion: b.version, today: later, as: city) }
            if index == 1 {
                b = try await repo.act(b.id, .markSensitive, input: ["reason": "涉及儿童安全的严重项目，后处理办结前不公布"],
                                       expectedVersion: b.version, today: later, as: city)
            }
            walked.append(b)
        }
        return (walked[0], Array(walked.dropFirst()))
    }

    @Test func resultsNoticesCSVDrawsAndStatsWithoutAToken() async throws {
        try await TestApp.with { app, client in
            let (published, hidden) = try await Self.scene(app)
            let year = TestApp.today.adding(days: 40).year
            try await client.execute(uri: "/api/v1/public/results?limit=10", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.json["total"] as? Int == 1)
                let items = r.json["items"] as? [[String: Any]] ?? []
                #expect(items.map { $0["batchNumber"] as? String } == [published.number])
                // Exactly the declared fields: nothing of the batch beyond its notice.
                #expect(Set(items.first?.keys.map { $0 } ?? []) == ["id", "batchNumber", "productId", "product", "enterprise", "uscc", "district",
                                                                   "districtName", "lotNumber", "agency", "verdict", "failed", "reportNumber",
                                                                   "publishedOn", "hash"])
            }
            let id = try await PublicationStore(app.services.database).find(batchId: published.id)!.id
            try await client.execute(uri: "/api/v1/public/results/\(id)", method: .get) { r in
                #expect(r.status == .ok && r.json["enterprise"] as? String == published.enterpriseName && r.json["failed"] as? Bool == false)
            }
            for query in ["verdict=fail", "year=\(year - 1)", "q=\(hidden[0].enterpriseUscc)", "productId=\(published.productId + 999)"]
            where !(query.hasPrefix("q=") && hidden[0].enterpriseUscc == published.enterpriseUscc) {
                try await client.execute(uri: "/api/v1/public/results?\(query)", method: .get) { r in #expect(r.json["total"] as? Int == 0, "\(query)") }
            }
            for query in ["verdict=pass", "year=\(year)", "q=\(published.enterpriseUscc)", "productId=\(published.productId)", "district=\(published.enterpriseDistrict)"] {
                try await client.execute(uri: "/api/v1/public/results?\(query)", method: .get) { r in #expect(r.json["total"] as? Int == 1, "\(query)") }
            }
            // The notice page is an immutable snapshot: rendered once, then served as kept, and cacheable.
            var first = ""
            for round in 0..<2 {
                try await client.execute(uri: "/public/results/\(id)", method: .get) { r in
                    #expect(r.status == .ok && r.headers[.cacheControl] == "public, max-age=3600" && r.text.contains(published.number))
                    if round == 0 { first = r.text } else { #expect(r.text == first) }
                }
            }
            try await client.execute(uri: "/api/v1/public/results/\(id + 1000)", method: .get) { r in
                #expect(r.status == .notFound && r.errorCode == "not_found")
            }
            try await client.execute(uri: "/api/v1/public/results?cursor=bm9wZQ", method: .get) { r in
                #expect(r.status == .badRequest && r.errorField == "cursor")
            }
            try await client.execute(uri: "/api/v1/public/results?cursor=", method: .get) { r in #expect(r.status == .ok, "an empty cursor is the first page") }
            try await client.execute(uri: "/api/v1/public/results?limit=501", method: .get) { r in
                #expect(r.status == .badRequest && r.errorField == "limit")
            }
            // A method the document does not declare on an existing path is 405 with Allow, not 404.
            try await client.execute(uri: "/api/v1/public/results", method: .delete) { r in
                #expect(r.status == .methodNotAllowed && r.headers[.allow] == "GET, HEAD" && r.errorCode == "method_not_allowed")
            }
            try await client.execute(uri: "/api/v1/public/results.csv", method: .get) { r in
                #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("text/csv") == true)
                // Sent verbatim (not percent-encoded by the OpenAPI runtime), so a browser saves it under the Chinese name.
                let encoded = "抽查结果公告.csv".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                #expect(r.headers[.contentDisposition] == "attachment; filename=\"results.csv\"; filename*=UTF-8''\(encoded)")
                let lines = r.text.split(separator: "\r\n")
                #expect(lines.count == 2 && lines[0].contains("统一社会信用代码") && lines[1].contains(published.number))
            }
            try await client.execute(uri: "/api/v1/public/results.csv?verdict=fail", method: .get) { r in
                #expect(r.text.split(separator: "\r\n").count == 1, "only the header")
            }
            try await client.execute(uri: "/api/v1/public/draws/\(published.drawId)", method: .get) { r in
                #expect(r.status == .ok && (r.json["candidateHash"] as? String)?.count == 64 && (r.json["selected"] as? Int ?? 0) >= 3)
                #expect(r.json["candidates"] != nil && r.json["seed"] is String)
            }
            try await client.execute(uri: "/api/v1/public/stats?year=\(year)&dimension=district", method: .get) { r in
                #expect(r.status == .ok && r.json["minimumCell"] as? Int == 5)
                let cells = r.json["cells"] as? [[String: Any]] ?? []
                // One published batch is below the small-cell limit: its cell shows no figures.
                #expect(cells.count == 1 && cells[0]["suppressed"] as? Bool == true && cells[0]["tested"] == nil)
            }
            // The signed-in API is still closed to anonymous callers.
            try await client.execute(uri: "/api/v1/batches", method: .get) { r in #expect(r.status == .unauthorized) }
        }
    }

    @Test func callersOverTheLimitGet429WithRetryAfter() async throws {
        let settings = AppSettings(maxBodyBytes: 1024 * 1024, publicRequestsPerMinute: 6, publicBurst: 3)
        // The clock stands still: on a loaded machine the three requests may take longer than a token's 10 s.
        try await TestApp.with(settings: settings, instant: { 1_800_000_000 }) { _, client in
            for _ in 0..<3 {
                try await client.execute(uri: "/api/v1/public/stats", method: .get) { r in #expect(r.status == .ok) }
            }
            try await client.execute(uri: "/api/v1/public/results", method: .get) { r in
                #expect(r.status == .tooManyRequests)
                // One token takes 10 s at 6 a minute.
                #expect(r.headers[.retryAfter] == "10")
                #expect(r.errorCode == "rate_limited" && r.text.contains("请求过于频繁"))
            }
            // The portal's pages and the rest of the site are not counted.
            try await client.execute(uri: "/public/results", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/healthz", method: .get) { r in #expect(r.status == .ok) }
        }
    }

    /// Walks every public page and open API answer reachable from the portal's entry points and looks for what must
    /// never be there: the hidden batches' numbers and report numbers, the sensitive reason, enterprises' contacts.
    @Test func nothingUnpublishedOrConfidentialReachesThePublic() async throws {
        try await TestApp.with { app, client in
            let (published, hidden) = try await Self.scene(app)
            let year = TestApp.today.adding(days: 40).year
            let admin = try await app.session("admin").principal
            let enterprises = try await app.services.repository(Enterprise.self).list(ListQuery(limit: 500), as: admin).items
            var secrets = hidden.flatMap { [$0.number, $0.reportNumber ?? "—"] } + ["涉及儿童安全的严重项目"]
            secrets += enterprises.compactMap(\.contactPhone).filter { $0.count >= 7 }
            secrets += enterprises.compactMap(\.contactName).filter { $0.count >= 2 }
            secrets += enterprises.map(\.address).filter { $0.count >= 6 }
            // The draws' confidential inputs (issue 16 item 6): the codes of enterprises never published, and the
            // inspectors' names, must not appear in any draw page, commitment, leaf list or result text.
            secrets += try await app.services.database.session { db in
                let codes = try await db.raw("""
                    SELECT e.uscc AS v FROM enterprises e WHERE NOT EXISTS
                      (SELECT 1 FROM publications p JOIN batches b ON b.id = p.batch_id WHERE b.enterprise_id = e.id)
                    """).all().map { try $0.decode(column: "v", as: String.self) }
                let names = try await db.raw("SELECT name AS v FROM inspectors").all().map { try $0.decode(column: "v", as: String.self) }
                return codes + names.filter { $0.count >= 2 }
            }
            // Alerts (SPEC RK-5): a 风险提示, one under review and a withdrawn one never reach the public.
            let alerts = try await RiskAlertAPITests.scene(app)
            secrets += alerts.hidden.flatMap { [$0.title, $0.content, $0.number] }
            let firstDraw = try await DrawRepository(app.services.database).list(taskId: published.taskId)
            var queue = ["/public/results", "/public/stats?year=\(year)", "/public/draw-method", "/api/v1/public/results?limit=500",
                         "/api/v1/public/results.csv", "/api/v1/public/stats?year=\(year)&dimension=product",
                         "/api/v1/public/stats?year=\(year)&dimension=district", "/api/v1/public/alerts?limit=500"]
            queue += firstDraw.flatMap { ["/public/draws/\($0.id)", "/api/v1/public/draws/\($0.id)"] }
            queue += firstDraw.compactMap(\.commitmentId).map { "/api/v1/public/draw-commitments/\($0)" }
            #expect(!firstDraw.compactMap(\.commitmentId).isEmpty, "the draw was committed first")
            var seen = Set<String>()
            var pages = 0
            while let url = queue.popLast() {
                guard seen.insert(url).inserted else { continue }
                let body = try await client.execute(uri: url, method: .get) { r -> String in
                    #expect(r.status == .ok, "\(url)")
                    return r.text
                }
                pages += 1
                for secret in secrets { #expect(!body.contains(secret), "\(url) shows \(secret)") }
                // Follow the portal's own links and every notice the API lists.
                for link in Self.links(in: body) where link.hasPrefix("/public/") { queue.append(link) }
                if url.hasPrefix("/api/v1/public/results?"), let items = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["items"] as? [[String: Any]] {
                    queue += items.compactMap { $0["id"] as? Int }.map { "/api/v1/public/results/\($0)" }
                }
                if url.hasPrefix("/api/v1/public/alerts?"), let items = (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["items"] as? [[String: Any]] {
                    queue += items.compactMap { $0["id"] as? Int }.map { "/api/v1/public/alerts/\($0)" }
                }
            }
            #expect(pages >= 8, "the crawl reached \(pages) pages")
            #expect(seen.contains { $0.hasPrefix("/public/results/") }, "the notice page was reached")
            #expect(seen.contains("/public/alerts/\(alerts.published.id)") && seen.contains("/api/v1/public/alerts/\(alerts.published.id)"),
                    "the published consumer alert was reached from the portal")
            for file in ["commitment.txt", "leaves.txt", "result.txt"] {
                #expect(seen.contains { $0.hasSuffix(file) }, "the crawl reached the draw's \(file)")
            }
        }
    }

    static func links(in html: String) -> [String] {
        html.components(separatedBy: "href=\"").dropFirst().compactMap { part in
            part.split(separator: "\"", maxSplits: 1).first.map { String($0).replacingOccurrences(of: "&amp;", with: "&") }
        }
    }
}
