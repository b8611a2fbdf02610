import Testing
@testable import PinzhiDomain

@Suite("批次流程（SC-5至SC-9）")
struct BatchWorkflowTests {
    static let rules = RuleSet(version: 3, effectiveFrom: Day("2000-01-01")!, values: RuleSet.defaults, reason: "默认", createdBy: "t")
    static let calendar = WorkingDayCalendar(WorkingDayCalendar.official)
    static let city = Principal(accountId: 1, username: "city", displayName: "市局", role: .citySupervisor, organisationId: 1)
    static let agency = Principal(accountId: 2, username: "ag", displayName: "甲检测", role: .agencyUser, organisationId: 2, agencyId: 10)
    static let otherAgency = Principal(accountId: 3, username: "ag2", displayName: "乙检测", role: .agencyUser, organisationId: 3, agencyId: 11)
    static let firm = Principal(accountId: 4, username: "en", displayName: "企业", role: .enterpriseUser, organisationId: 4, enterpriseId: 100)
    static let jiading = Principal(accountId: 5, username: "jd", displayName: "嘉定", role: .districtSupervisor, organisationId: 5, districtCode: "310114")
    static let pudong = Principal(accountId: 6, username: "pd", displayName: "浦东", role: .districtSupervisor, organisationId: 6, districtCode: "310115")

    static let items: [TestItem] = {
        var lead = TestItem(); lead.id = 1; lead.name = "铅"; lead.limitExpression = "≤90"; lead.severity = .serious
        var mark = TestItem(); mark.id = 2; mark.name = "标志"; mark.limitExpression = "符合"; mark.severity = .general
        return [lead, mark]
    }()

    static func batch(_ state: BatchState = .drawn, stage: SamplingStage = .production) -> Batch {
        var b = Batch()
        b.id = 1; b.number = "CJ2026-000001"; b.agencyId = 10; b.enterpriseId = 100; b.enterpriseDistrict = "310114"
        b.productName = "儿童玩具"; b.stage = stage; b.state = state; b.dueDate = Day("2026-12-31")!; b.stateSince = Day("2026-11-02")!
        return b
    }

    func run(_ action: BatchAction, _ b: Batch, by p: Principal, _ input: [String: String] = [:], today: String = "2026-11-24",
             recheck: (Int64, String)? = nil) -> Result<BatchStep, BatchRefusal> {
        BatchWorkflow.apply(action, to: b, by: p, input: input,
                            context: BatchContext(today: Day(today)!, rules: Self.rules, calendar: Self.calendar, items: Self.items,
                                                  recheckList: recheck.map { Self.recheckList($0.0) }, agencyNames: recheck.map { [$0.0: $0.1] } ?? [:]))
    }

    /// The first agency (10) and one other qualified agency, committed as the recheck list.
    static func recheckList(_ other: Int64) -> ListDraw {
        RecheckAgencyDraw.list(batchNumber: "CJ2026-000001", day: Day("2026-11-24")!, qualified: [(10, "JG10"), (other, "JG\(other)"), (10, "JG10")],
                               firstAgency: 10, salts: [[UInt8](repeating: 1, count: 16), [UInt8](repeating: 2, count: 16)],
                               committedAt: "2026-11-24T02:00:00Z")
    }

    func step(_ action: BatchAction, _ b: Batch, by p: Principal, _ input: [String: String] = [:], today: String = "2026-11-24",
              recheck: (Int64, String)? = nil) throws -> Batch {
        try run(action, b, by: p, input, today: today, recheck: recheck).get().batch
    }

    static let sample = ["sampledOn": "2026-11-03", "sampleName": "积木", "lotNumber": "L1", "quantity": "6件", "backupQuantity": "3件",
                         "backupSealed": "是", "place": "成品仓库"]

    @Test("每一步只由其当事方、在其状态下办理", arguments: [
        (BatchAction.sample, BatchState.drawn, BatchWorkflowTests.otherAgency, "forbidden"),
        (.sample, .drawn, BatchWorkflowTests.city, "forbidden"),
        (.sample, .sampled, BatchWorkflowTests.agency, "wrongState"),
        (.object, .notified, BatchWorkflowTests.agency, "forbidden"),
        (.receive, .transferred, BatchWorkflowTests.pudong, "forbidden"),
        (.transfer, .concluded, BatchWorkflowTests.jiading, "forbidden"),
        (.conclude, .reported, BatchWorkflowTests.city, "wrongState"),
    ])
    func partiesAndStates(action: BatchAction, state: BatchState, principal: Principal, expected: String) {
        switch run(action, Self.batch(state), by: principal, Self.sample) {
        case .failure(.forbidden): #expect(expected == "forbidden")
        case .failure(.wrongState): #expect(expected == "wrongState")
        default: Issue.record("\(action) by \(principal.username) in \(state) was not refused")
        }
    }

