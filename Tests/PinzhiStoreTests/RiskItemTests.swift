import Foundation
import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

@Suite("风险信息与产品风险分级（RK-1、RK-2）")
struct RiskItemTests {
    let city = SpotCheckFixture.city

    @Test func aFailedBatchWithASeriousItemMakesALinkedRiskItemAndGradesItsProduct() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            let b = try await f.failedBatch(db)
            #expect(b.verdict == .fail && b.serious)
            var filter = RiskItemRepository.Filter()
            filter.batchId = b.id
            let items = try await RiskItemRepository(db).page(filter, limit: 10, offset: 0, as: city).items
            #expect(items.count == 1)
            let item = try #require(items.first)
            #expect(item.source == .spotCheck && item.batchNumber == b.number && item.enterpriseId == b.enterpriseId)
            #expect(item.districtCode == b.enterpriseDistrict && item.state == .reported)
            // 严重 without a scenario: severity 3 at > 1/10 000 → 较高 (SPEC RK-2 defaults).
            #expect(item.severity == 3 && ProbabilityBand(probability: item.probability) == .over1In10000 && item.riskLevel == .high)
            let grades = ProductGradeStore(db)
            #expect(try await grades.current(f.product.id).effective == .high)
            // The risk map (RK-4) shows the product in the enterprise's district: one open item at 较高, one failed check of one.
            let rules = try await RuleRepository(db).effective(on: f.today)
            let map = try await RiskMapQuery(db).cells(year: 2026, today: f.today, rules: rules, as: city)
            let cell = try #require(map.first { $0.productId == f.product.id && $0.districtCode == b.enterpriseDistrict })
            #expect(cell.openItems == 1 && cell.highestLevel == .high && cell.productGrade == .high && cell.tested == 1 && cell.failed == 1)
            #expect(try await RiskMapQuery(db).cells(year: 2026, today: f.today, rules: rules, as: TestDatabase.district(b.enterpriseDistrict == "310114" ? "310115" : "310114"))
                .allSatisfy { $0.items == 0 })
            // Its industrial cluster shows the same: the item, its level, the failed check.
            // Set after the check and the item: they move with the enterprise to its cluster as it is now.
            let enterprises = MasterRepository<Enterprise>(db)
            var enterprise = try #require(try await enterprises.find(b.enterpriseId, as: city))
            enterprise.cluster = "测试集聚区"
            _ = try await enterprises.update(enterprise, expectedVersion: enterprise.version, as: city)
            let cluster = try #require(try await RiskMapQuery(db).clusters(year: 2026, today: f.today, rules: rules, as: city).first { $0.cluster == "测试集聚区" })
            #expect(cluster.enterprises == 1 && cluster.items == 1 && cluster.openItems == 1 && cluster.highestLevel == .high && cluster.tested == 1 && cluster.failed == 1)
            // The enterprise's class is recomputed in the same transaction (RK-3): 较高 30 + a serious failure 15 + no
            // quality-safety officer for a national key product 5 = 50 → C, and the change says why.
            // Queued by the step, recomputed right after it (the server does so within seconds).
            #expect(try await CreditClassStore(db).processQueue(today: f.today) > 0)
            let credit = try await CreditClassStore(db).history(b.enterpriseId)
            #expect(credit.first?.creditClass == .c && credit.first?.total == 50)
            #expect(credit.first?.reasons == ["所产产品最高风险等级“较高”：30分", "近3年监督抽查含严重不合格项目1次：15分", "未按要求配备质量安全总监或安全员：5分"])
            #expect(credit.first?.cause.contains(b.number) == true, "the change names the batch that moved it")
            let stored = try await db.session { try await $0.raw("SELECT credit_class FROM enterprises WHERE id = \(bind: b.enterpriseId)").first()?.decode(column: "credit_class", as: String.self) }
            #expect(stored == "C")
            // A district sees its own district's items only.
            let other = b.enterpriseDistrict == "310114" ? "310115" : "310114"
            #expect(try await RiskItemRepository(db).find(item.id, as: TestDatabase.district(other)) == nil)
            #expect(try await RiskItemRepository(db).find(item.id, as: TestDatabase.district(b.enterpriseDistrict)) != nil)

            // The city grades it with a graver scenario: the product's grade follows, and the change is kept.
            let store = WorkflowStore<RiskItemRepository>(db)
            var r = try await store.act(item.id, .assess, input: [:], expectedVersion: item.version, today: f.today, as: city)
            await #expect(throws: StoreError.self) {
                _ = try await store.act(item.id, .grade, input: ["urgency": "second", "severity": "4", "probability": "两成", "userGroup": "general",
                                                                  "note": "车速超标，可能导致严重交通事故"], expectedVersion: r.version, today: f.today, as: city)
            }
            r = try await store.act(item.id, .grade, input: ["urgency": "second", "severity": "4", "probability": "1/50", "userGroup": "general",
                                                              "note": "车速超标，可能导致严重交通事故"], expectedVersion: r.version, today: f.today, as: city)
            #expect(r.state == .graded && r.riskLevel == .serious && r.urgency == .second && r.gradedOn == f.today)
            #expect(try await grades.current(f.product.id).effective == .serious)
            // 二级: measures within 10 working days of grading.
            let calendar = try await CalendarRepository(db).calendar()
            #expect(Workflow<RiskItemKind>.deadline(r, rules: rules, calendar: calendar)?.day == (try calendar.adding(workingDays: 10, to: f.today)))
            // A district handles its own item; another district may not.
            await #expect(throws: StoreError.self) {
                _ = try await store.act(item.id, .handle, input: ["measures": "责令企业召回并停止销售该批次产品"], expectedVersion: r.version, today: f.today,
                                        as: TestDatabase.district(other))
            }
            r = try await store.act(item.id, .handle, input: ["measures": "责令企业召回并停止销售该批次产品"], expectedVersion: r.version, today: f.today,
                                    as: TestDatabase.district(b.enterpriseDistrict))
            #expect(r.state == .handling)

            // An expert's override stands beside the model's grade; withdrawing it restores the model's.
            var current = try await grades.override(f.product.id, level: .medium, expert: "王专家", reason: "召回已完成，市场上剩余风险较低", today: f.today, as: city)
            #expect(current.effective == .medium && current.model?.level == .serious)
            await #expect(throws: StoreError.forbidden) {
                _ = try await grades.override(f.product.id, level: .low, expert: "王专家", reason: "召回已完成，市场上剩余风险较低", today: f.today,
                                              as: TestDatabase.district(other))
            }
            current = try await grades.override(f.product.id, level: nil, expert: "王专家", reason: "撤销调整，恢复模型定级结果", today: f.today, as: city)
            #expect(current.effective == .serious && current.override == nil)
            let history = try await grades.history(f.product.id)
            #expect(history.map(\.kind) == [.model, .model, .override, .overrideCleared])
            #expect(history.map(\.level) == [.high, .serious, .medium, nil])
            let events = try await WorkflowEvents.list(db, RiskItemKind.self, id: item.id)
            #expect(events.map(\.action) == ["assess", "grade", "handle"])
        }
    }

    @Test func aReportByHandIsCheckedAndANotAdoptedItemLeavesTheGrade() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            let repo = RiskItemRepository(db)
            func report(_ probability: String, uscc: String? = nil, district: String? = "310114", evidence: String = "消费者投诉电池充电时起火冒烟，附照片和购买凭证") -> RiskItemRepository.Report {
                .init(source: .complaint, productCode: f.product.code, uscc: uscc, districtCode: district, hazard: .fire, userGroup: .children,
                      severity: 3, probability: probability, evidence: evidence, reporter: "12315热线", reportedOn: nil)
            }
            do {
                _ = try await repo.create(report("2", district: nil, evidence: "短"), today: f.today, as: city)
                Issue.record("bad input accepted")
            } catch StoreError.invalid(let failure) {
                #expect(Set(failure.errors.map(\.field)) == ["probability", "evidence", "districtCode"])
            }
            await #expect(throws: StoreError.self) { _ = try await repo.create(report("1/500", district: "310115"), today: f.today, as: TestDatabase.district("310114")) }
            let item = try await repo.create(report("1/500", uscc: f.enterprises[0].uscc), today: f.today, as: TestDatabase.district("310114"))
            // Children move 1/500 (> 1/1 000) one band up to > 1/100: severity 3 there is serious.
            #expect(item.riskLevel == .serious && item.enterpriseName == f.enterprises[0].name && item.state == .reported)
            #expect(try await ProductGradeStore(db).current(f.product.id).effective == .serious)
            let rejected = try await WorkflowStore<RiskItemRepository>(db).act(item.id, .reject, input: ["reason": "经核查为用户私自改装电池所致，非产品缺陷"],
                                                                               expectedVersion: item.version, today: f.today, as: city)
            #expect(rejected.state == .rejected)
            #expect(try await ProductGradeStore(db).current(f.product.id).effective == nil)
            #expect(try await ProductGradeStore(db).history(f.product.id).map(\.level) == [.serious, nil])
        }
    }
}

