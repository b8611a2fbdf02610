import PinzhiDomain
import PinzhiStore

/// The demo's quality-safety officers (SPEC EN-4), appointed and trained through the real store and workflow on
/// simulated days: most enterprises in scope staffed as OfficerDuty requires, some partly, some not at all (flagged);
/// a few new appointments still owe their first training; recent 日管控 / 周排查 / 月调度 records and a 风险管控清单
/// for a share of them and for the demo enterprise account; a city-wide assessment of last quarter, scored, and a
/// district's assessment of this quarter, partly scored, so the workbench shows officers to score.
struct DemoOfficers {
    let database: PinzhiDatabase
    let today: Day

    static func enterprise(_ id: Int64, _ name: String) -> Principal {
        Principal(accountId: 0, username: "enterprise-\(id)", displayName: "\(name) 质量负责人", role: .enterpriseUser, organisationId: 0,
                  organisationName: name, enterpriseId: id)
    }

    static func person(_ n: Int) -> String {
        "\(DemoNames.surnames[n % DemoNames.surnames.count])\(DemoNames.givenNames[(n / 7) % DemoNames.givenNames.count])"
    }

    func run(demoEnterprise: Int64?) async throws {
        let rows = try await OfficerStaffing(database).enterprises(as: DemoPrincipals.city)
        let officers = SafetyOfficerRepository(database)
        var n = 0
        for (i, row) in rows.enumerated() {
            let own = row.enterpriseId == demoEnterprise
            // One in ten has no one yet, one in ten of the large ones lacks its 总监: the staffing page names them.
            if i % 10 == 7 && !own { continue }
            var roles = OfficerDuty.requiredRoles(row.scale)
            if i % 10 == 3 && roles.count > 1 && !own { roles.removeFirst() }
            if i % 3 == 0 { roles.append(.officer) }
            let who = Self.enterprise(row.enterpriseId, row.name)
            for role in roles {
                n += 1
                let appointed = today.adding(days: -(40 + (i * 37 + n * 11) % 600))
                var o = try await officers.appoint(.init(role: role, name: Self.person(i * 3 + n), phone: "1390\(String(format: "%07d", (i * 7919 + n) % 10_000_000))",
                                                         appointedOn: appointed, appointmentDocument: "\(row.name.prefix(4))质〔\(appointed.year)〕\(n % 40 + 1)号"),
                                                   enterpriseId: row.enterpriseId, as: who)
                // One in eight of the recent appointments is still untrained: the enterprise's workbench asks for it.
                if n % 8 == 5 && appointed > today.adding(days: -120) && !own { continue }
                let trainedOn = appointed.adding(days: 5 + n % 10)
                o = try await WorkflowStore<SafetyOfficerRepository>(database).act(
                    o.id, .train, input: ["trainedOn": trainedOn.description, "hours": String(16 + (n % 3) * 8),
                                          "content": "《企业落实质量安全主体责任监督管理规定》及配套指引培训，闭卷考试合格"],
                    expectedVersion: o.version, today: trainedOn, as: who)
            }
            // A tenth of them keep their routine in the system so far (each record is an audited write).
            if own || i % 10 == 0 { try await routine(row, own: own, by: who) }
        }
        try await assessments()
    }

