import PinzhiDomain
import PinzhiStore

/// The demo's enforcement work (SPEC EN-1): the leads the spot-check years produced are decided and their cases
/// handled through the workflow engine by their district or 执法总队, on simulated days after each lead that never
/// pass `today` — some fined and closed, one referred to the police, one without penalty, one extended, one with
/// 行纪衔接 — and two leads entered by hand. The newest leads stay open, so the workbench has decisions to make.
struct DemoEnforcement {
    let database: PinzhiDatabase
    let today: Day
    /// How the steps are taken: nil, each a transaction of the store as a user's click would be (the demo); or
    /// recorded in memory by the engine and written in bulk, a chunk of leads at a time (the generator).
    var recorded: Recorded?

    final class Recorded: @unchecked Sendable {
        let leads: WorkflowRowRecorder<LeadRepository>
        let cases: WorkflowRowRecorder<CaseRepository>
        let notices: WorkflowRowRecorder<IssuerNoticeRepository>
        /// Leads decided per write.
        let chunk: Int

        init(rules: RuleSet, calendar: WorkingDayCalendar, chunk: Int = 5000) {
            let context = { (day: Day) in BasicContext(today: day, rules: rules, calendar: calendar) }
            leads = WorkflowRowRecorder(context: context)
            cases = WorkflowRowRecorder(context: context)
            notices = WorkflowRowRecorder(context: context)
            self.chunk = chunk
        }
    }

    init(database: PinzhiDatabase, today: Day, recorded: Recorded? = nil) {
        self.database = database
        self.today = today
        self.recorded = recorded
    }

    /// Decides the open leads and handles their cases. Returns how many steps were taken on leads and cases.
    @discardableResult
    func run(progress: (Int, Int) -> Void = { _, _ in }) async throws -> Int {
        var f = LeadRepository.Filter()
        f.state = .open
        let open = try await LeadRepository(database).page(f, limit: recorded == nil ? 10_000 : 100_000_000, offset: 0, as: DemoPrincipals.enforcement)
            .items.sorted { $0.id < $1.id }
        let calendar = try await CalendarRepository(database).calendar()
        var steps = 0
        let chunk = recorded?.chunk ?? max(open.count, 1)
        for start in stride(from: 0, to: open.count, by: chunk) {
            steps += try await decide(open, Array(start..<min(start + chunk, open.count)), calendar: calendar)
            progress(min(start + chunk, open.count), open.count)
        }
        try await enterLeads(open)
        return steps
    }

    /// Some of the leads at these indices decided (filed or declined), then the cases filed carried on, then the
    /// issuers' answers to the notices those cases sent: three passes, so that recorded steps are written between
    /// them (a filing's case and a decision's notices exist only once written).
    func decide(_ open: [CaseLead], _ indices: [Int], calendar: WorkingDayCalendar) async throws -> Int {
        var filed: [(index: Int, lead: CaseLead, on: Day, who: Principal)] = []
        var steps = 0
        for i in indices {
            let lead = open[i]
            // Leads of the last 20 days wait for their decision, and a few of this year's are left past their deadline.
            guard lead.receivedOn.adding(days: 20) < today, !(lead.receivedOn.year == today.year && i % 17 == 8) else { continue }
            let corps = i % 6 == 5
            let who = DemoPrincipals.handler(district: lead.districtCode, corps: false)
            let decideOn = min(today, (try? calendar.adding(workingDays: 3 + i % 9, to: lead.receivedOn)) ?? lead.receivedOn)
            steps += 1
            if i % 7 == 3 {
                _ = try await step(lead, .decline, ["reason": "经核查，企业已停产且涉案产品未流入市场，违法事实不成立，不予立案。"], decideOn, who)
                continue
            }
            _ = try await step(lead, .file, ["handler": (corps ? CaseHandler.corps : .district).rawValue,
                                             "article": (lead.source == .refusal ? PQLArticle.art56 : i % 3 == 0 ? .art50 : .art49).rawValue,
                                             "summary": lead.summary], decideOn, who)
            filed.append((i, lead, decideOn, DemoPrincipals.handler(district: lead.districtCode, corps: corps)))
        }
        try await flush("案件线索")
        let cases = try await CaseRepository(database).ofLeads(filed.map(\.lead.id), as: DemoPrincipals.enforcement)
        var notified: [(caseId: Int64, index: Int, sentOn: Day, who: Principal)] = []
        for (i, lead, decideOn, who) in filed {
            guard let c = cases[lead.id] else { continue }
            // This year's cases stop at every stage, as a year's work in progress does.
            let (taken, sentOn) = try await handle(c, index: i, filedOn: decideOn, steps: lead.receivedOn.year == today.year ? i % 10 : .max, by: who)
            steps += taken
            if let sentOn { notified.append((c.id, i, sentOn, who)) }
        }
        try await flush("案件")
        for n in notified { try await answerNotices(of: n.caseId, index: n.index, sentOn: n.sentOn, by: n.who) }
        try await flush("函告答复")
        return steps
    }

