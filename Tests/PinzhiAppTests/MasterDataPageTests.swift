import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PinzhiApp
import PinzhiDomain
import PinzhiStore
import Testing

@Suite("主数据页面与接口")
struct MasterDataPageTests {
    static let goodUSCC = USCC.complete("91310114" + "MA1X00001")

    func enterpriseForm(_ uscc: String) -> [String: String] {
        ["uscc": uscc, "name": "上海页面测试有限公司", "districtCode": "", "address": "上海市嘉定区测试路1号",
         "enterpriseType": "生产", "scale": "小型", "creditClass": "B"]
    }

    func count(_ app: TestApp) async throws -> Int {
        try await app.services.repository(Enterprise.self).list(ListQuery(includeInactive: true), as: try await app.session("admin").principal).total
    }

    @Test func wrongUSCCIsShownOnTheFormAndNothingIsWritten() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("jiading")
            let before = try await count(app)
            var bad = Array(Self.goodUSCC)
            bad[17] = bad[17] == "0" ? "1" : "0"
            let (headers, body) = s.form(enterpriseForm(String(bad)))
            try await client.execute(uri: "/enterprises", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("校验位错误"))
                #expect(response.text.contains("上海页面测试有限公司"), "what was typed is kept")
            }
            #expect(try await count(app) == before)
            let (h2, b2) = s.form(enterpriseForm(Self.goodUSCC))
            var location = ""
            try await client.execute(uri: "/enterprises", method: .post, headers: h2, body: b2) { response in
                #expect(response.status == .seeOther)
                location = response.headers[.location] ?? ""
            }
            #expect(try await count(app) == before + 1)
            try await client.execute(uri: location, method: .get, headers: s.headers) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("嘉定区"))
                #expect(response.text.contains("新建企业"), "history shows the creation")
            }
        }
    }

    /// The workbench is kept as rendered until the next write: a new enterprise shows in its count at once.
    @Test func theWorkbenchCountsAWriteAtOnce() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("jiading")
            func card() async throws -> String {
                var text = ""
                try await client.execute(uri: "/", method: .get, headers: s.headers) { response in text = response.text }
                guard let range = text.range(of: "辖区企业") else { return "" }
                return String(text[..<range.lowerBound].suffix(80))
            }
            let before = try await card()
            #expect(try await card() == before)
            let (headers, body) = s.form(enterpriseForm(Self.goodUSCC))
            try await client.execute(uri: "/enterprises", method: .post, headers: headers, body: body) { #expect($0.status == .seeOther) }
            #expect(try await card() != before)
        }
    }

    @Test func districtUserCannotCreateInAnotherDistrict() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("jiading")
            let before = try await count(app)
            var form = enterpriseForm(USCC.complete("91310115MA1X00002"))
            form["districtCode"] = "310115"
            let (headers, body) = s.form(form)
            try await client.execute(uri: "/enterprises", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try await count(app) == before)
        }
    }

    @Test func staleEditIsRefusedWithAClearMessage() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("city")
            let e = try await app.enterprises(as: "city")[0]
            var form = RecordBuilder.text(of: e)
            form["name"] = "第一次修改"
            form["_version"] = String(e.version)
            let (h1, b1) = s.form(form)
            try await client.execute(uri: "/enterprises/\(e.id)", method: .post, headers: h1, body: b1) { response in
                #expect(response.status == .seeOther)
            }
            form["name"] = "基于旧版本的修改"
            let (h2, b2) = s.form(form)
            try await client.execute(uri: "/enterprises/\(e.id)", method: .post, headers: h2, body: b2) { response in
                #expect(response.status == .conflict)
                #expect(response.text.contains("已被他人修改"))
            }
            let now = try await app.services.repository(Enterprise.self).find(e.id, as: s.principal)
            #expect(now?.name == "第一次修改")
        }
    }

    @Test func listSearchFilterSortAndPaging() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("city")
            try await client.execute(uri: "/enterprises?f_district_code=310114&sort=name&dir=desc&page=1", method: .get, headers: s.headers) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("共 "))
            }
            try await client.execute(uri: "/enterprises?q=%3Cscript%3E", method: .get, headers: s.headers) { response in
                #expect(!response.text.contains("<script>"), "search text is escaped")
                #expect(response.text.contains("&lt;script&gt;"))
            }
            try await client.execute(uri: "/products/1", method: .get, headers: s.headers) { response in
                #expect(response.text.contains("检验项目"))
            }
        }
    }

    @Test func exportsAreRealSpreadsheetsWithTheScopeApplied() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("jiading")
            let mine = try await app.enterprises(as: "jiading").count
            try await client.execute(uri: "/enterprises/export.xlsx", method: .get, headers: s.headers) { response in
                #expect(response.headers[.contentType]?.contains("spreadsheetml") == true)
                let rows = try XLSXReader.rows(Data(buffer: response.body))
                #expect(rows.count == mine + 1)
                #expect(rows[0].first == "统一社会信用代码")
            }
            try await client.execute(uri: "/enterprises/export.csv", method: .get, headers: s.headers) { response in
                let rows = try CSVReader.rows(Data(buffer: response.body))
                #expect(rows.filter { !$0.isEmpty }.count == mine + 1)
            }
        }
    }

    @Test func uploadImportIsAllOrNothing() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("city")
            let before = try await count(app)
            let header = "统一社会信用代码,企业名称,注册地址,企业类型,企业规模,信用风险分类\n"
            let good = (1...3).map { "\(USCC.complete("91310117MA1Y0000\($0)")),上海上传\($0)有限公司,松江路\($0)号,生产,小型,A\n" }.joined()
            let bad = header + good + "91310117MA1Y00009X,坏,路,生产,小型,A\n"
            var resultURL = ""
            try await client.execute(uri: "/import/enterprises?mode=all&name=bad.csv", method: .post,
                                     headers: [.cookie: s.cookie, .csrfToken: s.csrf, .contentType: "application/octet-stream"],
                                     body: ByteBuffer(string: bad)) { response in
                #expect(response.status == .unprocessableContent)
                resultURL = response.json["url"] as? String ?? ""
            }
            #expect(try await count(app) == before)
            try await client.execute(uri: resultURL, method: .get, headers: s.headers) { response in
                #expect(response.text.contains("<td>5</td><td>统一社会信用代码</td>"))
                #expect(response.text.contains("未写入任何数据"))
            }
            try await client.execute(uri: resultURL + "/errors.csv", method: .get, headers: s.headers) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("错误说明"))
            }
            try await client.execute(uri: "/import/enterprises?mode=all&name=good.csv", method: .post,
                                     headers: [.cookie: s.cookie, .csrfToken: s.csrf, .contentType: "application/octet-stream"],
                                     body: ByteBuffer(string: header + good)) { response in
                #expect(response.status == .ok)
            }
            #expect(try await count(app) == before + 3)
            // Each new record's history shows the one audit row of the import that created it.
            let imported = try #require(try await app.services.repository(Enterprise.self)
                .list(ListQuery(search: "上海上传2"), as: try await app.session("admin").principal).items.first)
            try await client.execute(uri: "/enterprises/\(imported.id)", method: .get, headers: s.headers) { response in
                #expect(response.text.contains("导入企业：新增3条") && response.text.contains("由此次导入新建（共3条，文件SHA-256："), "\(response.text)")
            }
            // Someone else's import result is not theirs to read.
            let other = try await app.session("jiading")
            try await client.execute(uri: resultURL, method: .get, headers: other.headers) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    /// The import page's script asks for the processing as it goes: JSON lines with the rows done, the rate and the
    /// time left, then the answer (issue 22 item 5). The API reads a named sheet.
    @Test func aStreamedImportReportsItsProgressThenItsAnswer() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("city")
            let header = "统一社会信用代码,企业名称,注册地址,企业类型,企业规模\n"
            let rows = (0..<1200).map { "\(USCC.complete("91310117MA1P" + String(format: "%05d", $0))),上海进度\($0)有限公司,上海市松江区进度路\($0)号,生产,小型\n" }
            var lines: [[String: Any]] = []
            try await client.execute(uri: "/import/enterprises?mode=all&name=progress.csv", method: .post,
                                     headers: [.cookie: s.cookie, .csrfToken: s.csrf, .contentType: "application/octet-stream", .accept: "application/x-ndjson"],
                                     body: ByteBuffer(string: header + rows.joined())) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/x-ndjson")
                lines = response.text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            }
            let readings = lines.filter { $0["phase"] != nil }
            #expect(!readings.isEmpty, "at least the end of each phase is reported")
            #expect(readings.contains { ($0["text"] as? String)?.contains("/1200 行") == true })
            #expect(readings.allSatisfy { ($0["percent"] as? Int).map { (0...100).contains($0) } == true })
            let answer = try #require(lines.last)
            #expect(answer["committed"] as? Bool == true && (answer["url"] as? String)?.hasPrefix("/import/results/") == true, "\(answer)")
            // The answer alone for any other client, and a sheet named that the file does not have is said so.
            let xlsx = try XLSXWriter.data(CSVReader.parse(header + rows[0]), sheetName: "企业")
            let token = try await app.token("city")
            try await client.execute(uri: "/api/v1/imports/enterprises?sheet=%E6%95%B0%E6%8D%AE", method: .post,
                                     headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"],
                                     body: ByteBuffer(data: xlsx)) { response in
                #expect(response.status == .unprocessableContent && response.text.contains("没有名为“数据”的工作表（文件中的工作表：企业）"), "\(response.text)")
            }
            try await client.execute(uri: "/api/v1/imports/enterprises?sheet=%E4%BC%81%E4%B8%9A", method: .post,
                                     headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"],
                                     body: ByteBuffer(data: xlsx)) { response in
                #expect(response.status == .ok && response.json["unchanged"] as? Int == 1, "\(response.text)")
            }
        }
    }

    @Test func auditPageVerifiesTheChain() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("admin")
            let (headers, body) = s.form([:])
            try await client.execute(uri: "/audit/verify", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("审计链完整"))
            }
        }
    }

    @Test func productTreeAndAuditExport() async throws {
        try await TestApp.with { app, client in
            let s = try await app.session("admin")
            try await client.execute(uri: "/products/tree", method: .get, headers: s.headers) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("建筑材料") && response.text.contains("通用硅酸盐水泥"))
            }
            try await client.execute(uri: "/audit/export.csv", method: .get, headers: s.headers) { response in
                let rows = try CSVReader.rows(Data(buffer: response.body))
                #expect(rows.first?.first == "序号")
                #expect(rows.count > 100)
            }
            let city = try await app.session("city")
            try await client.execute(uri: "/audit/export.csv", method: .get, headers: city.headers) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func calendarPageCalculatesAndTheAdministratorEditsIt() async throws {
        try await TestApp.with { app, client in
            let city = try await app.session("city")
            try await client.execute(uri: "/calendar?from=2024-02-08&n=3", method: .get, headers: city.headers) { response in
                #expect(response.text.contains("2024-02-19"))
            }
            let (h1, b1) = city.form(["year": "2027", "off": "01-01", "on": "", "source": "x"])
            try await client.execute(uri: "/calendar", method: .post, headers: h1, body: b1) { response in
                #expect(response.status == .forbidden)
            }
            let admin = try await app.session("admin")
            let (h2, b2) = admin.form(["year": "2027", "off": "01-01; 02-30", "on": "", "source": "x"])
            try await client.execute(uri: "/calendar", method: .post, headers: h2, body: b2) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("无法识别“02-30”"))
            }
            let (h3, b3) = admin.form(["year": "2027", "off": "01-01…01-03", "on": "", "source": "国务院办公厅关于2027年部分节假日安排的通知"])
            try await client.execute(uri: "/calendar", method: .post, headers: h3, body: b3) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/calendar?from=2026-12-31&n=1", method: .get, headers: city.headers) { response in
                #expect(response.text.contains("2027-01-04"))
            }
        }
    }

    @Test func rulesPageShowsTheVersionInForceAndTheAdministratorAddsOne() async throws {
        try await TestApp.with { app, client in
            let admin = try await app.session("admin")
            try await client.execute(uri: "/rules", method: .get, headers: admin.headers) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("现行：第1版"))
            }
            var form = RuleSet.defaults.mapValues { RuleSet.format($0) }
            form["objectionDays"] = "100"
            form["effectiveFrom"] = TestApp.today.adding(days: 30).description
            form["reason"] = ""
            let (h1, b1) = admin.form(form)
            try await client.execute(uri: "/rules", method: .post, headers: h1, body: b1) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("应在1至60日之间"))
                #expect(response.text.contains("请写明调整理由"))
            }
            form["objectionDays"] = "20"
            form["reason"] = "依据新修订的办法调整"
            let (h2, b2) = admin.form(form)
            try await client.execute(uri: "/rules", method: .post, headers: h2, body: b2) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/rules", method: .get, headers: admin.headers) { response in
                #expect(response.text.contains("第2版"))
            }
            let city = try await app.session("city")
            let (h3, b3) = city.form(form)
            try await client.execute(uri: "/rules", method: .post, headers: h3, body: b3) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func aDistrictPlanFromDraftToIssuedInTheBrowser() async throws {
        try await TestApp.with { app, client in
            let jiading = try await app.session("jiading")
            var location = ""
            let (h1, b1) = jiading.form(["year": "2027", "title": "嘉定区2027年监督抽查计划"])
            try await client.execute(uri: "/plans", method: .post, headers: h1, body: b1) { response in
                #expect(response.status == .seeOther)
                location = String((response.headers[.location] ?? "").split(separator: "?")[0])
            }
            let planId = Int64(location.split(separator: "/").last ?? "") ?? 0
            let product = try await app.services.repository(Product.self).list(ListQuery(search: "车用汽油"), as: jiading.principal).items[0]
            let items = try await app.services.repository(TestItem.self).list(ListQuery(filters: ["product_id": String(product.id)]), as: jiading.principal).items
            try await client.execute(uri: "\(location)?product=\(product.id)", method: .get, headers: jiading.headers) { response in
                #expect(response.text.contains("硫含量") && response.text.contains("重点"))
            }
            var form = ["productId": String(product.id), "stage": "流通", "mode": "routine", "batches": "12", "_version": "1"]
            for item in items where item.name != "硫含量" { form["item_\(item.id)"] = "1" }
            let (h2, b2) = jiading.form(form)
            try await client.execute(uri: "\(location)/lines", method: .post, headers: h2, body: b2) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("缺少重点安全项目：硫含量"))
            }
            for item in items { form["item_\(item.id)"] = "1" }
            let (h3, b3) = jiading.form(form)
            try await client.execute(uri: "\(location)/lines", method: .post, headers: h3, body: b3) { response in
                #expect(response.status == .seeOther)
            }
            let (h4, b4) = jiading.form(["_version": "2"])
            try await client.execute(uri: "\(location)/transition/submit", method: .post, headers: h4, body: b4) { response in
                #expect(response.status == .seeOther)
            }
            let pudong = try await app.session("pudong")
            try await client.execute(uri: location, method: .get, headers: pudong.headers) { response in
                #expect(response.status == .notFound)
            }
            let city = try await app.session("city")
            let (h5, b5) = city.form(["_version": "2"])
            try await client.execute(uri: "\(location)/transition/approve", method: .post, headers: h5, body: b5) { response in
                #expect(response.status == .conflict, "a stale version is refused")
            }
            for (action, version) in [("approve", "3"), ("issue", "4")] {
                let (h, b) = city.form(["_version": version])
                try await client.execute(uri: "\(location)/transition/\(action)", method: .post, headers: h, body: b) { response in
                    #expect(response.status == .seeOther, "\(action)")
                }
            }
            let plan = try await PlanRepository(app.services.database).find(planId, as: city.principal)
            #expect(plan?.state == .issued && plan?.totalBatches == 12)
            let agency = try await app.session("agency")
            try await client.execute(uri: "/plans", method: .get, headers: agency.headers) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func tasksAreAssignedFromAnIssuedPlanAndTheAgencyAcceptsIt() async throws {
        try await TestApp.with { app, client in
            let city = try await app.session("city")
            let agencySession = try await app.session("agency")
            let agencyId = agencySession.principal.agencyId!
            let contract = try await app.services.repository(AgencyContract.self)
                .list(ListQuery(filters: ["agency_id": String(agencyId)]), as: city.principal).items[0]
            let product = try await app.services.repository(Product.self).find(contract.productId!, as: city.principal)!
            let items = try await app.services.repository(TestItem.self).list(ListQuery(filters: ["product_id": String(product.id)]), as: city.principal).items
            let plans = PlanRepository(app.services.database)
            let today = TestApp.today
            var plan = try await plans.create(year: contract.year, title: "市级计划", as: city.principal)
            plan = try await plans.addLine(PlanLine(productId: product.id, mode: .routine, stage: .production, batches: 8, itemIds: items.map(\.id)),
                                           to: plan.id, expectedVersion: plan.version, as: city.principal)
            for action in [PlanAction.submit, .approve, .issue] {
                plan = try await plans.transition(plan.id, action, expectedVersion: plan.version, today: today, as: city.principal)
            }
            let due = today.adding(days: 30).description
            let (h1, b1) = city.form(["agencyId": String(agencyId), "batches": "9", "dueDate": due])
            try await client.execute(uri: "/plans/\(plan.id)/lines/\(plan.lines[0].id)/tasks", method: .post, headers: h1, body: b1) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("还可分配8批次"))
            }
            let (h2, b2) = city.form(["agencyId": String(agencyId), "batches": "8", "dueDate": due])
            try await client.execute(uri: "/plans/\(plan.id)/lines/\(plan.lines[0].id)/tasks", method: .post, headers: h2, body: b2) { response in
                #expect(response.status == .seeOther)
            }
            let task = try await TaskRepository(app.services.database).list(planId: plan.id, as: city.principal)[0]
            try await client.execute(uri: "/", method: .get, headers: agencySession.headers) { response in
                #expect(response.text.contains("待办事项") && response.text.contains(product.name))
            }
            let jiading = try await app.session("jiading")
            try await client.execute(uri: "/tasks/\(task.id)", method: .get, headers: jiading.headers) { response in
                #expect(response.status == .notFound, "a district does not see the city's tasks")
            }
            try await client.execute(uri: "/tasks/\(task.id)", method: .get, headers: agencySession.headers) { response in
                #expect(!response.text.contains("查看计划"), "no link to a page the agency may not open")
            }
            let (h3, b3) = agencySession.form(["_version": "1"])
            try await client.execute(uri: "/tasks/\(task.id)/accept", method: .post, headers: h3, body: b3) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: "/tasks/\(task.id)/accept", method: .post, headers: h3, body: b3) { response in
                #expect(response.status == .conflict, "a second acceptance is refused")
            }
            #expect(try await TaskRepository(app.services.database).find(task.id, as: city.principal)?.state == .accepted)
        }
    }
}