    /// Recent routine records and the risk-control list of one enterprise (gaps on some days, as in real life).
    func routine(_ row: OfficerStaffing.Row, own: Bool, by who: Principal) async throws {
        let active = try await database.session { db in try await SafetyOfficerRepository.active(db, enterpriseId: row.enterpriseId) }
        guard let keeper = active.first(where: { $0.role == .officer }) ?? active.first else { return }
        let store = QualityRoutineRepository(database)
        let first = active.map(\.appointedOn).min() ?? today
        let days = own ? 30 : 20
        for back in stride(from: days, through: 1, by: -1) {
            let day = today.adding(days: -back)
            guard !day.isWeekend, day >= first, (row.enterpriseId + Int64(back)) % 6 != 0 else { continue }
            _ = try await store.file(["kind": "daily", "day": day.description, "officerId": String(keeper.id),
                                      "summary": "巡查原料进货查验、关键工序控制和出厂检验记录，未见异常", "problemsFound": back % 9 == 0 ? "1" : "0",
                                      "problemsFixed": back % 9 == 0 ? "1" : "0"], enterpriseId: row.enterpriseId, today: today, as: who)
        }
        for week in 1...4 {
            let day = today.adding(days: -7 * week)
            guard day >= first else { continue }
            _ = try await store.file(["kind": "weekly", "day": day.description, "officerId": String(keeper.id),
                                      "summary": "本周排查质量安全风险隐患，核对日管控问题整改情况，形成周排查报告", "problemsFound": String(week % 3),
                                      "problemsFixed": String(week % 3)], enterpriseId: row.enterpriseId, today: today, as: who)
        }
        for month in 1...3 {
            let day = Day(year: today.year, month: today.month, day: 1)!.adding(days: -28 * month)
            guard day >= first else { continue }
            _ = try await store.file(["kind": "monthly", "day": day.description,
                                      "summary": "主要负责人听取质量安全总监工作汇报，研究解决质量安全问题，部署下月重点工作"],
                                     enterpriseId: row.enterpriseId, today: today, as: who)
        }
        for (k, control) in [("原材料进货（绝缘料、铜材）", "供应商合格评定，每批次查验出厂检验报告并留样", "high"),
                             ("关键工序（挤塑、绞线）", "工艺参数点检，首件检验和巡检记录", "medium"),
                             ("出厂检验", "按标准逐批检验，不合格品隔离并登记", "low")].enumerated() where own || k < 2 {
            _ = try await store.addRiskControl(["hazard": control.0, "measure": control.1, "level": control.2, "officerId": String(keeper.id)],
                                               enterpriseId: row.enterpriseId, as: who)
        }
    }

    /// Last quarter's city-wide assessment, scored; this quarter's in 嘉定区, partly scored.
    func assessments() async throws {
        let repository = OfficerAssessmentRepository(database)
        let lastQuarter = Day(year: today.year, month: ((today.month - 1) / 3) * 3 + 1, day: 1)!.adding(days: -20)
        // Each committed first and drawn from a (made-up) lottery number announced afterwards, PZ-DRAW-2 §十四.
        let city = try await repository.commitAndDraw(district: nil, period: OfficerAssessmentDraw.quarter(of: lastQuarter), count: 20, today: lastQuarter,
                                                      publicValue: "05 09 14 21 26 30 + 11", source: "演示数据：模拟的福利彩票双色球开奖号码（季度考核）",
                                                      saltSeed: 0x5EED_0FF1_CE20_2603, committedAt: "\(lastQuarter)T01:00:00.000Z", as: DemoPrincipals.city)
        try await score(city, every: 1, on: lastQuarter.adding(days: 10), by: DemoPrincipals.city)
        let jiading = DemoPrincipals.district("310114")
        let drawDay = today.adding(days: -10)
        let district = try await repository.commitAndDraw(district: "310114", period: OfficerAssessmentDraw.quarter(of: today), count: 6, today: drawDay,
                                                          publicValue: "02 07 11 19 24 33 + 06", source: "演示数据：模拟的福利彩票双色球开奖号码（嘉定区季度考核）",
                                                          saltSeed: 0x5EED_0FF1_CE20_2604, committedAt: "\(drawDay)T01:00:00.000Z", as: jiading)
        try await score(district, every: 3, on: today.adding(days: -3), by: jiading)
    }

    func score(_ a: OfficerAssessmentRepository.Assessment, every: Int, on day: Day, by who: Principal) async throws {
        for (k, item) in a.items.enumerated() where k % every == 0 {
            guard let o = try await SafetyOfficerRepository(database).find(item.officerId, as: who), o.pendingAssessment != nil else { continue }
            let score = 55 + (k * 17 + Int(item.officerId)) % 45
            _ = try await WorkflowStore<SafetyOfficerRepository>(database).act(
                o.id, .assess, input: ["score": String(score), "assessedOn": day.description,
                                       "note": score >= 60 ? "现场问答、查阅日管控周排查记录，履职基本到位" : "对岗位职责和风险管控清单不熟悉，须重新培训"],
                expectedVersion: o.version, today: day, as: who)
        }
    }
}