    @Test func samplingNeedsTheSealedBackupAndOnlineEvidence() throws {
        var input = Self.sample
        input["backupSealed"] = nil
        input["online"] = "是"
        guard case .failure(.invalid(let failure)) = run(.sample, Self.batch(), by: Self.agency, input) else { Issue.record("accepted"); return }
        #expect(Set(failure.errors.map(\.field)) == ["backupSealed", "orderNumber", "deliveryEvidence"])
        input["sampledOn"] = "2026-11-25"
        guard case .failure(.invalid(let late)) = run(.sample, Self.batch(), by: Self.agency, input) else { Issue.record("accepted"); return }
        #expect(late.errors.contains { $0.field == "sampledOn" && $0.message.contains("不能晚于今天") })
        let b = try step(.sample, Self.batch(), by: Self.agency, Self.sample)
        #expect(b.state == .sampled && b.sampledOn == Day("2026-11-03") && b.stateSince == Day("2026-11-24") && b.rulesVersion == 3)
    }

    @Test("批次结论由检验项目计算，不能填写", arguments: [
        (["item1": "12", "item2": "符合"], ItemVerdict.pass, false),
        (["item1": "12", "item2": "不符合"], .fail, false),
        (["item1": "95.5", "item2": "符合"], .fail, true),
    ])
    func verdictIsComputed(values: [String: String], verdict: ItemVerdict, serious: Bool) throws {
        var sampled = Self.batch(.sampled)
        sampled.sampledOn = Day("2026-11-03")
        var input = ["reportNumber": "R1", "signatory": "张工", "reportedOn": "2026-11-10", "verdict": "合格"]
        input.merge(values) { $1 }
        let result = try run(.report, sampled, by: Self.agency, input).get()
        #expect(result.batch.verdict == verdict && result.batch.serious == serious && result.batch.reportVersion == 1)
        #expect(result.results.count == 2 && result.data["verdict"] == nil, "a typed verdict is ignored")
    }

    @Test func aCorrectedReportIsANewVersionWithAReasonAndIsDeliveredAgain() throws {
        var b = Self.batch(.notified)
        b.sampledOn = Day("2026-11-03")
        b.reportVersion = 1
        b.verdict = .fail
        b.deliveredOn = Day("2026-11-12")
        b.objectionDeadline = Day("2026-11-27")
        let input = ["reportNumber": "R1-2", "signatory": "张工", "reportedOn": "2026-11-20", "item1": "12", "item2": "符合"]
        guard case .failure(.invalid(let failure)) = run(.reviseReport, b, by: Self.agency, input) else { Issue.record("no reason needed"); return }
        #expect(failure.errors.map(\.field) == ["reason"])
        var withReason = input
        withReason["reason"] = "原报告标志项目判定笔误"
        let revised = try step(.reviseReport, b, by: Self.agency, withReason)
        #expect(revised.reportVersion == 2 && revised.verdict == .pass && revised.state == .reported)
        #expect(revised.deliveredOn == nil && revised.objectionDeadline == nil, "the corrected report is delivered again")
    }

    @Test func unreadableValuesAndEarlyReportsAreRefused() {
        var sampled = Self.batch(.sampled)
        sampled.sampledOn = Day("2026-11-03")
        let input = ["reportNumber": "R1", "signatory": "张工", "reportedOn": "2026-11-01", "item1": "abc"]
        guard case .failure(.invalid(let failure)) = run(.report, sampled, by: Self.agency, input) else { Issue.record("accepted"); return }
        #expect(Set(failure.errors.map(\.field)) == ["reportedOn", "item1", "item2"])
    }

