import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore
import Testing

/// Every route of the router, called by every role (and by a second user of another district, agency, expert and
/// enterprise) on a record inside and a record outside the caller's scope, compared with `AccessPolicyTable`.
@Suite("访问矩阵：每个路由 × 每个角色 × 范围内外的记录")
struct AccessMatrixTests {
    /// What a caller met.
    enum Seen: String {
        case allowed = "A", forbidden = "N", hidden = "H", login = "L"
    }

    @Test func everyRouteAnswersEveryRoleAsThePolicyTableSays() async throws {
        try await TestApp.with(demoYear: true) { app, client in
            let fixture = try await MatrixFixture.make(app)
            let before = try await Self.counts(app)
            var cases = 0
            var mismatches: [String] = []
            var observedTable: [String] = []
            let routes = app.router.routes.map { "\($0.method) \($0.path)" }.sorted()
            for key in routes {
                let parts = key.split(separator: " ", maxSplits: 1).map(String.init)
                let method = HTTPRequest.Method(parts[0])!
                let path = parts[1]
                let kind = MatrixRecordKind.of(path)
                var letters = Array(repeating: Set<String>(), count: MatrixColumn.allCases.count)
                for caller in fixture.callers {
                    var seen: [Seen] = []
                    var statuses: [String] = []
                    let targets: [Int64?] = kind.map { k in let p = fixture.pair(k, for: caller); return [p.own, p.foreign] } ?? [nil]
                    for id in targets {
                        let uri = Self.uri(path, id: id, fixture)
                        let response = try await Self.call(client, app, method, uri, caller)
                        seen.append(Self.seen(response, uri, caller))
                        statuses.append("\(uri) → \(response.status.code)")
                        cases += 1
                    }
                    let letter = Self.letter(seen)
                    letters[caller.column.rawValue].insert(letter)
                    if let declared = AccessPolicyTable.rules[key] {
                        let expected = String(Array(declared)[caller.column.rawValue])
                        if expected != letter {
                            mismatches.append("\(key) as \(caller.name): declared \(expected), observed \(letter) (\(statuses.joined(separator: ", ")))")
                        }
                    }
                }
                let row = letters.map { $0.count == 1 ? $0.first! : "x" }.joined()
                observedTable.append("        \"\(key)\": \"\(row)\",")
            }
            let missing = routes.filter { AccessPolicyTable.rules[$0] == nil }
            let stale = AccessPolicyTable.rules.keys.filter { !routes.contains($0) }.sorted()
            if !missing.isEmpty || !mismatches.isEmpty {
                // What the routes answered, in the table's own form, for review against the intended policy.
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("access-matrix-observed.txt")
                try observedTable.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
                print("access matrix: observed table written to \(file.path)")
            }
            #expect(missing.isEmpty, "routes without a policy entry: \(missing)")
            #expect(stale.isEmpty, "policy entries without a route: \(stale)")
            #expect(mismatches.isEmpty, "\(mismatches.count) cases differ from the policy:\n\(mismatches.joined(separator: "\n"))")
            // Refused and out-of-scope calls changed nothing; allowed ones carried a stale version and changed nothing either.
            #expect(try await Self.counts(app) == before)
            print("access matrix: \(routes.count) routes, \(fixture.callers.count) callers, \(cases) (route, caller, record) cases")
            #expect(cases > 3000)
        }
    }

    static func letter(_ seen: [Seen]) -> String {
        if seen.count == 2 {
            switch (seen[0], seen[1]) {
            case (.allowed, .hidden): return "S"
            case (.allowed, .forbidden): return "W"
            case (.forbidden, .hidden): return "F"
            default: break
            }
        }
        guard Set(seen).count == 1 else { return "?" }
        return seen[0] == .login ? "N" : seen[0].rawValue
    }

    static func seen(_ r: TestResponse, _ uri: String, _ caller: MatrixFixture.Caller) -> Seen {
        // The login form is open to all; wrong credentials (401) and the throttle (429) are its answers, not a refusal.
        if uri == "/login", r.status == .unauthorized || r.status == .tooManyRequests { return .allowed }
        switch r.status {
        case .unauthorized: return .login
        case .seeOther where caller.session == nil && r.headers[.location]?.hasPrefix("/login") == true: return .login
        case .forbidden: return .forbidden
        case .notFound: return .hidden
        default: return .allowed
        }
    }