@Suite("风险信息导入（RK-1）")
struct RiskItemImportTests {
    static let header = "来源,产品编码,企业统一社会信用代码,所在区,危害类型,使用人群,伤害严重程度,伤害发生概率,报送人或报送单位,报送日期,内容与证据\n"

    @Test func aBadRowWritesNothingAndAGoodFileImportsOnce() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            let jiading = TestDatabase.district("310114")
            let mine = try #require(f.enterprises.first { $0.districtCode == "310114" }), theirs = try #require(f.enterprises.first { $0.districtCode == "310115" })
            let good = "消费者投诉,\(f.product.code),\(mine.uscc),,火灾、燃烧,儿童,3,1/5000,12315热线,2026-11-20,投诉充电时外壳发烫冒烟并有焦味\n"
                + "网络舆情,\(f.product.code),,嘉定区,fire,general,2,0.0002,舆情监测,2026/11/21,网帖反映同型号产品充电时起火\n"
            let bad = good + "监督抽查,\(f.product.code),,310114,火灾、燃烧,,2,1/5000,某人,,由批次自动生成的不能导入\n"
                + "消费者投诉,NOPE,\(theirs.uscc),,火灾、燃烧,,5,两成,某人,2099-01-01,短\n"
                + "消费者投诉,\(f.product.code),\(theirs.uscc),,火灾、燃烧,,2,1/5000,某人,,外区企业的投诉内容够长了\n"
            let refused = try await RiskItemImport(db).run(Data((Self.header + bad).utf8), today: f.today, as: jiading)
            #expect(!refused.committed && refused.inserted == 0)
            let issues = Set(refused.issues.map { "\($0.row)|\($0.column)" })
            #expect(issues.isSuperset(of: ["4|来源", "5|伤害严重程度", "5|伤害发生概率", "5|报送日期", "5|内容与证据", "6|企业统一社会信用代码"]), "\(refused.issues)")
            #expect(refused.errorFile.count == 4, "header and the three bad rows")
            let count = { try await db.session { try await $0.raw("SELECT COUNT(*) AS n FROM risk_items").first()!.decode(column: "n", as: Int.self) } }
            #expect(try await count() == 0)
            // Only the valid rows when asked; then the whole good file is unchanged the second time.
            let partial = try await RiskItemImport(db).run(Data((Self.header + bad).utf8), mode: .validRowsOnly, today: f.today, as: jiading)
            #expect(partial.committed && partial.inserted == 2 && partial.skipped == 3)
            let again = try await RiskItemImport(db).run(Data((Self.header + good).utf8), today: f.today, as: jiading)
            #expect(again.committed && again.inserted == 0 && again.unchanged == 2)
            let items = try await RiskItemRepository(db).page(RiskItemRepository.Filter(), limit: 10, offset: 0, as: jiading).items
            #expect(items.count == 2 && items.allSatisfy { $0.districtCode == "310114" })
            #expect(items.contains { $0.source == .complaint && $0.enterpriseId == mine.id && $0.userGroup == .children && $0.reportedOn == Day("2026-11-20")! })
            #expect(items.contains { $0.source == .opinion && $0.hazard == .fire && $0.reportedOn == Day("2026-11-21")! })
        }
    }
}
