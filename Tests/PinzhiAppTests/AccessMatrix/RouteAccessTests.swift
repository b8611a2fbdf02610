import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore
import Testing

@Suite("每个路由的访问控制")
struct RouteAccessTests {
    static let publicRoutes: Set<String> = [
        "GET /login", "POST /login", "GET /healthz", "GET /metrics", "GET /api/v1/openapi.json",
        // The public portal: published results and draw records without confidential fields.
        "GET /public/results", "GET /public/results/{id}", "GET /public/draws/{id}", "GET /public/stats", "GET /public/draw-method",
        // Draws anyone can check (PZ-DRAW-2): the method, commitments, leaves, results and the in-browser checker.
        "GET /public/draw-method.txt", "GET /public/draw-check", "GET /public/draw-commitments/{id}", "GET /public/draw-commitments/{id}/commitment.txt",
        "GET /public/draw-commitments/{id}/leaves.txt", "GET /public/draws/{id}/result.txt", "GET /api/v1/public/draw-commitments/{id}",
        // The open API over the same published data.
        "GET /api/v1/public/results", "GET /api/v1/public/results.csv", "GET /api/v1/public/results/{id}", "GET /api/v1/public/draws/{id}",
        "GET /api/v1/public/stats",
        // Published 消费提示 (SPEC RK-5).
        "GET /public/alerts", "GET /public/alerts/{id}", "GET /api/v1/public/alerts", "GET /api/v1/public/alerts/{id}",
    ]

    static func concrete(_ path: String) -> String {
        path.split(separator: "/").map { part in
            switch part {
            case ":id": "1"
            case ":kind": "enterprises"
            default: String(part)
            }
        }.reduce("") { $0 + "/" + $1 }
    }

    @Test func everyRouteRefusesAnonymousCallers() async throws {
        try await TestApp.with { app, client in
            try app.router.validate()
            let routes = app.router.routes
            #expect(routes.count > 100, "the router lists its routes")
            var checked = 0
            for route in routes where !Self.publicRoutes.contains("\(route.method) \(route.path)") {
                let uri = Self.concrete("\(route.path)")
                let isAPI = uri.hasPrefix("/api/")
                // A browser that has seen the login page carries the pre-session CSRF token.
                var headers: HTTPFields = [.cookie: "pz_pre=tok"]
                var body = ByteBuffer()
                if route.method == .post || route.method == .patch {
                    if isAPI {
                        headers = [.contentType: "application/json"]
                        body = ByteBuffer(string: #"{"version":1}"#)
                    } else {
                        headers[.contentType] = "application/x-www-form-urlencoded"
                        body = ByteBuffer(string: "_csrf=tok")
                    }
                }
                try await client.execute(uri: uri, method: route.method, headers: headers, body: body) { response in
                    if isAPI {
                        #expect(response.status == .unauthorized, "\(route) answered \(response.status)")
                        #expect(response.errorCode == "unauthenticated", "\(route)")
                    } else {
                        #expect(response.status == .seeOther, "\(route) answered \(response.status)")
                        #expect(response.headers[.location]?.hasPrefix("/login") == true, "\(route)")
                    }
                }
                checked += 1
            }
            #expect(checked == routes.count - Self.publicRoutes.count)
        }
    }

    @Test("每个角色只看到自己的导航并能打开", arguments: ["admin", "city", "jiading", "enforce", "agency", "expert", "enterprise"])
    func navigationPagesOpenForTheirRole(_ username: String) async throws {
        try await TestApp.with { app, client in
            let s = try await app.session(username)
            let allowed = Navigation.items(for: s.principal.role).map(\.url)
            for url in ["/", "/enterprises", "/products", "/agencies", "/inspectors", "/experts", "/import", "/accounts", "/audit", "/tokens"] {
                try await client.execute(uri: url, method: .get, headers: s.headers) { response in
                    if allowed.contains(url) {
                        #expect(response.status == .ok, "\(username) \(url)")
                    } else {
                        #expect(response.status == .forbidden, "\(username) \(url) answered \(response.status)")
                        #expect(response.text.contains("无权访问"))
                    }
                }
            }
        }
    }

    @Test func outOfScopeRecordsAreNotFoundInUIAndAPI() async throws {
        try await TestApp.with { app, client in
            let pudong = try await app.enterprises(as: "pudong")
            let jiading = try await app.enterprises(as: "jiading")
            #expect(!pudong.isEmpty && !jiading.isEmpty)
            #expect(jiading.allSatisfy { $0.districtCode == "310114" })
            let other = pudong[0]
            let s = try await app.session("jiading")
            try await client.execute(uri: "/enterprises/\(other.id)", method: .get, headers: s.headers) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("页面不存在"))
            }
            let token = try await app.token("jiading")
            try await client.execute(uri: "/api/v1/enterprises/\(other.id)", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .notFound)
                #expect(response.errorCode == "not_found")
            }
            try await client.execute(uri: "/api/v1/enterprises/\(jiading[0].id)", method: .get, headers: bearer(token)) { response in
                #expect(response.status == .ok)
                #expect(response.json["uscc"] as? String == jiading[0].uscc)
            }
            // The enterprise user sees exactly its own enterprise.
            let own = try await app.token("enterprise")
            try await client.execute(uri: "/api/v1/enterprises", method: .get, headers: bearer(own)) { response in
                #expect(response.json["total"] as? Int == 1)
            }
            // An agency user cannot list enterprises at all.
            try await client.execute(uri: "/api/v1/enterprises", method: .get, headers: bearer(try await app.token("agency"))) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    /// The organisation list names the enterprises and agencies that have accounts: outside the bureau, only one's own.
    @Test func organisationsOutsideTheBureauSeeOnlyTheirOwn() async throws {
        try await TestApp.with { app, client in
            for (username, all) in [("city", true), ("jiading", true), ("enterprise", false), ("agency", false), ("expert", false)] {
                let s = try await app.session(username)
                try await client.execute(uri: "/api/v1/organisations", method: .get, headers: bearer(try await app.token(username))) { r in
                    let rows = (try? JSONSerialization.jsonObject(with: Data(buffer: r.body))) as? [[String: Any]] ?? []
                    let ids = rows.compactMap { ($0["id"] as? NSNumber)?.int64Value }
                    if all { #expect(ids.count > 3, "\(username)") } else { #expect(ids == [s.principal.organisationId], "\(username)") }
                }
            }
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("admin")
            try await client.execute(uri: "/enterprises", method: .post,
                                     headers: [.cookie: s.cookie, .contentType: "application/x-www-form-urlencoded"],
                                     body: ByteBuffer(string: "name=x")) { response in
                #expect(response.status == .forbidden)
                #expect(response.text.contains("页面已过期"))
            }
            try await client.execute(uri: "/api/v1/enterprises/1/deactivate", method: .post,
                                     headers: [.cookie: s.cookie, .contentType: "application/json"], body: ByteBuffer(string: #"{"version":1}"#)) { response in
                #expect(response.status == .forbidden, "the API through a session cookie needs the token too")
            }
        }
    }

    @Test func invalidOrRevokedTokensAreRefused() async throws {
        try await TestApp.with { app, client in
            try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer("pz_nonsense")) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            let token = try await app.token("city")
            try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(token)) { response in
                #expect(response.json["username"] as? String == "city")
                #expect(response.json["roleLabel"] as? String == "市局监管人员")
            }
        }
    }

