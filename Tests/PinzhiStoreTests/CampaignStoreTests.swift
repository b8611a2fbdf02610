import Foundation
import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

/// Campaigns in the store (SPEC CP-1 … CP-6): a campaign writes every district's monthly forms; an inspection's
/// 不符合 becomes a problem item in its transaction and licence holders not yet inspected are named; an item runs from
/// listing to 回头看 (复发 opens a linked one, 移送立案 writes a lead); a failed batch of a key product is listed once;
/// a self-inspection's open problem is listed; the form computed from the records is submitted, returned, approved and
/// locked, and a later record shows as a difference; the campaign closes only when the list allows.
@Suite("专项行动：问题清单、现场检查、统计表（CP-1至CP-6）")
struct CampaignStoreTests {
    let city = SpotCheckFixture.city

    func licence(_ db: PinzhiDatabase, _ e: Enterprise, _ n: Int) async throws {
        var l = Licence(); l.enterpriseId = e.id; l.number = "XK06-001-\(n)"; l.productUnit = "电动自行车"; l.issuer = "上海市市场监督管理局"
        l.expiresOn = "2029-12-31"
        _ = try await MasterRepository<Licence>(db).create(l, as: TestDatabase.admin)
    }

    func answers(failing item: ChecklistItem? = nil) -> [ChecklistAnswer] {
        ChecklistItem.items(for: .production).map { $0 == item ? ChecklistAnswer(item: $0, result: .nonCompliant, note: "出厂检验记录缺失") : ChecklistAnswer(item: $0, result: .compliant) }
    }

    @Test func aCampaignRunsFromInspectionToLockedForm() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            let jiading = TestDatabase.district("310114"), pudong = TestDatabase.district("310115")
            let campaigns = CampaignRepository(db)
            await #expect(throws: StoreError.self) { try await campaigns.create(.init(name: "区局自建专项行动", year: 2026), as: jiading) }
            await #expect(throws: StoreError.self) { try await campaigns.create(.init(name: "短", year: 2026, productIds: []), as: city) }
            let campaign = try await campaigns.create(.init(name: "2026年排险除患、助企纾困专项行动", year: 2026, startsOn: Day("2026-03-01"),
                                                            endsOn: Day("2026-12-31"), productIds: [f.product.id]), as: city)
            #expect(campaign.phases.count == 4 && campaign.productIds == [f.product.id])
            // Every district's form for every month, written with the campaign.
            let forms = CampaignFormRepository(db)
            #expect(try await forms.list(campaign: campaign.id, as: city).count == 10 * District.all.count)
            #expect(try await forms.list(campaign: campaign.id, as: jiading).allSatisfy { $0.districtCode == "310114" })

