import PinzhiDomain
import PinzhiStore
import SQLKit

/// The demo's campaign (SPEC CP-1 … CP-6), all through the store on days before `today`: this year's 排险除患、助企纾困
/// campaign with 001's phases and the catalogue's key products; most licence holders inspected between May and
/// September (a few still missing), every fourth with a 不符合 on the problem list; the items walked into every
/// state — one 严重 closed by the city through a linked case, one 复发 on its 回头看, one overdue —; a verified and an
/// unfounded association lead; this year's failed key-product batches listed; self-inspections of a score of
/// producers (not the demo enterprise's: its account can file one); every district's forms submitted and approved
/// month by month, except October's in 嘉定 (returned) and 浦东 (waiting for the city), and an inspection entered after
/// 浦东's August form was approved, so it shows “changed since approval”; a 巡回督导 and a 飞行检查.
struct DemoCampaign {
    let database: PinzhiDatabase
    let today: Day
    /// The generator's settings; nil for the demo (every licence holder inspected, each step its own transaction).
    var scaled: Scaled?

    /// At city scale the districts inspect at most so many licence holders each, and the problem items' steps are
    /// recorded by the engine and written in bulk (`items`; nil: each its own transaction, for a test to compare).
    struct Scaled {
        var inspectionsPerDistrict: Int
        var items: WorkflowRowRecorder<ProblemItemRepository>?
    }

    init(database: PinzhiDatabase, today: Day, scaled: Scaled? = nil) {
        self.database = database
        self.today = today
        self.scaled = scaled
    }

    static let jiading = "310114", pudong = "310115"

    func run(demoEnterprise: Int64) async throws {
        let year = today.month >= 11 ? today.year : today.year - 1
        let city = DemoPrincipals.city
        let campaign = try await CampaignRepository(database).create(
            .init(name: "\(year)年产品质量安全“排险除患、助企纾困”专项行动", year: year, startsOn: Day(year: year, month: 3, day: 1),
                  endsOn: Day(year: year, month: 10, day: 31)), as: city)
        let day = { (m: Int, d: Int) in Day(year: year, month: m, day: d)! }
        let lateInspection = try await inspections(campaign, demoEnterprise: demoEnterprise, day: day)
        try await failedBatches(campaign)
        try await selfInspections(campaign, demoEnterprise: demoEnterprise, day: day)
        // Every item listed by then — from inspections, failed batches and self-inspections — is worked on.
        let listed = try await ProblemItemRepository(database).all(campaign: campaign.id, as: city).filter { $0.state == .listed }
        try await walk(listed, campaign: campaign, day: day)
        try await flush()
        try await leads(campaign, day: day)
        try await forms(campaign, day: day)
        try await summaries(campaign, day: day)
        // Entered after 浦东's August form was approved: the locked form shows the difference.
        if let late = lateInspection { _ = try await InspectionRepository(database).record(late, today: day(10, 20), as: DemoPrincipals.district(Self.pudong)) }
        let supervision = SupervisionRepository(database)
        _ = try await supervision.record(SupervisionVisit(campaignId: campaign.id, kind: .tour, districtCode: Self.jiading, visitedOn: day(6, 16),
                                                          team: ["市局产品质量安全监督管理处 周敏", "市局产品质量安全监督管理处 王磊"],
                                                          findings: "问题清单台账规范；2家获证企业现场检查尚未开展，要求6月底前完成。"), today: day(6, 16), as: city)
        _ = try await supervision.record(SupervisionVisit(campaignId: campaign.id, kind: .flying, districtCode: Self.pudong, visitedOn: day(9, 8),
                                                          team: ["市局产品质量安全监督管理处 周敏", "执法总队 陈刚"],
                                                          findings: "飞行检查3家电动自行车充电器生产企业，1家出厂检验记录缺失，已列入问题清单。"), today: day(9, 8), as: city)
    }

