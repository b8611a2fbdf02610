import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore
import SQLKit
import Synchronization
import Testing

/// Two app servers on one database (issue 21 item 6), each with its own connection pool, read cache and router, as
/// behind a load balancer that sends a user's requests to either. On PostgreSQL (scripts/test's second pass) their
/// transactions really overlap; on SQLite two pools on one file stand for the server and the CLI.
/// The bound a write on one server takes to show on the other is the read cache's `maxAge` (README, Performance).
@Suite("两台应用服务器共用一个数据库")
struct TwoServersTests {
    /// The second server's clock for its read cache: moved by hand, so that passing the bound takes no waiting.
    final class ManualClock: Sendable {
        private let seconds = Mutex<TimeInterval>(0)
        var now: TimeInterval { seconds.withLock { $0 } }
        func advance(by interval: TimeInterval) { seconds.withLock { $0 += interval } }
    }

    static func send(_ client: any TestClientProtocol, _ token: String, _ method: HTTPRequest.Method, _ uri: String,
                     _ body: [String: Any]? = nil) async throws -> TestResponse {
        try await send(client, token, method, uri, json: try body.map { try JSONSerialization.data(withJSONObject: $0) })
    }

    static func send(_ client: any TestClientProtocol, _ token: String, _ method: HTTPRequest.Method, _ uri: String, json: Data?) async throws -> TestResponse {
        try await client.execute(uri: uri, method: method, headers: bearer(token, json: json != nil), body: json.map { ByteBuffer(bytes: $0) })
    }

