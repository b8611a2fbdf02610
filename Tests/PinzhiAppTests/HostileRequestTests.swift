import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore
import Testing

/// Hostile requests at the HTTP layer (issue 7 item 3): script in stored text comes back escaped on every page that
/// shows it, malformed JSON and oversized bodies are refused with the API's error and change nothing.
@Suite("恶意请求")
struct HostileRequestTests {
    @Test func scriptInStoredTextIsShownEscaped() async throws {
        try await TestApp.with { app, client in
            let token = try await app.token("city")
            let payload = #"<script>alert("x")</script><img src=x onerror=alert(1)>"#
            let body = try JSONSerialization.data(withJSONObject: [
                "uscc": USCC.complete("91310114MA1X0001X"), "name": "上海\(payload)有限公司", "address": "上海市\(payload)路",
                "enterpriseType": "producer", "scale": "small", "creditClass": "B", "cluster": "{{#chrome}}{{/chrome}}",
            ])
            var id: Int64 = 0
            try await client.execute(uri: "/api/v1/enterprises", method: .post, headers: bearer(token, json: true), body: ByteBuffer(bytes: body)) { r in
                #expect(r.status == .created)
                id = (r.json["id"] as? NSNumber)?.int64Value ?? 0
            }
            let s = try await app.session("city")
            for url in ["/enterprises/\(id)", "/enterprises?q=script", "/enterprises/\(id)/edit"] {
                try await client.execute(uri: url, method: .get, headers: s.headers) { r in
                    #expect(r.status == .ok, "\(url)")
                    #expect(!r.text.contains("<script>alert") && !r.text.contains("<img src=x"), "\(url) shows the payload raw")
                    #expect(r.text.contains("&lt;script&gt;"), "\(url)")
                }
            }
            // A CSV is data, not HTML: the text comes back as typed, and as text (not as a formula) in a spreadsheet.
            try await client.execute(uri: "/enterprises/export.csv?q=script", method: .get, headers: s.headers) { r in
                #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("text/csv") == true)
                #expect(r.text.contains("上海<script>alert(\"\"x\"\")</script>"))
            }
        }
    }

    @Test func malformedJSONAndOversizedBodiesAreRefused() async throws {
        try await TestApp.with { app, client in
            let token = try await app.token("city")
            let before = try await app.enterprises(as: "city").count
            for raw in ["{not json", "", "[]", #"{"uscc": "\#(String(repeating: "9", count: 10_000))"}"#, "\u{0}\u{1}"] {
                try await client.execute(uri: "/api/v1/enterprises", method: .post, headers: bearer(token, json: true), body: ByteBuffer(string: raw)) { r in
                    #expect(r.status == .badRequest, "\(raw.prefix(20)) answered \(r.status)")
                    #expect(r.errorCode == "invalid")
                }
            }
            // Over the body limit (1 MB in tests): 413 with the API's error, before anything is parsed.
            let big = ByteBuffer(bytes: [UInt8](repeating: 0x41, count: 2 * 1024 * 1024))
            try await client.execute(uri: "/api/v1/imports/enterprises", method: .post,
                                     headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"], body: big) { r in
                #expect(r.status == .contentTooLarge)
            }
            #expect(try await app.enterprises(as: "city").count == before)
            // A query parameter the operation does not declare (a misspelt filter, an empty name) is a 400, not ignored.
            for uri in ["/api/v1/enterprises?distrct=310114", "/api/v1/licences?enterpriseId=1&=false", "/api/v1/enterprises?q=x&q2=y"] {
                try await client.execute(uri: uri, method: .get, headers: bearer(token)) { r in
                    #expect(r.status == .badRequest && r.errorCode == "invalid" && r.text.contains("查询参数"), "\(uri): \(r.status) \(r.text)")
                }
            }
            try await client.execute(uri: "/api/v1/enterprises?q=%E5%8E%A8%E6%88%BF&limit=5", method: .get, headers: bearer(token)) { r in
                #expect(r.status == .ok, "declared parameters pass: \(r.text)")
            }
        }
    }
}