    static func uri(_ path: String, id: Int64?, _ fixture: MatrixFixture) -> String {
        if path == "/" { return path }
        return path.split(separator: "/").map { part -> String in
            switch part {
            case "{id}": return String(id!)
            case "{line}": return String(fixture.planLines[id!] ?? 0)
            case "{item}": return String(fixture.riskControls[id!] ?? 0)
            case "{kind}": return path.hasPrefix("/import/template") ? "enterprises.csv" : "enterprises"
            case "{doc}": return path.contains("/cases/") ? "decision" : path.contains("/letters/") ? "letter" : "sampling-record"
            case "{action}":
                return path.contains("/plans/") ? "submit" : path.contains("/tasks/") ? "accept" : path.contains("/leads/") ? "file"
                    : path.contains("/risk-items/") ? "assess" : path.contains("/alerts/") ? "approve" : path.contains("/monitoring-batches/") ? "test" : path.contains("/assistance-cases/") ? "accept"
                    : path.contains("/problem-items/") ? "plan" : path.contains("/campaign-forms/") ? "submit"
                    : path.contains("/campaign-summaries/") ? "submit"
                    : path.contains("/cases/") ? "investigate" : path.contains("/letters/") ? "reply"
                    : path.contains("/issuer-notices/") ? "answer" : path.contains("/officers/") ? "train" : "sample"
            case "{year}": return String(TestApp.today.year)
            case "{period}": return "\(TestApp.today.year)-10"
            case "{table}": return "product"
            case "{code}": return fixture.uscc
            default: return String(part)
            }
        }.reduce("") { $0 + "/" + $1 } + (queries[path] ?? "")
    }

    /// Required query parameters: without them a route answers 400 before it looks at the caller.
    static let queries = [
        "/stats/export": "?table=product&year=\(TestApp.today.year)&format=csv",
        "/api/v1/stats/rates": "?groupBy=product&year=\(TestApp.today.year)",
    ]

    /// Forms carry the caller's CSRF token and no version; API writes carry version 0: a write that gets past the
    /// access checks stops at validation or the version check (the counts at the end prove it).
    static func call(_ client: any TestClientProtocol, _ app: TestApp, _ method: HTTPRequest.Method, _ uri: String,
                     _ caller: MatrixFixture.Caller) async throws -> TestResponse {
        let api = uri.hasPrefix("/api/")
        let writes = method != .get && method != .head
        var session = caller.session
        if uri == "/logout", let s = session { session = try await app.session(s.principal.username) }
        var headers: HTTPFields = [:]
        var body = ByteBuffer()
        if api {
            if let token = caller.token { headers = bearer(token, json: writes) } else if writes { headers = [.contentType: "application/json"] }
            if uri.hasPrefix("/api/v1/imports/") {
                headers[.contentType] = "application/octet-stream"
                body = ByteBuffer(string: "x")
            } else if writes {
                // Valid for every operation's schema (unknown properties are ignored), refused past the access checks.
                body = ByteBuffer(string: #"{"version":0,"values":{},"accept":false,"expression":"≤1","value":"2","role":"officer","name":"x","#
                                  + #""appointedOn":"2000-01-01","appointmentDocument":"x","kind":"daily","day":"2000-01-01","summary":"x","hazard":"x","#
                                  + #""measure":"x","level":"low","period":"x","count":0,"publicValue":"x","publicSource":"x","subject":"x","secret":"x","#
                                  + #""hash":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#)
            }
        } else if let s = session {
            if writes { (headers, body) = s.form([:]) } else { headers = s.headers }
        } else {
            // A browser that has seen the login page carries the pre-session CSRF token.
            headers = [.cookie: "pz_pre=tok"]
            if writes {
                headers[.contentType] = "application/x-www-form-urlencoded"
                body = ByteBuffer(string: "_csrf=tok")
            }
        }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body) { $0 }
    }

    static func counts(_ app: TestApp) async throws -> [Int] {
        try await app.services.database.session { db in
            var out: [Int] = []
            for table in ["draws", "batches", "batch_events", "enterprises", "plans", "plan_lines", "tasks", "accounts"] {
                let row = try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!
                out.append(Int(try row.decode(column: "n", as: Int64.self)))
            }
            return out
        }
    }
}
