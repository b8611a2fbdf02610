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
            let testApp = try await TestApp(db, settings: settings, instant: instant)
            try await Application(router: testApp.router).test(.router) { client in try await body(testApp, client) }
        }
    }

    /// Two app servers over one database with the small demo (issue 21 item 6): each its own connection pool, read
    /// cache and router, as behind a load balancer; the second server's read cache keeps time by `secondClock`.
    static func withTwoServers(secondClock: @escaping @Sendable () -> TimeInterval,
                               _ body: @escaping @Sendable (TestApp, any TestClientProtocol, TestApp, any TestClientProtocol) async throws -> Void) async throws {
        try await TestDatabase.withServers(reads: [ReadCache(), ReadCache(now: secondClock)]) { databases in
            try await DemoDataSeeder(databases[0], hasher: TestDatabase.hasher).seedIfEmpty(seed: 11, enterprises: 80, spotCheckYear: false, today: Self.today)
            let settings = AppSettings(maxBodyBytes: 1024 * 1024, publicRequestsPerMinute: 0)
            let a = try await TestApp(databases[0], settings: settings), b = try await TestApp(databases[1], settings: settings)
            try await Application(router: a.router).test(.router) { clientA in
                try await Application(router: b.router).test(.router) { clientB in try await body(a, clientA, b, clientB) }
            }
        }
    }

    init(_ db: PinzhiDatabase, settings: AppSettings, instant: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) async throws {
        services = AppServices(database: db, hasher: TestDatabase.hasher, views: try await ViewRenderer.load(),
                               settings: settings, today: { Self.today }, instant: instant)
        router = try PinzhiApplication.router(services: services)
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

extension TestApp {
    /// A draft city plan with one line of the demo enterprise's product.
    func draftPlan(stage: SamplingStage? = nil) async throws -> (Plan, EnterpriseProduct) {
        let db = services.database
        let city = try await session("city").principal
        let firm = try await session("enterprise").principal
        let link = try await MasterRepository<EnterpriseProduct>(db).list(ListQuery(filters: ["enterprise_id": String(firm.enterpriseId!)]), as: city).items[0]
        let items = try await MasterRepository<TestItem>(db).list(ListQuery(filters: ["product_id": String(link.productId)]), as: city).items
        var plan = try await PlanRepository(db).create(year: services.today().year, title: "接口流程计划", as: city)
        plan = try await PlanRepository(db).addLine(PlanLine(productId: link.productId, mode: .routine, stage: stage ?? link.stage, batches: 200,
                                                             itemIds: items.map(\.id)), to: plan.id, expectedVersion: plan.version, as: city)
        return (plan, link)
    }

    /// The plan submitted, approved and issued, its line's task assigned to the demo agency (its tender widened to
    /// hold every candidate) and accepted: ready for its draw commitment.
    func acceptedTask(_ draft: Plan) async throws -> CheckTask {
        let db = services.database, today = services.today()
        let city = try await session("city").principal, agency = try await session("agency").principal
        var plan = draft
        for action in [PlanAction.submit, .approve, .issue] {
            plan = try await PlanRepository(db).transition(plan.id, action, expectedVersion: plan.version, today: today, as: city)
        }
        try await TenderFixture.widen(db, agencyId: agency.agencyId!, productId: plan.lines[0].productId, year: plan.year)
        let task = try await TaskRepository(db).assign(planId: plan.id, lineId: plan.lines[0].id, agencyId: agency.agencyId!, batches: 200,
                                                       dueDate: today.adding(days: 30), area: nil, today: today, as: city)
        return try await TaskRepository(db).respond(task.id, accept: true, reason: nil, expectedVersion: task.version, today: today, as: agency)
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
