import PinzhiDomain
import Testing

/// An assistance case from request to 回头帮 (SPEC TA-2) through the engine: who takes which step, the draw's
/// shortfall, the 诊断书's measures, the outcome's evidence, and the revisit that waits for its day.
@Suite("质量技术帮扶流程（TA-2）")
struct AssistanceWorkflowTests {
    static let rules = RuleSet(version: 1, effectiveFrom: Day("2000-01-01")!, values: RuleSet.defaults, reason: "默认", createdBy: "t")
    static let calendar = WorkingDayCalendar(WorkingDayCalendar.official)
    let today = Day("2026-06-01")!
    let district = Principal(accountId: 2, username: "jd", displayName: "嘉定区局", role: .districtSupervisor, organisationId: 2, districtCode: "310114")
    let other = Principal(accountId: 3, username: "pd", displayName: "浦东区局", role: .districtSupervisor, organisationId: 3, districtCode: "310115")
    let expert = Principal(accountId: 4, username: "ex", displayName: "专家甲", role: .expert, organisationId: 4, expertId: 41)
    let stranger = Principal(accountId: 5, username: "ey", displayName: "专家乙", role: .expert, organisationId: 4, expertId: 99)
    let firm = Principal(accountId: 6, username: "en", displayName: "企业", role: .enterpriseUser, organisationId: 5, enterpriseId: 7)
    let experts: [Int64: AssignedExpert] = [41: AssignedExpert(expertId: 41, code: "E041", name: "专家甲", organisation: "市质检院"),
                                            42: AssignedExpert(expertId: 42, code: "E042", name: "专家乙", organisation: "某协会"),
                                            43: AssignedExpert(expertId: 43, code: "E043", name: "专家丙", organisation: "某研究所")]
    /// Experts 41 and 42 eligible, 43 in conflict with the enterprise.
    var pool: ListDraw {
        AssistanceExpertDraw.list(caseNumber: "BF2026-00012", day: today, experts: [(41, "E041", false), (42, "E042", false), (43, "E043", true)],
                                  salts: (0..<3).map { [UInt8](repeating: UInt8($0 + 1), count: 16) }, committedAt: "2026-05-20T02:00:00.000Z")
    }
    let reveal = ["publicValue": "20260601", "publicSource": "测试开奖号码"]

    func step(_ c: AssistanceCase, _ action: AssistanceAction, _ p: Principal, _ input: [String: String] = [:], on day: Day? = nil)
        -> Result<StepOutcome<AssistanceKind>, StepRefusal> {
        Workflow<AssistanceKind>.apply(action, to: c, by: p, input: input,
                                       context: AssistanceContext(today: day ?? today, rules: Self.rules, calendar: Self.calendar, pool: pool, experts: experts))
    }

    func take(_ c: AssistanceCase, _ action: AssistanceAction, _ p: Principal, _ input: [String: String] = [:], on day: Day? = nil) throws -> AssistanceCase {
        try step(c, action, p, input, on: day).get().record
    }