            // The interim and annual summaries, on each district's list with their deadlines: a short text is refused.
            let summaries = try await CampaignSummaryRepository(db).list(campaign: campaign.id, as: jiading)
            #expect(summaries.map(\.kind) == [.interimSummary, .annualSummary] && summaries.map(\.due.description) == ["2026-07-15", "2026-10-14"])
            let summaryStore = WorkflowStore<CampaignSummaryRepository>(db)
            await #expect(throws: StoreError.self) {
                try await summaryStore.act(summaries[0].id, .submit, input: ["text": "太短"], expectedVersion: summaries[0].version, today: f.today, as: jiading)
            }
            let sent = try await summaryStore.act(summaries[0].id, .submit, input: ["text": String(repeating: "阶段性工作总结：摸底排查和问题清单整治情况。", count: 3)],
                                                  expectedVersion: summaries[0].version, today: f.today, as: jiading)
            #expect(try await summaryStore.act(sent.id, .accept, input: [:], expectedVersion: sent.version, today: f.today, as: city).state == .accepted)

            // CP-3: licence holders of the product in 嘉定 (0, 2) and 浦东 (1); 嘉定 inspects 0 and finds 不符合.
            let (e0, e1, e2) = (f.enterprises[0], f.enterprises[1], f.enterprises[2])
            for (n, e) in [e0, e1, e2].enumerated() { try await licence(db, e, n) }
            let inspections = InspectionRepository(db)
            let entry = InspectionRepository.Entry(campaignId: campaign.id, uscc: e0.uscc, productCode: f.product.code, stage: .production,
                                                   basis: .licenceHolder, inspectedOn: Day("2026-11-10")!, inspectors: ["张三", "李四"],
                                                   answers: answers(failing: .factoryInspection))
            await #expect(throws: StoreError.self) { try await inspections.record(entry, today: f.today, as: pudong) }
            var short = entry
            short.inspectors = ["张三"]
            await #expect(throws: StoreError.self) { try await inspections.record(short, today: f.today, as: jiading) }
            let (inspection, found) = try await inspections.record(entry, today: f.today, as: jiading)
            #expect(found.count == 1 && found[0].source == .inspection && found[0].state == .listed && found[0].inspectionId == inspection.id)
            let coverage = try await inspections.coverage(campaign, today: f.today, as: city)
            let jd = try #require(coverage.lines.first { $0.districtCode == "310114" })
            #expect(jd.holders == 2 && jd.inspected == 1 && jd.missing.map(\.enterpriseId) == [e2.id])
            #expect(coverage.lines.first { $0.districtCode == "310115" }?.inspected == 0)
            // The others by risk: 嘉定 commits its list (licence holders listed, not eligible; weights by credit class in the
            // commitment), then draws with a public value; the draw recomputes.
            let draws = InspectionDrawRepository(db), rules = try await RuleRepository(db).effective(on: f.today)
            await #expect(throws: StoreError.self) { try await draws.commit(campaign, count: 2, today: f.today, rules: rules, as: city) }
            let committed = try await draws.commit(campaign, count: 2, today: f.today, rules: rules, as: jiading)
            #expect(committed.field("weights") == "A:1.0,B:2.0,C:10.0,D:30.0" && committed.candidates == 3 && committed.eligible == 1)
            await #expect(throws: StoreError.self) { try await draws.commit(campaign, count: 2, today: f.today, rules: rules, as: jiading) }
            await #expect(throws: StoreError.self) {
                try await draws.draw(campaign, reveal: .init(publicValue: "0817", publicSource: "体彩排列三"), as: pudong)
            }
            let drawn = try await draws.draw(campaign, reveal: .init(publicValue: "0817", publicSource: "体彩排列三第2026300期"), as: jiading)
            #expect(drawn.selectedIds == [f.enterprises[4].id])
            #expect(try await ListCommitmentStore.verify(db).allSatisfy { $0.problem == nil })
            #expect(try await draws.status(campaign, district: "310114").drawn.map(\.enterpriseId) == [f.enterprises[4].id])

            // The enterprise confirms its record, once.
            let owner = f.enterpriseUser(e0)
            #expect(try await inspections.confirm(inspection.id, remark: "无异议", today: f.today, as: owner).confirmedOn == f.today)
            await #expect(throws: StoreError.self) { try await inspections.confirm(inspection.id, remark: nil, today: f.today, as: owner) }

            // CP-4: the item runs; the enterprise gives its root cause; 销号; 回头看 finds it back: a new linked item.
            let items = ProblemItemRepository(db), store = WorkflowStore<ProblemItemRepository>(db)
            var item = found[0]
            #expect(try await items.find(item.id, as: pudong) == nil)
            #expect(try await items.find(item.id, as: owner) != nil)
            item = try await store.act(item.id, .plan, input: ["severity": "general", "m_order_correction": "on", "m_root_cause": "on",
                                                               "responsibleOrganisation": "嘉定区局", "responsiblePerson": "赵六", "deadline": "2026-12-20"],
                                       expectedVersion: item.version, today: f.today, as: jiading)
            item = try await store.act(item.id, .analyse, input: ["rootCause": "检验员未培训，已建立出厂检验规程"], expectedVersion: item.version,
                                       today: f.today, as: owner)
            item = try await store.act(item.id, .submit, input: ["closureEvidence": "复查出厂检验记录完整"], expectedVersion: item.version,
                                       today: f.today, as: jiading)
            item = try await store.act(item.id, .close, input: [:], expectedVersion: item.version, today: f.today, as: jiading)
            #expect(item.state == .closed && item.reviewDue == f.today.adding(days: 60))
            let later = f.today.adding(days: 61)
            #expect(try await items.duties(as: jiading, today: later, rules: try await RuleRepository(db).effective(on: later), calendar: try await CalendarRepository(db).calendar())
                .contains { $0.id == item.id && $0.next == ["回头看"] })
            item = try await store.act(item.id, .review, input: ["result": "relapsed", "finding": "回访发现出厂检验又未执行"], expectedVersion: item.version,
                                       today: later, as: jiading)
            var filter = ProblemItemRepository.Filter()
            filter.campaignId = campaign.id
            filter.source = .relapse
            let relapse = try #require(try await items.page(filter, limit: 10, offset: 0, as: city).items.first)
            #expect(relapse.relapseOf == item.id && relapse.state == .listed && relapse.problem.contains(item.number))
            #expect(try await WorkflowEvents.list(db, ProblemItemKind.self, id: item.id).map(\.action) == ["plan", "analyse", "submit", "close", "review"])

            // A lead from an association is verified first; 移送立案 writes a lead for enforcement.
            await #expect(throws: StoreError.self) {
                try await items.enter(.init(campaignId: campaign.id, uscc: e1.uscc, stage: .production, source: .association, problem: "协会反映充电器过充"),
                                      today: f.today, as: jiading)
            }
            var lead = try await items.enter(.init(campaignId: campaign.id, uscc: e2.uscc, stage: .production, source: .association,
                                                   problem: "协会反映该企业充电器过充保护失效"), today: f.today, as: jiading)
            #expect(lead.state == .verifying)
            lead = try await store.act(lead.id, .verify, input: ["founded": "yes", "finding": "现场核查属实"], expectedVersion: lead.version,
                                       today: f.today, as: jiading)
            lead = try await store.act(lead.id, .refer, input: ["facts": "充电器过充保护失效，涉嫌生产不合格产品"], expectedVersion: lead.version,
                                       today: f.today, as: jiading)
            #expect(lead.leadId == nil)
            lead = try #require(try await items.find(lead.id, as: city))
            let leadId = lead.leadId ?? -1
            let leadRow = try #require(try await db.session { try await $0.select().columns("source", "enterprise_id").from("leads")
                    .where("id", .equal, SQLBind(leadId)).first() })
            #expect(try leadRow.decode(column: "source", as: String.self) == LeadSource.problemItem.rawValue)

            // Assistance asked for from the item (SPEC TA-2): its enterprise and problem come with it; once while open.
            var x = Expert(); x.code = "ZJ1"; x.name = "专家1"; x.organisation = "市质检院"; x.fields = "电动自行车"
            _ = try await MasterRepository<Expert>(db).create(x, as: TestDatabase.admin)
            let help = try await AssistanceRepository(db).request(.init(problemItemId: lead.id, mode: .routine, problems: ""), today: f.today, as: jiading)
            #expect(help.origin == .problem && help.enterpriseId == e2.id && help.problemItemId == lead.id && help.problems.contains(lead.number))
            #expect(try await items.find(lead.id, as: city)?.assistanceCaseId == help.id)
            await #expect(throws: StoreError.self) {
                try await AssistanceRepository(db).request(.init(problemItemId: lead.id, mode: .routine, problems: ""), today: f.today, as: jiading)
            }
            await #expect(throws: StoreError.self) {
                try await AssistanceRepository(db).request(.init(problemItemId: lead.id, mode: .routine, problems: ""), today: f.today, as: pudong)
            }

            // A failed batch of the key product is listed once, as 监督抽查不合格.
            let batch = try await f.failedBatch(db)
            for _ in 0..<2 { try await db.transaction { try await ProblemItemRepository.fromFailedBatch($0, batch, today: f.today, by: city) } }
            filter.source = .spotCheck
            let fromBatch = try await items.page(filter, limit: 10, offset: 0, as: city).items
            #expect(fromBatch.count == 1 && fromBatch[0].batchId == batch.id && fromBatch[0].enterpriseId == batch.enterpriseId)

            // CP-2: a self-inspection with an open problem lists it; a second filing is refused.
            let selfRepo = SelfInspectionRepository(db)
            let filing = SelfInspection(campaignId: campaign.id, enterpriseId: 0, filedOn: f.today,
                                        sections: [.init(topic: .qualification, inOrder: true), .init(topic: .qualityControl, inOrder: false, note: "来料检验不全"),
                                                   .init(topic: .labelling, inOrder: true)],
                                        problemsOpen: "来料检验制度不全，正在修订", signatory: "法定代表人王五", committed: true)
            let (filed, selfItem) = try await selfRepo.file(filing, today: f.today, as: f.enterpriseUser(e2))
            #expect(filed.enterpriseId == e2.id && selfItem?.source == .selfInspection)
            await #expect(throws: StoreError.self) { try await selfRepo.file(filing, today: f.today, as: f.enterpriseUser(e2)) }
            #expect(try await selfRepo.coverage(campaign, as: city).first { $0.district == "310114" }.map { $0.filed } == 1)

            // CP-5: the form of 嘉定 for November, recomputed from the records by hand: one producer inspected with a
            // problem; the failed batch counted where its enterprise is.
            let query = MonthlyFormQuery(db)
            let november = FormPeriod("2026-11")!
            let form = try await query.form(campaign, period: november, district: "310114", as: jiading)
            let total = form.total.cells
            typealias C = MonthlyForm.Column
            #expect(total[C.screenedProducers.rawValue].value == 1 && total[C.producersWithProblems.rawValue].value == 1)
            let batchInJiading = batch.enterpriseDistrict == "310114" ? 1.0 : 0.0
            #expect(total[C.productionBatches.rawValue].value == batchInJiading && total[C.productionFailures.rawValue].value == batchInJiading)
            #expect(form.rows.map(\.label) == [f.product.name, "其他", "合计"])
            await #expect(throws: StoreError.self) { try await query.form(campaign, period: november, district: "310114", as: pudong) }
            // The city's sum equals the districts' added up, column by column (enterprises are in one district each).
            let sum = try await query.form(campaign, period: november, district: nil, as: city)
            var added = Array(repeating: 0.0, count: C.allCases.count)
            for d in District.all {
                let cells = try await query.form(campaign, period: november, district: d.code, as: city).total.cells
                for c in C.allCases where c.format != .change { added[c.rawValue] += cells[c.rawValue].value ?? 0 }
            }
            for c in C.allCases where c.format != .change { #expect(abs((sum.total.cells[c.rawValue].value ?? 0) - added[c.rawValue]) < 0.001, "\(c)") }

            // Submitted, returned, resubmitted, approved: locked; a later inspection changes the records, not the form.
            let formStore = WorkflowStore<CampaignFormRepository>(db)
            var record = try #require(try await forms.find(campaign: campaign.id, district: "310114", period: november, as: jiading))
            record = try await formStore.act(record.id, .submit, input: [:], expectedVersion: record.version, today: f.today, as: jiading)
            #expect(record.figures == form.texts)
            record = try await formStore.act(record.id, .reject, input: ["reason": "现场检查数与台账不符"], expectedVersion: record.version, today: f.today, as: city)
            record = try await formStore.act(record.id, .submit, input: [:], expectedVersion: record.version, today: f.today, as: jiading)
            record = try await formStore.act(record.id, .approve, input: [:], expectedVersion: record.version, today: f.today, as: city)
            #expect(record.isLocked && record.figures == form.texts)
            var second = entry
            second.uscc = e2.uscc
            second.answers = answers()
            _ = try await inspections.record(second, today: f.today, as: jiading)
            let now = try await query.form(campaign, period: november, district: "310114", as: jiading)
            let stored = try #require(try await forms.find(record.id, as: city))
            #expect(stored.figures == form.texts)
            let diff = MonthlyForm.differences(locked: stored.figures ?? [], lockedLabels: stored.rowLabels ?? [], current: now)
            #expect(diff.contains { $0.row == "合计" && $0.column == "风险排查 · 生产领域 · 排查企业" && $0.locked == "1" && $0.now == "2" })

            // The campaign cannot close with items open; carried over by the city, it can.
            await #expect(throws: StoreError.self) { try await campaigns.close(campaign.id, note: "", today: f.today, as: city) }
            for open in try await items.all(campaign: campaign.id, as: city) where open.isOpen {
                _ = try await store.act(open.id, .carryOver, input: ["reason": "企业停产整顿，复产前完成整改"], expectedVersion: open.version,
                                        today: f.today, as: city)
            }
            let closed = try await campaigns.close(campaign.id, note: "年度专项行动结束", today: f.today, as: city)
            #expect(closed.state == .closed)
            // CP-6: a 飞行检查 of 浦东 recorded by the city; 浦东 reads it, 嘉定 does not.
            let supervision = SupervisionRepository(db)
            _ = try await supervision.record(SupervisionVisit(campaignId: campaign.id, kind: .flying, districtCode: "310115", visitedOn: f.today,
                                                              team: ["市局甲", "执法总队乙"], findings: "现场检查覆盖率不足，2家获证企业未检查"),
                                             today: f.today, as: city)
            #expect(try await supervision.list(campaign: campaign.id, as: pudong).count == 1)
            #expect(try await supervision.list(campaign: campaign.id, as: jiading).isEmpty)
        }
    }
}
