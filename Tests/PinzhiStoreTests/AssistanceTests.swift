import Foundation
import PinzhiDomain
import PinzhiTestSupport
import SQLKit
import Testing
@testable import PinzhiStore

/// Quality technical assistance in the store (SPEC TA-1 … TA-5): a request from a failed batch commits the expert
/// pool at once; 派单 draws from it and never a declared conflict; a decline commits a new pool without the
/// decliner; the case runs to its 回头帮 on the district's list; a violation found is a lead; the 000 table counts
/// what was stored.
@Suite("质量技术帮扶：需求、派单、诊断书、回头帮与统计表（TA-1至TA-5）")
struct AssistanceTests {
    let city = SpotCheckFixture.city

    static func experts(_ db: PinzhiDatabase, conflictWith e: Enterprise) async throws -> [Expert] {
        var out: [Expert] = []
        for (n, organisation) in ["市质检院", "市质检院", "上海大学", "市计量院"].enumerated() {
            var x = Expert(); x.code = "ZJ\(n + 1)"; x.name = "专家\(n + 1)"; x.organisation = organisation; x.fields = "电动自行车"
            out.append(try await MasterRepository<Expert>(db).create(x, as: TestDatabase.admin))
        }
        var conflict = ExpertConflict(); conflict.expertId = out[1].id; conflict.enterpriseUscc = e.uscc; conflict.name = e.name; conflict.reason = "曾任该企业技术顾问"
        _ = try await MasterRepository<ExpertConflict>(db).create(conflict, as: TestDatabase.admin)
        return out
    }

    static func principal(_ x: Expert) -> Principal {
        Principal(accountId: 30 + x.id, username: "zj\(x.id)", displayName: x.name, role: .expert, organisationId: 9, expertId: x.id)
    }