    @Test func aCaseRunsFromRequestToRevisit() throws {
        var c = AssistanceCase(id: 12, enterpriseId: 7, enterpriseName: "上海某电池有限公司", districtCode: "310114", mode: .routine, origin: .batch,
                               batchId: 3, problems: "监督抽查不合格：过充保护", requestedOn: Day("2026-05-20")!)
        // Only the enterprise's district assigns, and only experts the store drew; too few is a conflict, not an input error.
        #expect(step(c, .assign, other, reveal.merging(["experts": "2"]) { a, _ in a }).failure == .forbidden)
        // The conflicted expert is not in the draw: asking for three finds two.
        guard case .wrongState(let shortfall)? = step(c, .assign, district, reveal.merging(["experts": "3"]) { a, _ in a }).failure else {
            Issue.record("no shortfall")
            return
        }
        #expect(shortfall.contains("不足3名"))
        let assigned = try step(c, .assign, district, reveal.merging(["experts": "2"]) { a, _ in a }).get()
        c = assigned.record
        #expect(c.state == .assigned && Set(c.experts.map(\.expertId)) == [41, 42] && assigned.effects.draw?.outcome.selectedIds.count == 2)
        // An expert not drawn has no step; a drawn one accepts and visits.
        #expect(step(c, .accept, stranger).failure == .forbidden)
        c = try take(c, .accept, expert)
        c = try take(c, .visit, expert, ["visitedOn": "2026-06-01"])
        // The 诊断书: each measure needs a later deadline.
        let bad = step(c, .diagnose, expert, ["problems": "过充保护电路元件选型错误", "causes": "设计评审缺失，来料检验未覆盖", "measures": "更换保护芯片 | 2026-05-01"])
        #expect(bad.failure?.message.contains("期限应晚于今天") == true)
        c = try take(c, .diagnose, expert, ["problems": "过充保护电路元件选型错误", "causes": "设计评审缺失，来料检验未覆盖",
                                            "measures": "更换保护芯片并复核设计 | 2026-07-15\n建立来料抽检制度 | 2026-08-31"])
        #expect(c.state == .diagnosed && c.diagnosis?.number == "ZD2026-00012" && c.diagnosis?.measures.count == 2)
        c = try take(c, .acknowledge, firm)
        #expect(c.state == .rectifying && c.diagnosis?.acknowledgedOn == today)
        c = try take(c, .follow, expert, ["progress": "保护芯片已更换，待复核"])
        c = try take(c, .rate, firm, ["rating": "5", "comment": "专家细致"])
        // Output value needs its evidence.
        #expect(step(c, .close, district, ["problemsSolved": "2", "outputValue": "30"]).failure != nil)
        c = try take(c, .close, district, ["problemsSolved": "2", "outputValue": "30", "evidence": "企业财务报表：整改后订单恢复"])
        #expect(c.state == .closed && c.closedOn == today && c.revisitDue == Day("2026-12-01")! && c.problemsSolved == 2)
        // The 回头帮 is no duty until its day, then the district's; once made, never again.
        #expect(Workflow<AssistanceKind>.duties(district, c, today: Day("2026-11-30")!).isEmpty)
        #expect(Workflow<AssistanceKind>.duties(district, c, today: Day("2026-12-01")!) == [.revisit])
        c = try take(c, .revisit, district, ["finding": "整改措施保持有效，未再发现问题"], on: Day("2026-12-02")!)
        #expect(c.revisitedOn == Day("2026-12-02")! && Workflow<AssistanceKind>.duties(district, c, today: Day("2026-12-03")!).isEmpty)
    }

    @Test func aDeclineSendsItBackAndAViolationBecomesALead() throws {
        var c = AssistanceCase(id: 13, enterpriseId: 7, districtCode: "310114", mode: .tour, origin: .enterprise, problems: "请求指导标准执行",
                               requestedOn: today)
        c = try take(c, .assign, district, reveal.merging(["experts": "1"]) { a, _ in a })
        #expect(c.experts.count == 1 && c.experts[0].expertId != 43)
        let drawnExpert = Principal(accountId: 7, username: "e\(c.experts[0].expertId)", displayName: "专家", role: .expert, organisationId: 4,
                                    expertId: c.experts[0].expertId)
        let declined = try step(c, .decline, drawnExpert, ["reason": "与企业存在业务往来"]).get()
        #expect(declined.record.state == .requested && declined.record.experts.isEmpty)
        let lead = try step(c, .lead, drawnExpert, ["facts": "发现企业使用回收电芯冒充新电芯销售"]).get()
        #expect(lead.effects.lead == "发现企业使用回收电芯冒充新电芯销售" && lead.record.state == .assigned)
    }
}

extension Result {
    var failure: Failure? { if case .failure(let f) = self { f } else { nil } }
}