    /// A case carried as far as its index, `limit` steps and the days since filing allow: the steps taken, and the
    /// day its issuer notices went out if a step sent any (their answers come once they are written).
    func handle(_ start: EnforcementCase, index i: Int, filedOn: Day, steps limit: Int, by who: Principal) async throws -> (Int, Day?) {
        var c = start
        var day = filedOn
        // Some handlers are quicker than others: a third of the cases take twice or three times as long, so this
        // year's cases are open at every stage and a few pass their decision deadline.
        let pace = 1 + i % 3
        func next(_ days: Int) -> Day? {
            let d = day.adding(days: days * pace)
            guard d <= today else { return nil }
            day = d
            return d
        }
        var taken = 0
        func take(_ action: CaseAction, _ input: [String: String], after days: Int) async throws -> Bool {
            guard taken < limit, let on = next(days) else { return false }
            taken += 1
            c = try await step(c, action, input, on, who)
            return true
        }
        let goods = Double(8_000 + (i * 7_919) % 90_000)
        guard try await take(.investigate, [:], after: 2) else { return (taken, nil) }
        if i % 11 == 4 { guard try await take(.extend, ["approver": "执法总队 李振华", "reason": "涉案产品需委托鉴定，检验时间较长"], after: 20) else { return (taken, nil) } }
        guard try await take(.review, ["article": c.article?.rawValue ?? PQLArticle.art49.rawValue, "goodsValue": Money.text(goods),
                                       "findings": "经调查，当事人生产销售的涉案产品经检验不合格，货值金额\(Money.text(goods))元，违法事实清楚。"], after: 25) else { return (taken, nil) }
        if i % 13 == 6 {
            if try await take(.refer, ["proposedOn": day.description, "decidedOn": day.adding(days: 1).description, "referredOn": day.adding(days: 2).description,
                                       "police": "上海市公安局食品药品和环境犯罪侦查总队",
                                       "reason": "涉案产品货值金额较大，涉嫌生产、销售伪劣产品罪（刑法第一百四十条）"], after: 3) {
                return (taken, day)
            }
            return (taken, nil)
        }
        if i % 10 == 2 {
            _ = try await take(.noPenalty, ["reason": "违法行为轻微并及时改正，没有造成危害后果（行政处罚法第三十三条第一款）"], after: 5)
            return (taken, nil)
        }
        let fine = goods * (i % 4 == 1 ? 3.5 : 1.5)
        guard try await take(.notify, ["fine": Money.text(fine), "confiscation": Money.text(Double(500 + i * 37 % 5_000))], after: 10) else { return (taken, nil) }
        // Every fifth decision is 情节严重: the issuers of the holder's certificates are notified (EN-2).
        let serious = i % 5 == 3
        guard try await take(.decide, ["fine": Money.text(fine), "confiscation": Money.text(Double(500 + i * 37 % 5_000)), "decidedOn": day.adding(days: 7 * pace).description,
                                       "serious": serious ? "yes" : "no"],
                             after: 7) else { return (taken, nil) }
        let sentOn = serious ? day : nil
        guard try await take(.serve, ["servedOn": day.adding(days: 2 * pace).description], after: 2) else { return (taken, sentOn) }
        if i % 9 == 0 {
            _ = try await take(.sendToDiscipline, ["sentOn": day.description, "clue": "调查中发现辖区监管人员对该企业长期未履行日常检查职责，问题线索移送纪委监委。"], after: 1)
            _ = try await take(.disciplineFeedback, ["feedback": "已立案审查，对相关人员予以诫勉谈话。"], after: 20)
        }
        guard try await take(.execute, ["paid": Money.text(c.penaltyTotal)], after: 15) else { return (taken, sentOn) }
        _ = try await take(.close, ["report": "罚没款已全额缴纳，涉案产品已下架召回，予以结案。"], after: 5)
        return (taken, sentOn)
    }

