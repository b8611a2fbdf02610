import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore
import PinzhiTestSupport
import SQLKit
import Testing

/// Plans, tasks and the calendar through the API in the batches' shape (issue 15 §1, §3, §4), and the draw rules of
/// §2 as an API caller meets them.
@Suite("JSON API：计划与任务的步骤、工作日历、抽取规则")
struct APIWorkflowTests {
    func send(_ client: any TestClientProtocol, _ token: String, _ method: HTTPRequest.Method, _ uri: String, _ body: [String: Any]? = nil,
              _ check: @escaping @Sendable (TestResponse) throws -> Void) async throws {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        try await client.execute(uri: uri, method: method, headers: bearer(token, json: body != nil),
                                 body: data.map { ByteBuffer(bytes: $0) }, testCallback: check)
    }

    @Test func aPlanMovesThroughItsStepsByTheOneActionOperation() async throws {
        try await TestApp.with { app, client in
            let (plan, _) = try await app.draftPlan()
            let city = try await app.token("city"), jiading = try await app.token("jiading"), agency = try await app.token("agency")
            try await send(client, city, .get, "/api/v1/plans/\(plan.id)") { r in
                #expect(r.status == .ok)
                let actions = (r.json["actions"] as? [[String: Any]])?.compactMap { $0["action"] as? String }
                #expect(actions == ["submit"])
            }
            try await send(client, city, .post, "/api/v1/plans/\(plan.id)/actions/approve", ["version": plan.version, "values": [:]]) { r in
                #expect(r.status == .conflict && r.errorCode == "invalid_state")
            }
            try await send(client, city, .post, "/api/v1/plans/\(plan.id)/actions/submit", ["version": plan.version, "values": [:]]) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "submitted")
            }
            // A district sees the city's plan but does not approve it; an agency has no plans at all.
            try await send(client, jiading, .post, "/api/v1/plans/\(plan.id)/actions/approve", ["version": plan.version + 1, "values": [:]]) { r in
                #expect(r.status == .forbidden)
            }
            try await send(client, agency, .get, "/api/v1/plans/\(plan.id)") { #expect($0.status == .forbidden) }
            try await send(client, city, .post, "/api/v1/plans/\(plan.id)/actions/approve", ["version": plan.version, "values": [:]]) { r in
                #expect(r.status == .conflict && r.errorCode == "stale_version")
            }
            try await send(client, city, .post, "/api/v1/plans/\(plan.id)/actions/approve", ["version": plan.version + 1, "values": [:]]) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "approved")
            }
            try await send(client, city, .get, "/api/v1/plans/\(plan.id)") { r in
                let events = (r.json["events"] as? [[String: Any]])?.compactMap { $0["action"] as? String }
                #expect(events == ["submit", "approve"])
            }
        }
    }

    @Test func stagesAndModesTravelAsASCIICodesWithTheirLabels() async throws {
        try await TestApp.with { app, client in
            let db = app.services.database
            let city = try await app.session("city").principal
            var plan = try await PlanRepository(db).create(year: app.services.today().year, title: "环节代码计划", as: city)
            let product = try await MasterRepository<Product>(db).list(ListQuery(limit: 1), as: city).items[0]
            let items = try await MasterRepository<TestItem>(db).list(ListQuery(filters: ["product_id": String(product.id)]), as: city).items
            let token = try await app.token("city")
            let line: [String: Any] = ["version": plan.version, "productId": product.id, "mode": "routine", "batches": 5, "itemIds": items.map(\.id)]
            // The label is not a code: the document's enum refuses it before any rule runs.
            try await send(client, token, .post, "/api/v1/plans/\(plan.id)/lines", line.merging(["stage": "流通"]) { $1 }) { r in
                #expect(r.status == .badRequest)
            }
            try await send(client, token, .post, "/api/v1/plans/\(plan.id)/lines", line.merging(["stage": "circulation"]) { $1 }) { r in
                #expect(r.status == .ok)
                let lines = r.json["lines"] as? [[String: Any]]
                #expect(lines?.first?["stage"] as? String == "circulation" && lines?.first?["stageLabel"] as? String == "流通")
                #expect(lines?.first?["mode"] as? String == "routine" && lines?.first?["modeLabel"] as? String == "常规抽查")
            }
            plan = try await PlanRepository(db).find(plan.id, as: city)!
            #expect(plan.lines.map(\.stage) == [.circulation])
            // The batch list filters by the same codes; every batch it returns carries the code and its label.
            let drawn = try await APISpotCheckTests.drawnBatch(app)
            try await send(client, token, .get, "/api/v1/batches?stage=\(drawn.stage.rawValue)&open=true&limit=20") { r in
                #expect(r.status == .ok)
                let rows = r.json["items"] as? [[String: Any]] ?? []
                #expect(!rows.isEmpty && rows.allSatisfy { $0["stage"] as? String == drawn.stage.rawValue && $0["stageLabel"] as? String == drawn.stage.label })
                #expect(rows.allSatisfy { BatchState.unfinished.map(\.rawValue).contains($0["state"] as? String ?? "") })
            }
            try await send(client, token, .get, "/api/v1/batches?state=closed&open=true") { r in
                #expect(r.status == .ok && r.json["total"] as? Int == 0)
            }
        }
    }

    @Test func assignmentStopsAtTheContractAndAtTheAgencysYearlyCapacity() async throws {
        try await TestApp.with { app, client in
            let db = app.services.database
            let city = try await app.session("city").principal
            let agencyId = try await app.session("agency").principal.agencyId!
            let contract = try await MasterRepository<AgencyContract>(db).list(ListQuery(filters: ["agency_id": String(agencyId)]), as: city).items[0]
            let items = try await MasterRepository<TestItem>(db).list(ListQuery(filters: ["product_id": String(contract.productId!)]), as: city).items
            let plans = PlanRepository(db)
            var plan = try await plans.create(year: contract.year, title: "合同上限计划", as: city)
            plan = try await plans.addLine(PlanLine(productId: contract.productId!, mode: .special, stage: .production, batches: 2_000, itemIds: items.map(\.id)),
                                           to: plan.id, expectedVersion: plan.version, as: city)
            for action in [PlanAction.submit, .approve, .issue] {
                plan = try await plans.transition(plan.id, action, expectedVersion: plan.version, today: app.services.today(), as: city)
            }
            let used = try await TaskRepository(db).assignedBatches(year: contract.year)
            let contractLeft = contract.batches - (used.contracts[contract.id] ?? 0)
            let token = try await app.token("city")
            let uri = "/api/v1/plans/\(plan.id)/lines/\(plan.lines[0].id)/tasks"
            let due = app.services.today().adding(days: 30).description
            try await send(client, token, .post, uri, ["agencyId": agencyId, "batches": contractLeft + 1, "dueDate": due]) { r in
                #expect(r.status == .badRequest)
                #expect(String(buffer: r.body).contains("本次\(contractLeft + 1)批次超出合同"))
            }
            // Within the contract, the agency's stated capacity is the next limit.
            try await db.transaction { tx in
                try await tx.update("agencies").set("capacity", to: (used.agencies[agencyId] ?? 0) + 1).where("id", .equal, agencyId).run()
            }
            try await send(client, token, .post, uri, ["agencyId": agencyId, "batches": 2, "dueDate": due]) { r in
                #expect(r.status == .badRequest && String(buffer: r.body).contains("年承检能力为"))
            }
            try await send(client, token, .post, uri, ["agencyId": agencyId, "batches": 1, "dueDate": due]) { r in
                #expect(r.status == .created && r.json["stage"] as? String == "production")
            }
            #expect(try await TaskRepository(db).list(planId: plan.id, as: city).map(\.batches) == [1])
        }
    }

    @Test func theAgencyAcceptsOrDeclinesItsTaskAndADeclineNeedsAReason() async throws {
        try await TestApp.with { app, client in
            let db = app.services.database
            var (plan, _) = try await app.draftPlan()
            let cityP = try await app.session("city").principal, agencyP = try await app.session("agency").principal
            for action in [PlanAction.submit, .approve, .issue] {
                plan = try await PlanRepository(db).transition(plan.id, action, expectedVersion: plan.version, today: app.services.today(), as: cityP)
            }
            let task = try await TaskRepository(db).assign(planId: plan.id, lineId: plan.lines[0].id, agencyId: agencyP.agencyId!, batches: 5,
                                                           dueDate: app.services.today().adding(days: 30), area: nil, today: app.services.today(), as: cityP)
            let agency = try await app.token("agency"), city = try await app.token("city")
            try await send(client, agency, .get, "/api/v1/tasks/\(task.id)") { r in
                let actions = (r.json["actions"] as? [[String: Any]])?.compactMap { $0["action"] as? String }
                #expect(r.status == .ok && actions == ["accept", "decline"])
            }
            try await send(client, city, .post, "/api/v1/tasks/\(task.id)/actions/accept", ["version": task.version, "values": [:]]) { r in
                #expect(r.status == .forbidden)
            }
            try await send(client, agency, .post, "/api/v1/tasks/\(task.id)/actions/decline", ["version": task.version, "values": ["reason": "忙"]]) { r in
                #expect(r.status == .badRequest && (r.json["error"] as? [String: Any])?["field"] as? String == "reason")
            }
            try await send(client, agency, .post, "/api/v1/tasks/\(task.id)/actions/accept", ["version": task.version, "values": [:]]) { r in
                #expect(r.status == .ok && r.json["state"] as? String == "accepted")
            }
            try await send(client, agency, .post, "/api/v1/tasks/\(task.id)/actions/decline", ["version": task.version + 1, "values": ["reason": "设备检修中"]]) { r in
                #expect(r.status == .conflict)
            }
        }
    }

    @Test func aRuleVersionIsAddedOverTheAPIKeepingWhatItLeavesOut() async throws {
        try await TestApp.with { app, client in
            let admin = try await app.token("admin"), city = try await app.token("city")
            let start = app.services.today().adding(days: 400).description
            let body: [String: Any] = ["effectiveFrom": start, "reason": "接口调整异议期", "values": [["key": "objectionDays", "value": 20]]]
            try await send(client, city, .post, "/api/v1/rules", body) { #expect($0.status == .forbidden) }
            try await send(client, admin, .post, "/api/v1/rules", body.merging(["values": [["key": "noSuchRule", "value": 1]]]) { $1 }) { r in
                #expect(r.status == .badRequest && r.errorField == "noSuchRule")
            }
            try await send(client, admin, .post, "/api/v1/rules", body) { r in
                #expect(r.status == .created)
                let values = (r.json["values"] as? [[String: Any]]) ?? []
                #expect(values.first { $0["key"] as? String == "objectionDays" }?["value"] as? Double == 20)
                #expect(values.first { $0["key"] as? String == "yearlyChecksPerEnterprise" }?["value"] as? Double == 3, "left out, kept")
            }
            let versions = try await RuleRepository(app.services.database).versions()
            #expect(versions.first?.effectiveFrom.description == start && versions.first?.reason == "接口调整异议期", "the newest comes first")
        }
    }

    @Test func theCityRecordsAnInspectionOfAnAgency() async throws {
        try await TestApp.with { app, client in
            let agencyId = try await app.session("agency").principal.agencyId!
            let city = try await app.token("city"), jiading = try await app.token("jiading")
            let body: [String: Any] = ["inspectedOn": app.services.today().description, "findings": "留样室温湿度记录缺失", "deduction": 2.5]
            try await send(client, jiading, .post, "/api/v1/agencies/\(agencyId)/inspections", body) { #expect($0.status == .forbidden) }
            try await send(client, city, .post, "/api/v1/agencies/\(agencyId)/inspections", body.merging(["deduction": 120]) { $1 }) { r in
                #expect(r.status == .badRequest && r.errorField == "deduction")
            }
            try await send(client, city, .post, "/api/v1/agencies/\(agencyId)/inspections", body) { r in
                #expect(r.status == .created && r.json["deduction"] as? Double == 2.5)
            }
            #expect(try await AgencyInspectionRepository(app.services.database).list().contains { $0.agencyId == agencyId && $0.deduction == 2.5 })
        }
    }

    @Test func plansAndTasksAreListedInPages() async throws {
        try await TestApp.with { app, client in
            _ = try await app.draftPlan()
            _ = try await app.draftPlan()
            let token = try await app.token("city")
            let first = try await client.execute(uri: "/api/v1/plans?limit=1", method: .get, headers: bearer(token))
            #expect((first.json["items"] as? [[String: Any]])?.count == 1 && (first.json["total"] as? Int ?? 0) >= 2)
            let cursor = first.json["nextCursor"] as? String ?? ""
            #expect(!cursor.isEmpty)
            try await send(client, token, .get, "/api/v1/plans?limit=1&cursor=\(cursor)") { r in
                #expect((r.json["items"] as? [[String: Any]])?.count == 1)
            }
            try await send(client, token, .get, "/api/v1/tasks?limit=2") { r in
                #expect(r.status == .ok && ((r.json["items"] as? [[String: Any]])?.count ?? 0) <= 2 && r.json["total"] is Int)
            }
        }
    }

    @Test func theAdministratorEntersACalendarYearAndOthersReadIt() async throws {
        try await TestApp.with { app, client in
            let admin = try await app.token("admin"), city = try await app.token("city"), firm = try await app.token("enterprise")
            let year = ["holidays": "01-01; 02-04…02-10", "adjustedWorkdays": "02-02; 02-23", "source": "国务院办公厅关于2030年部分节假日安排的通知"]
            try await send(client, city, .put, "/api/v1/calendar/2030", year) { #expect($0.status == .forbidden) }
            try await send(client, admin, .put, "/api/v1/calendar/2030", ["holidays": "13-45", "adjustedWorkdays": "", "source": "通知"]) { r in
                #expect(r.status == .badRequest)
            }
            try await send(client, admin, .put, "/api/v1/calendar/2030", year) { r in
                #expect(r.status == .ok && (r.json["holidays"] as? [String])?.count == 8, "\(r.text)")
            }
            try await send(client, firm, .get, "/api/v1/calendar") { r in
                #expect(r.status == .ok && r.text.contains("2030-02-04") && r.text.contains("2030"))
            }
            let calendar = try await CalendarRepository(app.services.database).calendar()
            #expect(try calendar.adding(workingDays: 1, to: Day("2030-02-01")!) == Day("2030-02-02")!, "an adjusted Saturday is a working day")
        }
    }

    /// The national plan entered over the API keeps its enterprise out of the city's draw of that product and year.
    @Test func aNationalPlanEntryKeepsTheEnterpriseOutOfTheDraw() async throws {
        try await TestApp.with { app, client in
            let db = app.services.database
            let (plan, link) = try await app.draftPlan()
            let cityP = try await app.session("city").principal
            let firmP = try await app.session("enterprise").principal
            let firm = try await MasterRepository<Enterprise>(db).find(firmP.enterpriseId!, as: cityP)!
            let city = try await app.token("city"), agency = try await app.token("agency")
            let entry: [String: Any] = ["productId": link.productId, "year": plan.year, "enterpriseUscc": firm.uscc, "enterpriseName": firm.name,
                                        "source": "市场监管总局国家监督抽查计划"]
            try await send(client, agency, .post, "/api/v1/national-plan", entry) { #expect($0.status == .forbidden) }
            try await send(client, city, .post, "/api/v1/national-plan", entry) { #expect($0.status == .created) }
            let task = try await app.acceptedTask(plan)
            try await send(client, city, .post, "/api/v1/tasks/\(task.id)/draws", ["publicValue": "01 02 03 04 05 06 + 07", "publicSource": "测试"]) {
                #expect($0.status == .conflict, "no draw before the commitment")
            }
            try await send(client, city, .post, "/api/v1/tasks/\(task.id)/draw-commitments", [:]) { r in
                #expect(r.status == .created && (r.json["text"] as? String)?.hasPrefix("PZ-DRAW-2 commitment") == true)
            }
            try await send(client, city, .post, "/api/v1/tasks/\(task.id)/draws", ["publicValue": "01 02 03 04 05 06 + 07"]) {
                #expect($0.status == .badRequest, "a public value names its source")
            }
            try await send(client, city, .post, "/api/v1/tasks/\(task.id)/draws", ["publicValue": "01 02 03 04 05 06 + 07", "publicSource": "测试"]) {
                #expect($0.status == .created)
            }
            var filter = BatchFilter()
            filter.taskId = task.id
            let drawn = try await BatchRepository(db).list(filter, as: cityP).rows
            #expect(!drawn.isEmpty && !drawn.contains { $0.enterpriseId == firm.id })
            let record = try await DrawRepository(db).list(taskId: task.id)[0]
            #expect(record.resultJSON.contains("国家监督抽查"))
        }
    }
}
