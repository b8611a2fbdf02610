import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PinzhiApp
import PinzhiDemo
import PinzhiStore
import Testing

@Suite("登录、退出与页面安全")
struct AuthPageTests {
    func login(_ client: some TestClientProtocol, _ username: String, _ password: String) async throws -> TestResponse {
        var pre = ""
        var csrf = ""
        try await client.execute(uri: "/login", method: .get) { response in
            pre = response.headers[values: .setCookie].first { $0.hasPrefix("pz_pre=") }?.split(separator: ";").first.map(String.init) ?? ""
            csrf = String(pre.dropFirst("pz_pre=".count))
            #expect(response.text.contains("登录"))
        }
        return try await client.execute(uri: "/login", method: .post,
                                        headers: [.cookie: pre, .contentType: "application/x-www-form-urlencoded"],
                                        body: ByteBuffer(string: "_csrf=\(csrf)&username=\(username)&password=\(password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&next=%2Fproducts"))
    }

    @Test func loginSetsARotatedHttpOnlyCookieAndFollowsNext() async throws {
        try await TestApp.with { app, client in
            let first = try await login(client, "city", DemoDataSeeder.password)
            #expect(first.status == .seeOther)
            #expect(first.headers[.location] == "/products")
            let cookie = first.headers[values: .setCookie].first { $0.hasPrefix("pz_session=") } ?? ""
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            let second = try await login(client, "city", DemoDataSeeder.password)
            let cookie2 = second.headers[values: .setCookie].first { $0.hasPrefix("pz_session=") } ?? ""
            #expect(cookie.split(separator: ";")[0] != cookie2.split(separator: ";")[0], "every login gets a new session id")
        }
    }

    /// Behind TLS (`--secure-cookies`) every cookie is Secure and HSTS is sent; on plain HTTP neither, or the
    /// browser would drop the cookie.
    @Test("Secure cookies and HSTS behind TLS only", arguments: [true, false])
    func secureCookiesBehindTLS(_ tls: Bool) async throws {
        let settings = AppSettings(secureCookies: tls, maxBodyBytes: 1024 * 1024, publicRequestsPerMinute: 0)
        try await TestApp.with(settings: settings) { app, client in
            try await client.execute(uri: "/login", method: .get) { r in
                let pre = r.headers[values: .setCookie].first { $0.hasPrefix("pz_pre=") } ?? ""
                #expect(pre.contains("; Secure") == tls && pre.contains("HttpOnly"))
                #expect((r.headers[.strictTransportSecurity] != nil) == tls)
            }
            let response = try await login(client, "city", DemoDataSeeder.password)
            let session = response.headers[values: .setCookie].first { $0.hasPrefix("pz_session=") } ?? ""
            #expect(session.contains("; Secure") == tls && session.contains("HttpOnly") && session.contains("SameSite=Lax"))
        }
    }

    @Test func wrongPasswordShowsAChineseMessage() async throws {
        try await TestApp.with { app, client in
            let response = try await login(client, "city", "wrong-password1")
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("用户名或密码错误"))
        }
    }

    @Test func logoutEndsTheSession() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("city")
            let (headers, body) = s.form([:])
            try await client.execute(uri: "/logout", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/", method: .get, headers: s.headers) { response in
                #expect(response.status == .seeOther, "the old cookie no longer signs in")
            }
        }
    }

    @Test func pagesCarrySecurityHeadersAndErrorsAreChinesePages() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("admin")
            try await client.execute(uri: "/no/such/page", method: .get, headers: s.headers) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("页面不存在"))
                #expect(response.text.contains("工作台"), "the navigation is still there")
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
            try await client.execute(uri: "/api/v1/no-such", method: .get, headers: s.headers) { response in
                #expect(response.status == .notFound)
                #expect(response.errorCode == "not_found")
            }
        }
    }

    @Test func healthMetricsAndTheOpenAPIDocument() async throws {
        try await TestApp.with { app, client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("\"ok\""))
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["openapi"] as? String == "3.1.0")
                let paths = response.json["paths"] as? [String: Any] ?? [:]
                #expect(paths["/enterprises"] != nil && paths["/enterprises/{id}"] != nil)
            }
        }
    }

    @Test func openAPIDocumentAndRouterAgree() async throws {
        // Every operation in the document is a route, and every /api/v1 route is in the document.
        try await TestApp.with { app, client in
            var documented = Set<String>()
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                let paths = response.json["paths"] as? [String: [String: Any]] ?? [:]
                for (path, methods) in paths {
                    for method in methods.keys {
                        documented.insert("\(method.uppercased()) /api/v1\(path)")
                    }
                }
            }
            let routed = Set(app.router.routes.map { "\($0.method) \($0.path)" }.filter { $0.contains(" /api/v1/") && !$0.hasSuffix("openapi.json") })
            #expect(documented == routed)
            #expect(documented.count >= 50)
        }
    }

    @Test func passwordChangeKeepsThisSessionAndChecksRules() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("city")
            let (h1, b1) = s.form(["current": DemoDataSeeder.password, "new": "short", "confirm": "short"])
            try await client.execute(uri: "/password", method: .post, headers: h1, body: b1) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("密码至少10位"))
            }
            let (h2, b2) = s.form(["current": DemoDataSeeder.password, "new": "NewPass2027a", "confirm": "NewPass2027a"])
            try await client.execute(uri: "/password", method: .post, headers: h2, body: b2) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/", method: .get, headers: s.headers) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