    /// The same request sent `perServer` times to each server at once; the answers' statuses.
    static func race(_ clients: [any TestClientProtocol], perServer: Int = 4, _ token: String, _ uri: String,
                     _ body: [String: Any]) async throws -> [HTTPResponse.Status] {
        let json = try JSONSerialization.data(withJSONObject: body)
        return try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
            for client in clients {
                for _ in 0..<perServer { group.addTask { try await send(client, token, .post, uri, json: json).status } }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func aSignInOnOneServerWorksOnTheOtherAndItsEndReachesItWithinTheBound() async throws {
        let clock = ManualClock()
        try await TestApp.withTwoServers(secondClock: { clock.now }) { a, clientA, b, clientB in
            let bound = b.services.database.reads.maxAge
            let s = try await a.session("city")
            try await clientB.execute(uri: "/", method: .get, headers: s.headers) { r in
                #expect(r.status == .ok && r.text.contains(s.principal.displayName), "a session started on A signs in on B")
            }
            let (headers, body) = s.form([:])
            try await clientA.execute(uri: "/logout", method: .post, headers: headers, body: body) { #expect($0.status == .seeOther) }
            try await clientA.execute(uri: "/", method: .get, headers: s.headers) { #expect($0.status == .seeOther, "ended at once on A") }
            clock.advance(by: bound)
            try await clientB.execute(uri: "/", method: .get, headers: s.headers) { #expect($0.status == .seeOther, "and on B within the bound") }

            let owner = try await a.token("agency")
            let minted = try await Self.send(clientA, owner, .post, "/api/v1/tokens", ["name": "两台服务器"]).json["token"] as? String ?? ""
            #expect(try await Self.send(clientB, minted, .get, "/api/v1/me").status == .ok, "a token made on A works on B")
            let rows = (try? JSONSerialization.jsonObject(with: Data(buffer: try await Self.send(clientA, owner, .get, "/api/v1/tokens").body))) as? [[String: Any]] ?? []
            let id = (rows.first { $0["name"] as? String == "两台服务器" }?["id"] as? NSNumber)?.int64Value ?? 0
            #expect(try await Self.send(clientA, owner, .post, "/api/v1/tokens/\(id)/revoke").status == .noContent)
            clock.advance(by: bound)
            #expect(try await Self.send(clientB, minted, .get, "/api/v1/me").status == .unauthorized, "revoked on A, refused on B within the bound")
        }
    }

    @Test func aWriteOnOneServerIsReadOnTheOtherAtOnceOrWithinTheBoundWhereReadsAreKept() async throws {
        let clock = ManualClock()
        try await TestApp.withTwoServers(secondClock: { clock.now }) { a, clientA, b, clientB in
            let city = try await a.token("city"), admin = try await a.token("admin")
            // A record is read from the database on every request: B sees A's new enterprise at once.
            let uscc = USCC.complete("91310114MA1X0002X")
            let created = try await Self.send(clientA, city, .post, "/api/v1/enterprises",
                                              ["uscc": uscc, "name": "上海双机测试有限公司", "address": "上海市嘉定区测试路1号", "enterpriseType": "producer",
                                               "scale": "small", "creditClass": "B"])
            #expect(created.status == .created)
            let id = (created.json["id"] as? NSNumber)?.int64Value ?? 0
            let read = try await Self.send(clientB, city, .get, "/api/v1/enterprises/\(id)")
            #expect(read.status == .ok && read.json["name"] as? String == "上海双机测试有限公司")

            // The calendar is kept in B's read cache: A's new year shows there once the bound has passed.
            #expect(try await Self.send(clientB, city, .get, "/api/v1/calendar").status == .ok)
            let year = ["holidays": "01-01; 02-04…02-10", "adjustedWorkdays": "02-02; 02-23", "source": "国务院办公厅关于2030年部分节假日安排的通知"]
            #expect(try await Self.send(clientA, admin, .put, "/api/v1/calendar/2030", year).status == .ok)
            #expect(try await Self.send(clientA, city, .get, "/api/v1/calendar").text.contains("2030-02-04"), "A's own commit shows on A at once")
            clock.advance(by: b.services.database.reads.maxAge)
            #expect(try await Self.send(clientB, city, .get, "/api/v1/calendar").text.contains("2030-02-04"), "and on B within the bound")
        }
    }

    @Test func theSameDrawAndTheSameStepSentToBothServersHappenOnce() async throws {
        try await TestApp.withTwoServers(secondClock: { Date().timeIntervalSinceReferenceDate }) { a, clientA, b, clientB in
            let db = a.services.database
            let (plan, _) = try await a.draftPlan()
            let task = try await a.acceptedTask(plan)
            let city = try await a.token("city"), agency = try await a.token("agency")
            #expect(try await Self.send(clientA, city, .post, "/api/v1/tasks/\(task.id)/draw-commitments", [:]).status == .created)

            let draws = try await Self.race([clientA, clientB], city, "/api/v1/tasks/\(task.id)/draws",
                                            ["publicValue": "01 02 03 04 05 06 + 07", "publicSource": "测试"])
            #expect(draws.filter { $0 == .created }.count == 1, "one draw of eight: \(draws)")
            #expect(draws.allSatisfy { $0 == .created || $0 == .badRequest || $0 == .conflict }, "the others are refused: \(draws)")
            #expect(try await DrawRepository(b.services.database).list(taskId: task.id).count == 1)

            var filter = BatchFilter()
            filter.taskId = task.id
            let cityP = try await a.session("city").principal
            let batch = try await BatchRepository(db).list(filter, as: cityP).rows[0]
            let sample = ["sampledOn": TestApp.today.description, "sampleName": "样品", "lotNumber": "L1", "quantity": "6件",
                          "backupQuantity": "3件", "backupSealed": "是", "place": "仓库"]
            let steps = try await Self.race([clientA, clientB], agency, "/api/v1/batches/\(batch.id)/actions/sample",
                                            ["version": batch.version, "values": sample])
            #expect(steps.filter { $0 == .ok }.count == 1 && steps.filter { $0 == .conflict }.count == 7, "one step of eight: \(steps)")
            let events = try await BatchRepository(b.services.database).events(batch.id)
            #expect(events.filter { $0.action == BatchAction.sample.rawValue }.count == 1)
            let after = try await Self.send(clientB, city, .get, "/api/v1/batches/\(batch.id)").json["batch"] as? [String: Any] ?? [:]
            #expect(after["state"] as? String == "sampled" && after["version"] as? Int == batch.version + 1, "B reads the step A or B took")
        }
    }

    @Test func theCreditQueueTakenUpByBothServersAtOnceWritesEachChangeOnce() async throws {
        try await TestApp.withTwoServers(secondClock: { Date().timeIntervalSinceReferenceDate }) { a, _, b, _ in
            let ids = try await a.enterprises(as: "city").prefix(30).map(\.id)
            // Each enterprise's typed class moved off what the model says, so that its recomputation writes a change.
            try await a.services.database.transaction { db in
                try await db.update("enterprises").set("credit_class", to: SQLBind("D")).where("id", .in, SQLBind.group(ids)).run()
                try await CreditClassStore.enqueue(db, ids, cause: "两台服务器测试")
            }
            async let first = CreditClassStore(a.services.database).processQueue(today: TestApp.today)
            async let second = CreditClassStore(b.services.database).processQueue(today: TestApp.today)
            #expect(try await first + second == ids.count, "each queued enterprise taken up by one server")
            let written = try await a.services.database.session { db in
                try await db.select().column("enterprise_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("credit_classes")
                    .where("cause", .equal, SQLBind("两台服务器测试")).groupBy("enterprise_id").all()
                    .map { try $0.decode(column: "n", as: Int.self) }
            }
            #expect(!written.isEmpty && written.allSatisfy { $0 == 1 }, "one change row per enterprise: \(written)")
        }
    }
}