    /// The issuers' answers to a case's notices, recorded two to four weeks after they were sent, where that day has
    /// come; the odd ones revoke the certificate, the others order rectification.
    func answerNotices(of caseId: Int64, index i: Int, sentOn: Day, by who: Principal) async throws {
        var f = IssuerNoticeRepository.Filter()
        f.caseId = caseId
        for (k, n) in try await IssuerNoticeRepository(database).page(f, limit: 10, offset: 0, as: who).items.enumerated() {
            let on = sentOn.adding(days: 14 + 7 * ((i + k) % 3))
            guard on <= today, (i + k) % 4 != 0 else { continue }
            let revoked = (i + k) % 2 == 1
            let input = ["measure": revoked ? IssuerMeasure.revoked.rawValue : IssuerMeasure.rectification.rawValue,
                         "answer": revoked ? "经核查，该企业存在严重违法行为，已依法撤销其\(n.licenceKind.label)（\(n.licenceNumber)）。"
                             : "已责令企业限期整改，整改期间暂停受理其新的申请，整改完成后复核。",
                         "answeredOn": on.description]
            if let recorded {
                _ = try recorded.notices.take(.answer, who, on, input, n)
            } else {
                _ = try await WorkflowStore<IssuerNoticeRepository>(database).act(n.id, .answer, input: input, expectedVersion: n.version, today: on, as: who)
            }
        }
    }

    /// Leads from other sources than spot checks, entered by hand as the districts and 执法总队 receive them.
    func enterLeads(_ open: [CaseLead]) async throws {
        let leads = LeadRepository(database)
        for (k, lead) in open.suffix(2).enumerated() {
            let source: LeadSource = k == 0 ? .complaint : .onlineOpinion
            let text = k == 0 ? "消费者投诉购买的该企业产品使用中发热冒烟，提供了购物凭证和照片。" : "网络平台出现多条关于该企业产品异味、质量问题的集中评论。"
            _ = try await leads.create(source: source, enterpriseId: lead.enterpriseId, summary: text, receivedOn: today.adding(days: -(3 + k * 10)),
                                       today: today, as: DemoPrincipals.handler(district: lead.districtCode, corps: false))
        }
    }

    func step(_ lead: CaseLead, _ action: LeadAction, _ input: [String: String], _ day: Day, _ who: Principal) async throws -> CaseLead {
        if let recorded { return try recorded.leads.take(action, who, day, input, lead) }
        return try await WorkflowStore<LeadRepository>(database).act(lead.id, action, input: input, expectedVersion: lead.version, today: day, as: who)
    }

    func step(_ c: EnforcementCase, _ action: CaseAction, _ input: [String: String], _ day: Day, _ who: Principal) async throws -> EnforcementCase {
        if let recorded { return try recorded.cases.take(action, who, day, input, c) }
        return try await WorkflowStore<CaseRepository>(database).act(c.id, action, input: input, expectedVersion: c.version, today: day, as: who)
    }

    /// Writes the recorded steps in one transaction with one audit row summing them up (each new case keeps its own,
    /// written by the filing's side effects); nothing to do when every step was its own transaction.
    func flush(_ what: String) async throws {
        guard let recorded else { return }
        try await database.write([recorded.leads, recorded.cases, recorded.notices], entity: "enforcement") { "pinzhi generate：\(what)\($0)件按流程办理（\($1)个步骤）" }
    }
}