    /// For each area, a role the policy keeps out: every route of that area, in the UI and the API, answers 403.
    @Test("每个主数据路由拒绝无权角色", arguments: [
        ("enterprises", "agency"), ("enterprises", "expert"), ("agencies", "expert"), ("agencies", "enterprise"),
        ("inspectors", "agency"), ("experts", "agency"), ("experts", "enterprise"), ("agency-contracts", "expert"),
        ("expert-conflicts", "agency"),
    ])
    func everyRouteOfAnAreaRefusesARoleWithoutAccess(_ area: String, _ username: String) async throws {
        try await TestApp.with { app, client in
            let s = try await app.session(username)
            let token = try await app.token(username)
            var checked = 0
            for route in app.router.routes {
                let path = "\(route.path)"
                guard path.hasPrefix("/\(area)") || path.hasPrefix("/api/v1/\(area)") else { continue }
                let uri = Self.concrete(path)
                let api = uri.hasPrefix("/api/")
                var headers: HTTPFields = api ? bearer(token, json: true) : s.headers
                var body = ByteBuffer()
                if route.method != .get {
                    if api {
                        body = ByteBuffer(string: #"{"version":1}"#)
                    } else {
                        let form = s.form([:])
                        headers = form.0
                        body = form.1
                    }
                }
                try await client.execute(uri: uri, method: route.method, headers: headers, body: body) { response in
                    #expect(response.status == .forbidden, "\(username) \(route) answered \(response.status)")
                }
                checked += 1
            }
            #expect(checked >= 6, "\(area) has its routes")
        }
    }

    /// A role that may read but not write gets 403 on every write route of the area, and nothing changes.
    @Test func readOnlyRolesCannotWrite() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("enforce")
            let token = try await app.token("enforce")
            let before = try await app.enterprises(as: "city").map(\.version)
            for route in app.router.routes where route.method != .get {
                let path = "\(route.path)"
                guard path.hasPrefix("/enterprises") || path.hasPrefix("/api/v1/enterprises") || path.hasPrefix("/products")
                    || path.hasPrefix("/api/v1/products") else { continue }
                let api = path.hasPrefix("/api/")
                let form = s.form([:])
                try await client.execute(uri: Self.concrete(path), method: route.method, headers: api ? bearer(token, json: true) : form.0,
                                         body: api ? ByteBuffer(string: #"{"version":1}"#) : form.1) { response in
                    #expect(response.status == .forbidden, "enforce \(route) answered \(response.status)")
                }
            }
            #expect(try await app.enterprises(as: "city").map(\.version) == before)
        }
    }
}