    /// The licence holders of the key products, inspected district by district (all but the last of 嘉定 and 浦东); every
    /// fourth with a 不符合. Returns the items listed, and a 浦东 inspection to enter late.
    func inspections(_ campaign: Campaign, demoEnterprise: Int64, day: (Int, Int) -> Day) async throws -> InspectionRepository.Entry? {
        let coverage = try await InspectionRepository(database).coverage(campaign, today: day(5, 1), as: DemoPrincipals.city)
        let repo = InspectionRepository(database)
        var late: InspectionRepository.Entry?
        var n = 0
        let failing: [ChecklistItem] = [.factoryInspection, .keyMaterials, .responsibility, .licenceConditions, .noAdulteration]
        for line in coverage.lines {
            guard let district = line.districtCode else { continue }
            var holders = line.missing
            if let cap = scaled?.inspectionsPerDistrict, holders.count > cap { holders = Array(holders.prefix(cap)) }
            if [Self.jiading, Self.pudong].contains(district), holders.count > 2 { holders.removeLast() }
            if district == Self.pudong, let last = holders.popLast() {
                late = try await entry(campaign, last.enterpriseId, on: day(8, 20), failing: nil)
            }
            for holder in holders {
                n += 1
                let on = day(5 + n % 5, 3 + (n * 7) % 24)
                let item = n % 4 == 1 ? failing[(n / 4) % failing.count] : nil
                guard let entry = try await entry(campaign, holder.enterpriseId, on: on, failing: item) else { continue }
                _ = try await repo.record(entry, today: on, as: DemoPrincipals.district(district))
            }
        }
        return late
    }

