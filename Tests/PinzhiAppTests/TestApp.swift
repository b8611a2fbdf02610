import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PinzhiApp
import PinzhiDemo
import PinzhiDomain
import PinzhiStore
import PinzhiTestSupport

/// The whole application over a fresh database with a small demo data set, driven in-process.
// The router is a reference type without a Sendable promise; tests only read its route list.
struct TestApp: @unchecked Sendable {
    let services: AppServices
    let router: Router<AppRequestContext>

    /// A signed-in browser: its session cookie and the CSRF token its forms carry.
    struct Session {
        var cookie: String
        var csrf: String
        var principal: Principal
    }

    /// The day the tests live on: the demo is seeded up to it and the app's clock reads it, so that no test depends
    /// on the day it runs (the demo fills this year and the one before).
    static let today = Day("2026-11-24")!

    /// The open API's rate limit is off unless a test sets it: the in-process client has one address for everything.
    /// `demoYear` adds a year of spot checks run through the workflow (plans, tasks, draws, batches in every state).
    static func with(settings: AppSettings = AppSettings(maxBodyBytes: 1024 * 1024, publicRequestsPerMinute: 0), demoYear: Bool = false,
                     instant: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                     _ body: @escaping @Sendable (TestApp, any TestClientProtocol) async throws -> Void) async throws {
        try await TestDatabase.with { db in
            try await DemoDataSeeder(db, hasher: TestDatabase.hasher).seedIfEmpty(seed: 11, enterprises: demoYear ? 300 : 80, spotCheckYear: demoYear,
                                                                                  today: Self.today)
            let services = AppServices(database: db, hasher: TestDatabase.hasher, views: try await ViewRenderer.load(),
                                       settings: settings, today: { Self.today }, instant: instant)
            let router = try PinzhiApplication.router(services: services)
            let app = Application(router: router)
            let testApp = TestApp(services: services, router: router)
            try await app.test(.router) { client in try await body(testApp, client) }
        }
    }

    func session(_ username: String) async throws -> Session {
        guard case .success(let principal) = try await services.accounts.authenticate(username: username, password: DemoDataSeeder.password, address: "test")
        else { throw WebError.unauthenticated }
        let (token, csrf) = try await services.sessions.start(principal)
        return Session(cookie: "pz_session=\(token)", csrf: csrf, principal: principal)
    }

    func token(_ username: String) async throws -> String {
        let s = try await session(username)
        return try await services.tokens.create(accountId: s.principal.accountId, name: "test", actor: .system())
    }

    func enterprises(as username: String) async throws -> [Enterprise] {
        let s = try await session(username)
        return try await services.repository(Enterprise.self).list(ListQuery(limit: 500), as: s.principal).items
    }
}

extension TestApp.Session {
    var headers: HTTPFields { [.cookie: cookie] }

    func form(_ fields: [String: String]) -> (HTTPFields, ByteBuffer) {
        var all = fields
        all["_csrf"] = csrf
        let body = all.map { "\(encode($0.key))=\(encode($0.value))" }.joined(separator: "&")
        return ([.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], ByteBuffer(string: body))
    }

    func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:] }
    var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }
    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
}

func bearer(_ token: String, json: Bool = false) -> HTTPFields {
    var h: HTTPFields = [.authorization: "Bearer \(token)"]
    if json { h[.contentType] = "application/json" }
    return h
}

/// A JSON POST with a bearer token, its answer checked by `check`.
@discardableResult
func postJSON<T: Sendable>(_ client: any TestClientProtocol, _ token: String, _ uri: String, _ body: [String: Any],
                           _ check: @escaping @Sendable (TestResponse) throws -> T) async throws -> T {
    try await client.execute(uri: uri, method: .post, headers: bearer(token, json: true),
                             body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)), testCallback: check)
}

/// A workflow step through the API: `/api/v1/{kind}/{id}/actions/{action}` with the version read and the form's values.
func actJSON(_ client: any TestClientProtocol, _ token: String, _ path: String, _ id: Int64, _ action: String, version: Int,
             _ values: [String: String] = [:], _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
    try await postJSON(client, token, "/api/v1/\(path)/\(id)/actions/\(action)", ["version": version, "values": values], check)
}