    @Test("异议期：送达后15日内（含第15日）", arguments: [("2026-11-20", true), ("2026-11-24", true), ("2026-11-25", false)])
    func objectionWindow(today: String, allowed: Bool) throws {
        var b = Self.batch(.notified)
        b.verdict = .fail
        b.deliveredOn = Day("2026-11-09")
        b.objectionDeadline = ObjectionRules.deadline(deliveredOn: b.deliveredOn!, rules: Self.rules)
        #expect(b.objectionDeadline == Day("2026-11-24"))
        let result = run(.object, b, by: Self.firm, ["reason": "检测方法与产品标准不一致，申请复检"], today: today)
        if allowed { #expect((try? result.get())?.batch.state == .objected) } else {
            guard case .failure(.wrongState(let text)) = result else { Issue.record("late objection accepted"); return }
            #expect(text.contains("已超过异议期限"))
        }
        // Concluding waits for the period to end, and is not offered before.
        #expect(BatchWorkflow.available(Self.city, b, today: Day(today)!).contains(.conclude) == !allowed)
        #expect(BatchWorkflow.available(Self.firm, b, today: Day(today)!).contains(.object) == allowed)
        let conclude = run(.conclude, b, by: Self.city, today: today)
        if allowed { #expect((try? conclude.get()) == nil) } else { #expect((try? conclude.get())?.batch.state == .concluded) }
    }

    @Test func passingResultsCannotBeObjectedOrTransferred() {
        var b = Self.batch(.notified)
        b.verdict = .pass
        #expect(!BatchWorkflow.available(Self.firm, b).contains(.object))
        b.state = .concluded
        #expect(!BatchWorkflow.available(Self.city, b).contains(.transfer))
        #expect(BatchWorkflow.available(Self.city, b).contains(.publish))
    }

    @Test func recheckOverturnsTheVerdictAndMovesTheCost() throws {
        var b = Self.batch(.objected)
        b.verdict = .fail
        b.serious = true
        b.objectionFiledOn = Day("2026-11-18")
        guard case .failure(.wrongState) = run(.acceptObjection, b, by: Self.city) else { Issue.record("accepted without a recheck agency"); return }
        // The objection does not stop the handling of a serious risk.
        #expect(BatchWorkflow.available(Self.jiading, b).contains(.measure))
        var minor = b
        minor.serious = false
        #expect(!BatchWorkflow.available(Self.jiading, minor).contains(.measure))
        let committed = try run(.acceptObjection, b, by: Self.city, today: "2026-11-24", recheck: (11, "乙检测")).get()
        #expect(committed.batch.state == .rechecking && committed.batch.recheckAgencyId == nil && committed.commitsRecheckList)
        #expect(committed.summary.contains("超过受理时限2026-11-23"), "3 working days after Wed 18 Nov is Mon 23 Nov")
        #expect(BatchWorkflow.available(Self.otherAgency, committed.batch).isEmpty, "no agency before the draw")
        #expect(BatchWorkflow.available(Self.city, committed.batch).contains(.drawRecheckAgency))
        // The draw needs a value announced after the commitment, with its source; then it takes the one other agency.
        guard case .failure(.invalid) = run(.drawRecheckAgency, committed.batch, by: Self.city, ["publicValue": "01 02 03 04 05 06 + 07"], recheck: (11, "乙检测")) else {
            Issue.record("drawn without the public value's source"); return
        }
        let accepted = try run(.drawRecheckAgency, committed.batch, by: Self.city, ["publicValue": "01 02 03 04 05 06 + 07", "publicSource": "双色球第2026138期"],
                               recheck: (11, "乙检测")).get()
        #expect(accepted.batch.recheckAgencyId == 11 && accepted.batch.recheckAgencyName == "乙检测")
        #expect(accepted.recheckDraw?.outcome.resultText.contains("public-source=双色球第2026138期") == true)
        #expect(!BatchWorkflow.available(Self.city, accepted.batch).contains(.drawRecheckAgency), "drawn once")
        #expect(BatchWorkflow.available(Self.otherAgency, accepted.batch) == [.recheckResult])
        #expect(BatchWorkflow.available(Self.agency, accepted.batch).isEmpty)
        let overturned = try step(.recheckResult, accepted.batch, by: Self.otherAgency, ["outcome": "推翻原结论", "reportNumber": "FJ1"])
        #expect(overturned.verdict == .pass && !overturned.serious && overturned.costBearer == "原承检机构" && overturned.state == .concluded)
        #expect(overturned.recheckOutcome == .overturned, "a form may send the label; the code is kept")
        let upheld = try step(.recheckResult, accepted.batch, by: Self.otherAgency, ["outcome": "upheld", "reportNumber": "FJ1"])
        #expect(upheld.verdict == .fail && upheld.costBearer == "异议申请人（企业）" && upheld.recheckOutcome == .upheld)
    }

    @Test func postHandlingRunsInTheEnterprisesDistrictToClosure() throws {
        var b = Self.batch(.concluded)
        b.verdict = .fail
        b = try step(.transfer, b, by: Self.city)
        #expect(b.state == .transferred)
        b = try step(.receive, b, by: Self.jiading, ["receiver": "陈杰"])
        guard case .failure(.invalid) = run(.order, b, by: Self.jiading, ["noticeNumber": "责改1", "deadline": "2026-11-24"]) else {
            Issue.record("a deadline of today was accepted"); return
        }
        b = try step(.order, b, by: Self.jiading, ["noticeNumber": "责改1", "deadline": "2026-12-24"])
        #expect(b.rectificationDeadline == Day("2026-12-24"))
        b = try step(.rectify, b, by: Self.firm, ["report": "已更换原材料供应商并加强出厂检验"])
        let again = try step(.review, b, by: Self.jiading, ["method": "现场复查", "result": "整改不合格", "newDeadline": "2027-01-10"])
        #expect(again.state == .ordered && again.rectificationDeadline == Day("2027-01-10"))
        b = try step(.review, b, by: Self.jiading, ["method": "复抽样检验", "result": "整改合格"])
        #expect(b.state == .closed && b.closedOn == Day("2026-11-24"))
        let lead = try run(.measure, b, by: Self.jiading, ["kind": "立案查处", "note": "涉嫌生产不合格产品"]).get()
        #expect(lead.caseLead != nil && lead.batch.state == .closed)
    }

    @Test func sensitiveResultsWaitForClosure() throws {
        var b = Self.batch(.concluded)
        b.verdict = .fail
        b = try step(.markSensitive, b, by: Self.city, ["reason": "涉及重大安全隐患"])
        guard case .failure(.wrongState(let text)) = run(.publish, b, by: Self.city) else { Issue.record("published early"); return }
        #expect(text.contains("办结后公布"))
        b.state = .closed
        #expect(try run(.publish, b, by: Self.city).get().publishes)
    }

    @Test func refusalMakesACaseLead() throws {
        let result = try run(.refuse, Self.batch(), by: Self.agency, ["refusedOn": "2026-11-20", "evidence": "企业负责人拒绝抽样并拒绝签字，现场录像"]).get()
        #expect(result.batch.state == .refused && result.caseLead?.summary.contains("第五十六条") == true && result.caseLead?.source == .refusal)
    }

    @Test("期限：按状态与规则参数计算，工作日遵循调休", arguments: [
        (BatchState.objected, "2026-09-30", "2026-10-10"),  // 国庆 1–7 off, Saturday 10 October worked (调休)
        (.transferred, "2026-11-20", "2026-11-25"),
        (.rectified, "2026-11-24", "2026-12-15"),
    ])
    func deadlines(state: BatchState, since: String, expected: String) {
        var b = Self.batch(state)
        b.stateSince = Day(since)!
        #expect(BatchWorkflow.deadline(b, rules: Self.rules, calendar: Self.calendar) == Day(expected))
    }

    @Test func fastTrackClocksAreShorter() {
        var b = Self.batch(.sampled)
        b.fastTrack = true
        b.sampledOn = Day("2026-11-20")
        #expect(BatchWorkflow.deadline(b, rules: Self.rules, calendar: Self.calendar) == Day("2026-11-23"))
        b.fastTrack = false
        #expect(BatchWorkflow.deadline(b, rules: Self.rules, calendar: Self.calendar) == Day("2026-12-31"))
    }

    @Test func inspectorsAreDrawnWithRecusal() {
        let rules = Self.rules
        let request = DrawRequest(seed: 9, day: Day("2026-11-24")!, productId: 7, level: .city, mode: .routine, count: 3, rules: rules)
        let candidates = (1...20).map { DrawCandidate(enterpriseId: Int64($0), uscc: "U\($0)", creditClass: "B") }
        let inspectors = (1...5).map { InspectorCandidate(id: Int64($0), name: "人员\($0)", conflicts: $0 <= 3 ? candidates.map(\.uscc) : []) }
        let outcome = TaskDraw.run(request, candidates: candidates, inspectors: inspectors) { "U\($0)" }
        #expect(outcome.inspectors.count == 3)
        for a in outcome.inspectors {
            #expect(Set(a.inspectors) == [4, 5] && a.recused == [1, 2, 3])
        }
        #expect(TaskDraw.verify(request, candidates: candidates, inspectors: inspectors, stored: outcome))
        var tampered = outcome
        tampered.inspectors[0].inspectors = [1, 4]
        #expect(!TaskDraw.verify(request, candidates: candidates, inspectors: inspectors, stored: tampered))
    }

    @Test func recheckAgencyIsNeverTheFirst() {
        for seed in UInt64(1)...200 {
            let chosen = RecheckAgencyDraw.run(seed: seed, qualified: [10, 11, 12, 10], firstAgency: 10)
            #expect(chosen == 11 || chosen == 12)
        }
        #expect(RecheckAgencyDraw.run(seed: 1, qualified: [10], firstAgency: 10) == nil)
    }

    /// Where the city's and a district's only duty is publication, a published batch owes them nothing: closed
    /// post-handling, not the conclusion (which is also handed on) and nothing of the agency's.
    @Test func publicationIsTheOnlyDutyLeftOnceHandlingIsClosed() {
        #expect(BatchWorkflow.publicationOnlyStates(for: .citySupervisor).contains(.closed))
        #expect(BatchWorkflow.publicationOnlyStates(for: .districtSupervisor).contains(.closed))
        #expect(!BatchWorkflow.publicationOnlyStates(for: .citySupervisor).contains(.concluded))
        #expect(BatchWorkflow.publicationOnlyStates(for: .agencyUser).isEmpty)
        for role in [Role.citySupervisor, .districtSupervisor] {
            #expect(BatchWorkflow.publicationOnlyStates(for: role).isSubset(of: BatchWorkflow.dutyStates(for: role)))
        }
    }
}