    func entry(_ campaign: Campaign, _ enterpriseId: Int64, on day: Day, failing: ChecklistItem?) async throws -> InspectionRepository.Entry? {
        let row = try await database.session { db in
            try await db.select().column(SQLColumn("uscc", table: "e")).column(SQLColumn("code", table: "p")).from(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")))
                .join(SQLAlias(SQLIdentifier("enterprise_products"), as: SQLIdentifier("ep")), on: SQLColumn("enterprise_id", table: "ep"), .equal, SQLColumn("id", table: "e"))
                .join(SQLAlias(SQLIdentifier("products"), as: SQLIdentifier("p")), on: SQLColumn("product_id", table: "ep"), .equal, SQLColumn("id", table: "p"))
                .where(SQLColumn("id", table: "e"), .equal, SQLBind(enterpriseId)).where(SQLColumn("product_id", table: "ep"), .in, SQLBind.group(campaign.productIds))
                .orderBy(SQLColumn("id", table: "p")).first()
        }
        guard let row else { return nil }
        let answers = ChecklistItem.items(for: .production).map { item in
            item == failing ? ChecklistAnswer(item: item, result: .nonCompliant, note: Self.findings[item] ?? "现场发现问题") : ChecklistAnswer(item: item, result: .compliant)
        }
        return InspectionRepository.Entry(campaignId: campaign.id, uscc: try row.decode(column: "uscc", as: String.self),
                                          productCode: try row.decode(column: "code", as: String.self), stage: .production, basis: .licenceHolder,
                                          inspectedOn: day, inspectors: ["区局检查员 李强", "区局检查员 陈静"], answers: answers)
    }

    static let findings: [ChecklistItem: String] = [
        .factoryInspection: "出厂检验记录缺失近三个月，检验项目不全",
        .keyMaterials: "关键原材料无进货查验记录，供应商资质未核验",
        .responsibility: "未明确质量安全总监职责，质量安全责任制未落实",
        .licenceConditions: "检测设备未按期检定，部分设备已停用",
        .noAdulteration: "抽查在制品发现铜芯截面积偏小，涉嫌偷工减料",
    ]

    /// The listed items walked into every state, on days in the campaign (one reported in the last month stays listed).
    func walk(_ items: [ProblemItem], campaign: Campaign, day: (Int, Int) -> Day) async throws {
        let store = WorkflowStore<ProblemItemRepository>(database)
        let city = DemoPrincipals.city
        func owner(_ i: ProblemItem) -> Principal {
            Principal(accountId: 0, username: "enterprise-\(i.enterpriseId)", displayName: "\(i.enterpriseName) 质量负责人", role: .enterpriseUser, organisationId: 0,
                      organisationName: i.enterpriseName, enterpriseId: i.enterpriseId)
        }
        func act(_ i: ProblemItem, _ action: ProblemAction, _ input: [String: String], on: Day, as p: Principal) async throws -> ProblemItem {
            guard let scaled, let recorder = scaled.items else {
                return try await store.act(i.id, action, input: input, expectedVersion: i.version, today: on, as: p)
            }
            var context = recorder.context(on)
            if action == .linkCase { context.cases = try await database.session { try await ProblemItemRepository.linkableCases($0, enterprise: i.enterpriseId) } }
            return try recorder.take(action, p, input, i, context: context)
        }
        func plan(_ i: ProblemItem, serious: Bool = false, deadline: Day, on: Day) async throws -> ProblemItem {
            let measures = serious ? ["m_file_case": "是", "m_trace": "是", "m_seize": "是"] : ["m_order_correction": "是", "m_root_cause": "是"]
            return try await act(i, .plan, measures.merging(["severity": serious ? "serious" : "general", "responsibleOrganisation": "\(District.named(code: i.districtCode))市场监管局",
                                                             "responsiblePerson": "李强", "deadline": deadline.description]) { a, _ in a }, on: on, as: district(i))
        }
        func district(_ i: ProblemItem) -> Principal { DemoPrincipals.district(i.districtCode ?? Self.jiading) }
        func clear(_ i: ProblemItem, from: Day) async throws -> ProblemItem {
            var i = try await plan(i, deadline: from.adding(days: 30), on: from)
            i = try await act(i, .analyse, ["rootCause": "检验人员流动后未培训，出厂检验规程未执行；已修订规程、培训人员并补做检验"], on: from.adding(days: 6), as: owner(i))
            i = try await act(i, .submit, ["closureEvidence": "复查：出厂检验记录完整，整改报告及培训签到表存档"], on: from.adding(days: 20), as: district(i))
            return try await act(i, .close, [:], on: from.adding(days: 22), as: district(i))
        }
        for (n, item) in items.enumerated() {
            var i = item
            let start = max(i.reportedOn, campaign.startsOn)
            guard start <= today.adding(days: -45) else { continue }
            switch n % 10 {
            case 0: continue  // 已登记: measures still to be set
            case 1: i = try await plan(i, deadline: min(today.adding(days: 25), campaign.endsOn.adding(days: 60)), on: start)  // 整治中
            case 2: i = try await plan(i, deadline: start.adding(days: 20), on: start)  // 整治中, past its deadline
            case 3:
                i = try await plan(i, deadline: start.adding(days: 40), on: start)
                i = try await act(i, .analyse, ["rootCause": "供应商变更后未做首件检验；已建立供应商准入和首件检验制度"], on: start.adding(days: 5), as: owner(i))
                i = try await act(i, .submit, ["closureEvidence": "企业提交整改报告和检验记录，区局复查合格"], on: min(start.adding(days: 25), today), as: district(i))  // 待销号
            case 4, 5, 8, 9:
                i = try await clear(i, from: start)  // 已销号
                if n % 2 == 1, let due = i.reviewDue, due <= today {
                    i = try await act(i, .review, ["result": "consolidated", "finding": "回头看：制度执行到位，检验记录连续完整"], on: due, as: district(i))
                }
            case 6:
                i = try await clear(i, from: start)
                if let due = i.reviewDue, due <= today {
                    // 复发: a linked new item is listed.
                    i = try await act(i, .review, ["result": "relapsed", "finding": "回头看发现出厂检验记录再次中断"], on: due, as: district(i))
                }
            default:
                // 严重: referred for a case; closed by the city once a case of the enterprise is linked.
                i = try await plan(i, serious: true, deadline: start.adding(days: 60), on: start)
                let enterprise = i.enterpriseId
                let cases = try await database.session { db in try await ProblemItemRepository.linkableCases(db, enterprise: enterprise) }
                if let c = cases.first {
                    i = try await act(i, .linkCase, ["caseId": String(c.id)], on: start.adding(days: 10), as: district(i))
                    i = try await act(i, .submit, ["closureEvidence": "已立案查处，问题产品已封存并追溯到下游经销商"], on: start.adding(days: 40), as: district(i))
                    i = try await act(i, .close, [:], on: start.adding(days: 43), as: city)
                } else {
                    i = try await act(i, .refer, ["facts": "现场检查发现涉嫌生产不符合保障人身安全国家标准的产品"], on: start.adding(days: 3), as: district(i))
                }
            }
        }
    }

    /// Writes the recorded steps of the problem items in one transaction with one audit row summing them up.
    func flush() async throws {
        guard let items = scaled?.items else { return }
        try await database.write([items], entity: ProblemItemKind.name) { "pinzhi generate：问题清单\($0)项按流程整治（\($1)个步骤）" }
    }

    /// A verified association lead in 嘉定 and an unfounded complaint in 浦东.
    func leads(_ campaign: Campaign, day: (Int, Int) -> Day) async throws {
        let repo = ProblemItemRepository(database), store = WorkflowStore<ProblemItemRepository>(database)
        for (district, source, founded) in [(Self.jiading, ProblemSource.association, true), (Self.pudong, .complaint, false), (Self.jiading, .station, nil)] {
            let uscc = try await database.session { db in
                try await db.select().column("uscc").from("enterprises").where("district_code", .equal, SQLBind(district))
                    .where("enterprise_type", .equal, SQLBind(EnterpriseType.seller.rawValue)).orderBy("id").first()?.decode(column: "uscc", as: String.self)
            }
            guard let uscc else { continue }
            let p = DemoPrincipals.district(district)
            let on = founded == nil ? today.adding(days: -3) : day(7, 6)
            let lead = try await repo.enter(.init(campaignId: campaign.id, uscc: uscc, stage: .circulation, source: source,
                                                  problem: source == .complaint ? "消费者投诉该店销售的电动自行车充电器无厂名厂址" : "反映该店销售无中文标识的电线电缆",
                                                  evidence: "线索材料已存档"), today: on, as: p)
            guard let founded else { continue }  // 待核查: on the district's list
            _ = try await store.act(lead.id, .verify, input: ["founded": founded ? "yes" : "no",
                                                              "finding": founded ? "现场核查属实，涉事产品已下架封存" : "现场核查未发现涉事产品，进货台账完整"],
                                    expectedVersion: lead.version, today: on.adding(days: 5), as: p)
        }
    }

    /// This year's failed batches of key products whose verdict stood during the campaign, listed as the workflow would.
    func failedBatches(_ campaign: Campaign) async throws {
        let ids = try await database.session { db in
            try await db.select().column("id").from("batches").where("verdict", .equal, SQLBind(ItemVerdict.fail.rawValue))
                .where("product_id", .in, SQLBind.group(campaign.productIds)).where("concluded_on", .isNot, SQLLiteral.null)
                .where("sampled_on", .greaterThanOrEqual, SQLBind(campaign.startsOn.description))
                .where("sampled_on", .lessThanOrEqual, SQLBind(campaign.endsOn.description)).orderBy("id").all().map { try $0.decode(column: "id", as: Int64.self) }
        }
        // A thousand to a transaction: at city scale they are tens of thousands.
        for start in stride(from: 0, to: ids.count, by: 1000) {
            try await database.transaction { db in
                for id in ids[start..<min(start + 1000, ids.count)] {
                    guard let b = try await BatchRepository.find(db, id, DemoPrincipals.city), let concluded = b.concludedOn else { continue }
                    try await ProblemItemRepository.fromFailedBatch(db, b, today: concluded, by: DemoPrincipals.city)
                }
            }
        }
    }

    /// Self-inspections of producers of key products, not the demo enterprise's; every fifth with a problem still open.
    func selfInspections(_ campaign: Campaign, demoEnterprise: Int64, day: (Int, Int) -> Day) async throws {
        let producers = try await database.session { db in
            try await db.select().column(SQLColumn("id", table: "e")).column(SQLColumn("name", table: "e")).from(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")))
                .where(SQLQueryString("EXISTS (SELECT 1 FROM enterprise_products ep WHERE ep.enterprise_id = e.id AND ep.stage = 'production' AND ep.product_id IN (\(binds: campaign.productIds)))"))
                .where(SQLColumn("id", table: "e"), .notEqual, SQLBind(demoEnterprise)).orderBy(SQLColumn("id", table: "e")).limit(24).all()
                .map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "name", as: String.self)) }
        }
        let repo = SelfInspectionRepository(database)
        for (n, (id, name)) in producers.enumerated() {
            let p = Principal(accountId: 0, username: "enterprise-\(id)", displayName: "\(name) 质量负责人", role: .enterpriseUser, organisationId: 0,
                              organisationName: name, enterpriseId: id)
            let problem = n % 5 == 2
            let filing = SelfInspection(campaignId: campaign.id, enterpriseId: id, filedOn: today,
                                        sections: [.init(topic: .qualification, inOrder: true),
                                                   .init(topic: .qualityControl, inOrder: !problem, note: problem ? "来料检验只做外观，未做关键性能验证" : ""),
                                                   .init(topic: .labelling, inOrder: true)],
                                        problemsRectified: problem ? nil : (n % 3 == 0 ? "产品标识中执行标准编号已更新为现行版本" : nil),
                                        problemsOpen: problem ? "来料关键性能检验未开展，正在购置检测设备" : nil, signatory: "法定代表人", committed: true)
            _ = try await repo.file(filing, today: day(4, 10 + n % 18), as: p)
        }
    }

    /// Every district's forms: submitted at each month's end and approved three days later; October's in 嘉定 returned
    /// for resubmission and in 浦东 waiting for the city.
    func forms(_ campaign: Campaign, day: (Int, Int) -> Day) async throws {
        let repo = CampaignFormRepository(database), store = WorkflowStore<CampaignFormRepository>(database)
        let city = DemoPrincipals.city
        for f in try await repo.list(campaign: campaign.id, as: city) {
            let p = DemoPrincipals.district(f.districtCode)
            let due = min(f.period.lastDay, today)
            var form = try await store.act(f.id, .submit, input: [:], expectedVersion: f.version, today: due, as: p)
            let last = f.period == FormPeriod(campaign.endsOn)
            if last && f.districtCode == Self.pudong { continue }
            if last && f.districtCode == Self.jiading {
                _ = try await store.act(form.id, .reject, input: ["reason": "风险排查企业数与现场检查台账不一致，请核对后重新报送"], expectedVersion: form.version,
                                        today: min(due.adding(days: 3), today), as: city)
                continue
            }
            form = try await store.act(form.id, .approve, input: [:], expectedVersion: form.version, today: min(due.adding(days: 3), today), as: city)
        }
    }

    /// The summaries: every interim one submitted and received; the annual ones received, except 嘉定's (waiting for the
    /// city) and 浦东's (not sent, past its deadline).
    func summaries(_ campaign: Campaign, day: (Int, Int) -> Day) async throws {
        let store = WorkflowStore<CampaignSummaryRepository>(database)
        for s in try await CampaignSummaryRepository(database).list(campaign: campaign.id, as: DemoPrincipals.city) {
            if s.kind == .annualSummary && s.districtCode == Self.pudong { continue }
            let sent = min(s.due.adding(days: -1), today)
            let text = "\(District.named(code: s.districtCode))市场监管局\(s.kind.label)：本区按市局部署完成重点产品生产企业摸底和获证企业现场检查，"
                + "问题清单逐项整治、动态清零，对不合格企业开展质量技术帮扶；典型案例：某电动自行车充电器生产企业过充保护失效，立案查处并追溯下游经销商。"
            let submitted = try await store.act(s.id, .submit, input: ["text": text], expectedVersion: s.version, today: sent,
                                                as: DemoPrincipals.district(s.districtCode))
            if s.kind == .annualSummary && s.districtCode == Self.jiading { continue }
            _ = try await store.act(s.id, .accept, input: [:], expectedVersion: submitted.version, today: min(sent.adding(days: 3), today), as: DemoPrincipals.city)
        }
    }
}