    @Test func aFailedBatchIsHelpedFromRequestToRevisitWithoutAConflictedExpert() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            let batch = try await f.failedBatch(db)
            let enterprise = try #require(f.enterprises.first { $0.id == batch.enterpriseId })
            let experts = try await Self.experts(db, conflictWith: enterprise)
            let district = TestDatabase.district(enterprise.districtCode ?? ""), other = TestDatabase.district(enterprise.districtCode == "310114" ? "310115" : "310114")
            let owner = f.enterpriseUser(enterprise)
            let repo = AssistanceRepository(db), store = WorkflowStore<AssistanceRepository>(db)
            // The enterprise cannot start from a batch; the other district does not see it.
            await #expect(throws: StoreError.self) { try await repo.request(.init(batchId: batch.id, mode: .routine, problems: ""), today: f.today, as: owner) }
            await #expect(throws: StoreError.self) { try await repo.request(.init(batchId: batch.id, mode: .routine, problems: ""), today: f.today, as: other) }
            let c0 = try await repo.request(.init(batchId: batch.id, mode: .routine, problems: ""), today: f.today, as: district)
            #expect(c0.origin == .batch && c0.enterpriseId == enterprise.id && c0.productId == batch.productId && c0.problems.contains(batch.number))
            #expect(try await repo.find(c0.id, as: other) == nil)
            #expect(try await repo.find(c0.id, as: owner) != nil)
            // The pool is committed with the request, the conflicted expert marked and never eligible.
            let pool = try #require(try await ListCommitmentStore.latest(db, kind: .assistanceExperts, recordId: c0.id))
            let list = try #require(try await ListCommitmentStore.list(db, pool.id))
            #expect(!pool.isDrawn && list.candidates.count == 4 && list.candidates.first { $0.id == experts[1].id }?.status == AssistanceExpertDraw.conflict)
            // 派单 of all three eligible: never the conflicted one.
            var c = try await store.act(c0.id, .assign, input: ["experts": "3", "publicValue": "0415", "publicSource": "体彩排列三第2026321期"],
                                        expectedVersion: c0.version, today: f.today, as: district)
            #expect(c.state == .assigned && Set(c.experts.map(\.expertId)) == [experts[0].id, experts[2].id, experts[3].id])
            #expect(try await ListCommitmentStore.latest(db, kind: .assistanceExperts, recordId: c0.id)?.isDrawn == true)
            // The drawn experts read it; the conflicted one does not. One declines: back to 需求 with a new pool.
            #expect(try await repo.find(c.id, as: Self.principal(experts[1])) == nil)
            let decliner = try #require(c.experts.first.map { e in experts.first { $0.id == e.expertId }! })
            c = try await store.act(c.id, .decline, input: ["reason": "近期出差无法上门"], expectedVersion: c.version, today: f.today, as: Self.principal(decliner))
            #expect(c.state == .requested && c.experts.isEmpty)
            let second = try #require(try await ListCommitmentStore.latest(db, kind: .assistanceExperts, recordId: c.id))
            #expect(second.id != pool.id && !second.isDrawn)
            // Three asked for, two eligible: refused, naming the shortfall; then two.
            do {
                _ = try await store.act(c.id, .assign, input: ["experts": "3", "publicValue": "0416", "publicSource": "体彩"], expectedVersion: c.version,
                                        today: f.today, as: district)
                Issue.record("three experts drawn from two")
            } catch StoreError.conflict(let text) {
                #expect(text.contains("不足3名"))
            } catch StoreError.invalid(let failure) {
                #expect(failure.errors.map(\.message).joined().contains("不足3名"))
            }
            c = try await store.act(c.id, .assign, input: ["experts": "2", "publicValue": "0416", "publicSource": "体彩排列三第2026322期"],
                                    expectedVersion: c.version, today: f.today, as: district)
            #expect(c.experts.count == 2 && !c.experts.contains { $0.expertId == decliner.id || $0.expertId == experts[1].id })
            let expert = Self.principal(try #require(experts.first { $0.id == c.experts[0].expertId }))
            c = try await store.act(c.id, .accept, input: [:], expectedVersion: c.version, today: f.today, as: expert)
            c = try await store.act(c.id, .visit, input: ["visitedOn": f.today.description], expectedVersion: c.version, today: f.today, as: expert)
            // The 诊断书: a measure due today is refused.
            let diagnosis = ["problems": "刹车性能不合格，制动距离超标", "causes": "闸皮供应商变更后未做进货检验",
                             "measures": "建立闸皮进货检验制度 | 2026-12-31\n整车出厂前逐台制动测试 | 2027-01-15"]
            var early = diagnosis
            early["measures"] = "建立闸皮进货检验制度 | \(f.today)"
            await #expect(throws: StoreError.self) { try await store.act(c.id, .diagnose, input: early, expectedVersion: c.version, today: f.today, as: expert) }
            c = try await store.act(c.id, .diagnose, input: diagnosis, expectedVersion: c.version, today: f.today, as: expert)
            #expect(c.diagnosis?.measures.count == 2 && c.diagnosis?.number.hasPrefix("ZD") == true)
            c = try await store.act(c.id, .acknowledge, input: [:], expectedVersion: c.version, today: f.today, as: owner)
            c = try await store.act(c.id, .follow, input: ["progress": "进货检验制度已发布实施"], expectedVersion: c.version, today: f.today, as: expert)
            c = try await store.act(c.id, .rate, input: ["rating": "5", "comment": "专家很专业"], expectedVersion: c.version, today: f.today, as: owner)
            // Closure: a value without its evidence is refused and changes nothing.
            await #expect(throws: StoreError.self) {
                try await store.act(c.id, .close, input: ["problemsSolved": "2", "outputValue": "120"], expectedVersion: c.version, today: f.today, as: district)
            }
            #expect(try await repo.find(c.id, as: city)?.state == .rated)
            c = try await store.act(c.id, .close, input: ["problemsSolved": "2", "outputValue": "120", "evidence": "企业2026年12月销售台账"],
                                    expectedVersion: c.version, today: f.today, as: district)
            #expect(c.state == .closed && c.revisitDue == Day("2027-05-24"))
            // 回头帮: refused before its day; on the district's list from that day.
            await #expect(throws: StoreError.self) {
                try await store.act(c.id, .revisit, input: ["finding": "整改措施持续有效"], expectedVersion: c.version, today: f.today, as: district)
            }
            let rules = try await RuleRepository(db).effective(on: f.today), calendar = try await CalendarRepository(db).calendar()
            let due = Day("2027-05-24")!
            #expect(try await repo.duties(as: district, today: due, rules: rules, calendar: calendar).contains { $0.id == c.id && $0.next.contains("回头帮") })
            c = try await store.act(c.id, .revisit, input: ["finding": "整改措施持续有效"], expectedVersion: c.version, today: due, as: district)
            #expect(c.revisitedOn == due)
            #expect(try await repo.duties(as: district, today: due, rules: rules, calendar: calendar).allSatisfy { $0.id != c.id })
            // A violation found during assistance is a lead for enforcement, which assistance users do not decide.
            _ = try await store.act(c.id, .lead, input: ["facts": "发现企业使用过期的强制性认证证书"], expectedVersion: c.version, today: due, as: district)
            let lead = try #require(try await LeadRepository(db).page(LeadRepository.Filter(), limit: 10, offset: 0, as: city).items.first { $0.source == .assistance })
            #expect(lead.enterpriseId == enterprise.id && lead.state == .open)
            // Every pool recomputes, and the case's experts are the drawn ones.
            #expect(try await ListCommitmentStore.verify(db).allSatisfy { $0.problem == nil })
            let swapped = AuditLog.json([c.experts[1], c.experts[0]]) ?? "", id = c.id
            try await db.session { sql in
                try await sql.update("assistance_cases").set("experts_json", to: SQLBind(swapped)).where("id", .equal, SQLBind(id)).run()
            }
            #expect(try await ListCommitmentStore.verify(db).contains { $0.problem == "帮扶案例的专家与抽取结果不一致" })
        }
    }

    @Test func theTableCountsTheStoredActivitiesAndCases() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            let experts = try await Self.experts(db, conflictWith: f.enterprises[5])
            let repo = AssistanceActivityRepository(db)
            let training = AssistanceActivityRepository.Input(kind: .training, title: "电动自行车质量技术培训", heldOn: f.today, place: "嘉定区市场监管局",
                                                              cluster: "嘉定电动车产业园", productCodes: [f.product.code], organisations: ["市质检院", "上海大学"],
                                                              expertCodes: ["ZJ1", "ZJ3"], usccs: [f.enterprises[0].uscc, f.enterprises[2].uscc], notes: nil)
            // Unknown references are named; nothing is written.
            var bad = training
            bad.expertCodes = ["ZJ1", "ZJ99"]
            do {
                _ = try await repo.create(bad, today: f.today, as: city)
                Issue.record("an unknown expert was accepted")
            } catch StoreError.invalid(let failure) {
                #expect(failure.errors.first { $0.field == "experts" }?.message.contains("ZJ99") == true)
            }
            #expect(try await repo.page(.init(), limit: 10, offset: 0, as: city).total == 0)
            _ = try await repo.create(training, today: f.today, as: city)
            var meeting = training
            meeting.kind = .analysisMeeting
            meeting.title = "电动自行车质量分析会"
            meeting.organisations = ["市质检院"]
            meeting.expertCodes = ["ZJ1"]
            meeting.usccs = [f.enterprises[0].uscc]
            _ = try await repo.create(meeting, today: f.today, as: city)
            #expect(try await repo.page(.init(), limit: 10, offset: 0, as: Self.principal(experts[2])).total == 1)
            let result = try await AssistanceReportQuery(db).report(from: Day(year: f.today.year, month: 1, day: 1)!, to: f.today, district: nil, as: city)
            // By hand: ZJ1 in two activities counts 2 人次 (+ZJ3: 3); 市质检院 twice + 上海大学: 3 家次; enterprise 0 helped
            // twice counts once: 2 enterprises; one product, one cluster.
            let r = result.report
            #expect(r.expertVisits == 3 && r.institutionVisits == 3 && r.enterprises == 2 && r.productKinds == 1 && r.clusters == 1)
            #expect(r.trainings == 1 && r.analysisMeetings == 1 && r.diagnosisLetters == 0)
            await #expect(throws: StoreError.self) {
                try await AssistanceReportQuery(db).report(from: f.today, to: f.today, district: nil, as: f.enterpriseUser(f.enterprises[0]))
            }
        }
    }

    @Test func districtsConfirmTheirTargetsFromTheRecordsAndRecordClustersAndTheLibraryIsOpenToEnterprises() async throws {
        try await TestDatabase.with { db in
            let f = try await SpotCheckFixture.make(db)
            // The fixture's product becomes a key product; its small enterprises are then suggested (key product and small).
            try await db.session { s in
                _ = try await s.raw("UPDATE products SET campaign_key = \(bind: true) WHERE id = \(bind: f.product.id)").all()
                _ = try await s.raw("UPDATE enterprises SET cluster = '测试电动车产业园' WHERE id IN (\(bind: f.enterprises[0].id), \(bind: f.enterprises[2].id))").all()
            }
            let jiading = TestDatabase.district("310114"), pudong = TestDatabase.district("310115")
            let repo = StrengtheningRepository(db)
            let suggested = try await repo.suggestions(year: f.today.year, district: "310114", today: f.today, as: jiading)
            #expect(suggested.count == 3 && suggested.allSatisfy { $0.reasons.contains(.keyProduct) && $0.reasons.contains(.smallMicro) })
            await #expect(throws: StoreError.self) { try await repo.suggestions(year: f.today.year, district: "310114", today: f.today, as: f.enterpriseUser(f.enterprises[0])) }
            // A district confirms only its own suggestions; all or nothing.
            await #expect(throws: StoreError.self) {
                try await repo.confirm(year: f.today.year, district: nil, enterpriseIds: [suggested[0].enterpriseId, f.enterprises[1].id], usccs: [], today: f.today, as: jiading)
            }
            #expect(try await repo.targets(year: f.today.year, district: nil, as: city).isEmpty)
            #expect(try await repo.confirm(year: f.today.year, district: nil, enterpriseIds: [suggested[0].enterpriseId], usccs: [f.enterprises[2].uscc],
                                           today: f.today, as: jiading) == 2)
            #expect(try await repo.suggestions(year: f.today.year, district: "310114", today: f.today, as: jiading).count == 1)
            let target = try #require(try await repo.targets(year: f.today.year, district: nil, as: city).first)
            // 一企一策: too short is refused; another district does not find it.
            await #expect(throws: StoreError.self) { try await repo.plan(target.id, text: "上门", as: jiading) }
            await #expect(throws: StoreError.self) { try await repo.plan(target.id, text: "上门诊断并建立进货检验制度，九月底前完成", as: pudong) }
            #expect(try await repo.plan(target.id, text: "上门诊断并建立进货检验制度，九月底前完成", as: jiading).plan?.contains("进货检验") == true)
            #expect(try await repo.progress(year: f.today.year, as: city).listed == 2)
            // A cluster is named as the enterprises' records name it, in the district that holds them; its 链主 is a member.
            await #expect(throws: StoreError.self) { try await repo.createCluster(name: "不存在的园区", productCodes: [], leaderUscc: nil, focus: "出厂检验能力不足", as: jiading) }
            await #expect(throws: StoreError.self) { try await repo.createCluster(name: "测试电动车产业园", productCodes: [], leaderUscc: nil, focus: "出厂检验能力不足", as: pudong) }
            await #expect(throws: StoreError.self) {
                try await repo.createCluster(name: "测试电动车产业园", productCodes: [], leaderUscc: f.enterprises[1].uscc, focus: "出厂检验能力不足", as: jiading)
            }
            let cluster = try await repo.createCluster(name: "测试电动车产业园", productCodes: [f.product.code], leaderUscc: f.enterprises[0].uscc,
                                                       focus: "出厂检验能力不足", as: jiading)
            #expect(cluster.members == 2 && cluster.leaderId == f.enterprises[0].id && cluster.productIds == [f.product.id])
            #expect(try await repo.clusters(as: pudong).isEmpty)
            // The library: the bureau writes, enterprises read free of charge; an open case cannot be entered.
            let library = AssistanceLibraryRepository(db)
            let owner = f.enterpriseUser(f.enterprises[1])
            await #expect(throws: StoreError.self) {
                try await library.create(category: .testing, productCode: nil, title: "出厂检验缺项", problem: "出厂检验只做外观尺寸检查",
                                         cause: "没有检测设备", solution: "委托有资质的机构按批检验并留存报告", caseId: nil, today: f.today, as: owner)
            }
            let open = try await AssistanceRepository(db).request(.init(mode: .routine, problems: "出厂检验项目不全"), today: f.today, as: owner)
            await #expect(throws: StoreError.self) {
                try await library.create(category: .testing, productCode: nil, title: "出厂检验缺项", problem: "出厂检验只做外观尺寸检查",
                                         cause: "没有检测设备", solution: "委托有资质的机构按批检验并留存报告", caseId: open.id, today: f.today, as: city)
            }
            _ = try await library.create(category: .testing, productCode: f.product.code, title: "出厂检验缺项", problem: "出厂检验只做外观尺寸检查",
                                         cause: "没有检测设备", solution: "委托有资质的机构按批检验并留存报告", caseId: nil, today: f.today, as: city)
            var filter = AssistanceLibraryRepository.Filter()
            filter.search = "出厂检验"
            #expect(try await library.page(filter, limit: 10, offset: 0, as: owner).total == 1)
            filter.category = .labelling
            #expect(try await library.page(filter, limit: 10, offset: 0, as: owner).total == 0)
        }
    }
}
