import PinzhiDomain
import PinzhiStore
import SQLKit

/// The demo's risk information (SPEC RK-1, RK-2): the spot checks' failed batches have already made their items;
/// here items from the other seven sources are reported by the districts and the city, the city studies and grades
/// part of this year's items, the districts handle them (one 一级 item waits past its 24 hours), two items are not
/// adopted, and an expert overrides one product's grade — all through the workflow engine on days before `today`.
struct DemoRisk {
    let database: PinzhiDatabase
    let today: Day
    /// nil: each step a transaction of the store (the demo); else recorded by the engine and written in bulk (the
    /// generator's spot-check items, `handleSpotChecks`).
    var recorded: WorkflowRowRecorder<RiskItemRepository>?

    init(database: PinzhiDatabase, today: Day, recorded: WorkflowRowRecorder<RiskItemRepository>? = nil) {
        self.database = database
        self.today = today
        self.recorded = recorded
    }

    struct Story {
        var source: RiskSource
        var product: String
        var district: String
        var hazard: Hazard
        var users: UserGroup
        var severity: Int
        var probability: String
        var reporter: String
        var evidence: String
        var daysAgo: Int
    }

    static let stories: [Story] = [
        .init(source: .injury, product: "P010", district: "310115", hazard: .fire, users: .general, severity: 4, probability: "1/2000",
              reporter: "市伤害监测哨点医院（瑞金医院）", evidence: "伤害监测哨点报告：电动自行车锂电池在室内充电时起火，致一人重度烧伤，电池无品牌标识。", daysAgo: 3),
        .init(source: .complaint, product: "P007", district: "310114", hazard: .fire, users: .elderly, severity: 3, probability: "1/20000",
              reporter: "12315热线", evidence: "多名老年消费者投诉同型号燃气灶熄火保护装置失灵，点火后火焰熄灭仍持续出气，附照片与购买凭证。", daysAgo: 20),
        .init(source: .opinion, product: "P016", district: "310104", hazard: .chemical, users: .general, severity: 2, probability: "1/5000",
              reporter: "网络舆情监测（市局新闻宣传处）", evidence: "社交平台热帖称某外卖平台使用的发泡餐具遇热有异味，疑似迁移物超标，转发量逾两万。", daysAgo: 35),
        .init(source: .recall, product: "P017", district: "310112", hazard: .mechanical, users: .general, severity: 3, probability: "1/1000",
              reporter: "缺陷产品管理中心", evidence: "生产企业报告手提式灭火器筒体焊缝存在缺陷，加压时可能爆裂，已启动主动召回约3200具。", daysAgo: 60),
        .init(source: .inspection, product: "P020", district: "310115", hazard: .electrical, users: .general, severity: 3, probability: "1/500",
              reporter: "执法总队", evidence: "执法检查发现电热食品加工设备接地端子缺失，外壳带电，现场检测泄漏电流超过限值。", daysAgo: 12),
        .init(source: .routine, product: "P006", district: "310117", hazard: .fire, users: .general, severity: 3, probability: "1/50000",
              reporter: "松江区市场监管局", evidence: "日常检查发现经营户销售的聚氯乙烯绝缘电缆导体截面明显偏小，疑似偷工减料。", daysAgo: 40),
        .init(source: .monitoring, product: "P012", district: "310113", hazard: .chemical, users: .general, severity: 2, probability: "1/100000",
              reporter: "市质检院", evidence: "风险监测发现部分加油站车用汽油烯烃含量接近限值，尚未发现超标。", daysAgo: 75),
        .init(source: .injury, product: "P008", district: "310151", hazard: .fire, users: .children, severity: 3, probability: "1/10000",
              reporter: "市伤害监测哨点医院（新华医院）", evidence: "春节期间儿童燃放小型烟花时手部烧伤病例增多，多为喷花类产品引燃时间过短。", daysAgo: 300),
        .init(source: .complaint, product: "P011", district: "310110", hazard: .choking, users: .children, severity: 2, probability: "1/100000",
              reporter: "12315热线", evidence: "家长投诉儿童口罩耳带脱落，担心小部件被幼儿误吞，经了解为个别批次缝合不牢。", daysAgo: 90),
        .init(source: .opinion, product: "P014", district: "310101", hazard: .other, users: .general, severity: 1, probability: "1/1000",
              reporter: "网络舆情监测（市局新闻宣传处）", evidence: "网帖称超市塑料购物袋厚度不足，承重时易破裂，经初步核实系消费者误用。", daysAgo: 50),
    ]

    func run() async throws {
        let repo = RiskItemRepository(database)
        var reported: [RiskItem] = []
        for story in Self.stories {
            let day = today.adding(days: -story.daysAgo)
            let by = story.source == .inspection ? DemoPrincipals.enforcement : DemoPrincipals.district(story.district)
            reported.append(try await repo.create(.init(source: story.source, productCode: story.product, districtCode: story.district, hazard: story.hazard,
                                                        userGroup: story.users, severity: story.severity, probability: story.probability,
                                                        evidence: story.evidence, reporter: story.reporter, reportedOn: day),
                                                  today: day, as: by))
        }
        // Two items are not adopted after study: a consumer's misuse, and a finding within the limits.
        let notAdopted: (RiskItem) -> Bool = { $0.source == .monitoring || $0.productName.contains("购物袋") }
        for item in reported where notAdopted(item) {
            let r = try await step(item, .assess, on: item.reportedOn.adding(days: 1))
            _ = try await step(r, .reject, ["reason": item.source == .monitoring ? "监测结果均在标准限值内，列入下季度监测计划继续跟踪，本次不采纳。"
                                                                                   : "经核实系消费者超重使用所致，产品厚度与承重均符合标准，不采纳。"],
                               on: item.reportedOn.adding(days: 3))
        }
        // The other sources' items, then part of this year's spot-check items: studied and graded by the city and
        // handled by their districts.
        for (n, item) in reported.enumerated() where !notAdopted(item) {
            try await walk(item, n)
        }
        var f = RiskItemRepository.Filter()
        f.state = .reported
        f.source = .spotCheck
        f.year = today.year - 1
        // Last year's items were all studied, handled and closed; part of this year's are still on the way.
        for item in try await repo.page(f, limit: 500, offset: 0, as: DemoPrincipals.city).items.sorted(by: { $0.id < $1.id }) {
            try await walk(item, 0, complete: true)
        }
        f.year = today.year
        let open = try await repo.page(f, limit: 60, offset: 0, as: DemoPrincipals.city).items.sorted { $0.id < $1.id }
        for (n, item) in open.enumerated() where n % 3 != 2 { try await walk(item, n) }
        // An expert lowers the grade of a product whose recall has been completed; the model's grade stays beside it.
        if let recalled = reported.first(where: { $0.source == .recall }) {
            _ = try await ProductGradeStore(database).override(recalled.productId, level: .medium, expert: "陈建华（压力容器安全专家）",
                                                               reason: "缺陷批次已全部召回并更换，剩余在用产品经抽样压力试验未见同类缺陷，建议下调一级。",
                                                               today: today, as: DemoPrincipals.city)
        }
        try await alerts(reported)
    }

    struct AlertStory {
        var type: AlertType
        var audience: AlertAudience?
        var product: String
        var title: String
        var content: String
        var advice: String
        var nationalScope = false
        /// nil: the city drafts.
        var district: String?
        var daysAgo: Int
        /// How far it goes: draft, review, published or withdrawn.
        var reaches: AlertState
    }

    static let alertStories: [AlertStory] = [
        .init(type: .consumer, audience: nil, product: "P010", title: "关于安全使用电动自行车锂电池的消费提示",
              content: "近期本市伤害监测哨点报告多起电动自行车锂电池在室内充电时起火的事故，涉事电池多为无品牌标识的改装或替换电池，起火后燃烧猛烈，极易造成人员伤亡。",
              advice: "请到正规渠道购买带有3C认证标志的电动自行车和原厂电池，不要私自改装或更换来历不明的电池；不要在室内、楼道、安全出口等处充电，充电时间不宜过长，充满后及时断电。",
              daysAgo: 2, reaches: .published),
        .init(type: .consumer, audience: nil, product: "P007", title: "家用燃气灶具选购和使用消费提示",
              content: "12315热线收到多起投诉，反映部分燃气灶熄火保护装置失灵，火焰熄灭后仍持续出气，存在燃气泄漏和爆燃隐患，老年人家庭尤需注意。",
              advice: "选购带熄火保护装置、有3C认证标志的燃气灶；使用时人不离灶，发现熄火后仍有燃气味应立即关闭阀门、开窗通风，不要开关电器，并联系专业人员检修。",
              daysAgo: 18, reaches: .published),
        .init(type: .risk, audience: .regulators, product: "P017", title: "关于手提式灭火器筒体焊缝缺陷的风险提示",
              content: "缺陷产品管理中心报告某企业生产的手提式灭火器筒体焊缝存在缺陷，加压时可能爆裂，企业已启动主动召回，涉及产品约3200具，部分产品已销往外省市。",
              advice: "各区局督促辖区经营单位下架涉事批次，跟踪召回进度；对辖区灭火器生产企业开展焊接工艺专项检查；涉事产品流向外省市，已报告市场监管总局通报相关省局。",
              nationalScope: true, daysAgo: 55, reaches: .published),
        .init(type: .consumer, audience: nil, product: "P016", title: "外卖发泡餐具使用消费提示",
              content: "网络舆情反映部分外卖发泡餐具遇热有异味。经初步了解，不符合标准的发泡餐具在高温、油脂条件下可能有物质迁移到食品中。",
              advice: "盛装高温、油性食品时尽量选用标有“可微波”“耐热”字样的餐具，不要将发泡餐具放入微波炉加热；发现餐具变形、异味应停止使用。",
              district: "310104", daysAgo: 4, reaches: .review),
        .init(type: .consumer, audience: nil, product: "P011", title: "儿童口罩选购消费提示",
              content: "有家长投诉个别批次儿童口罩耳带缝合不牢、易脱落，脱落的小部件有被幼儿误吞的风险。",
              advice: "为儿童选购口罩时查看耳带与口罩本体连接是否牢固，3岁以下婴幼儿不宜佩戴口罩；使用中发现部件松脱应立即停止使用。",
              daysAgo: 85, reaches: .withdrawn),
        .init(type: .risk, audience: .industry, product: "P020", title: "电热食品加工设备接地安全风险提示",
              content: "执法检查发现部分电热食品加工设备接地端子缺失、外壳带电，泄漏电流超过标准限值，使用者存在触电风险。",
              advice: "生产企业应对照标准逐台检查接地端子和泄漏电流，完善出厂检验；餐饮经营单位应检查在用设备接地情况，发现带电立即停用。",
              daysAgo: 1, reaches: .draft),
    ]

    /// The alerts of the stories (SPEC RK-5), each as far as its story goes, through the workflow engine; each rests
    /// on the risk item of its product when there is one.
    func alerts(_ reported: [RiskItem]) async throws {
        let store = WorkflowStore<RiskAlertRepository>(database)
        let codes = try await database.session { db in
            try await db.select().column("id").column("code").from("products").all().reduce(into: [String: Int64]()) {
                $0[try $1.decode(column: "code", as: String.self)] = try $1.decode(column: "id", as: Int64.self)
            }
        }
        for story in Self.alertStories {
            let drafted = today.adding(days: -story.daysAgo)
            let drafter = story.district.map(DemoPrincipals.district) ?? DemoPrincipals.city
            let item = reported.first { $0.productId == codes[story.product] && $0.counts }
            var a = try await RiskAlertRepository(database).create(
                .init(type: story.type, audience: story.audience, title: story.title, content: story.content, advice: story.advice,
                      productCode: item == nil ? story.product : nil, riskItemId: item?.id, nationalScope: story.nationalScope),
                today: drafted, as: drafter)
            guard story.reaches != .draft else { continue }
            a = try await store.act(a.id, .submit, input: [:], expectedVersion: a.version, today: drafted, as: drafter)
            guard story.reaches != .review else { continue }
            let published = min(drafted.adding(days: 1), today)
            a = try await store.act(a.id, .approve, input: ["approver": "王敏（产品质量安全监督管理处）", "opinion": "内容准确，同意发布。"],
                                    expectedVersion: a.version, today: published, as: DemoPrincipals.city)
            guard story.reaches == .withdrawn else { continue }
            _ = try await store.act(a.id, .withdraw, input: ["reason": "涉事批次已全部召回，后续抽查未再发现同类问题，提示撤回。"],
                                    expectedVersion: a.version, today: min(published.adding(days: 50), today), as: DemoPrincipals.city)
        }
    }

    /// At city scale (the generator): the spot checks' items handled as the demo's are — earlier years' studied,
    /// graded, handled and closed; this year's two in three studied and graded, part of them handled or closed —
    /// `chunk` items to a write. Returns the steps taken.
    func handleSpotChecks(chunk: Int = 50_000, progress: (Int, Int) -> Void) async throws -> Int {
        var f = RiskItemRepository.Filter()
        f.state = .reported
        f.source = .spotCheck
        let items = try await RiskItemRepository(database).page(f, limit: 100_000_000, offset: 0, as: DemoPrincipals.city).items.sorted { $0.id < $1.id }
        var steps = 0
        for start in stride(from: 0, to: items.count, by: chunk) {
            for n in start..<min(start + chunk, items.count) {
                let item = items[n]
                if item.reportedOn.year < today.year { steps += try await walk(item, 0, complete: true) } else if n % 3 != 2 { steps += try await walk(item, n) }
            }
            if let recorded {
                try await database.write([recorded], entity: RiskItemKind.name) { "pinzhi generate：风险信息\($0)条按流程办理（\($1)个步骤）" }
            }
            progress(min(start + chunk, items.count), items.count)
        }
        return steps
    }

    /// Study and grade; then, unless it is the n-th that waits, measures the next day and (every other) the result ten
    /// days later. The injury report of three days ago is graded 一级 today and waits for its district's emergency measures.
    /// Returns the steps taken.
    @discardableResult
    func walk(_ item: RiskItem, _ n: Int, complete: Bool = false) async throws -> Int {
        let studied = min(item.reportedOn.adding(days: 1), today)
        var r = try await step(item, .assess, on: studied)
        let urgency: RiskUrgency = item.riskLevel == .serious ? .first : item.riskLevel == .high ? .second : .third
        let graded = min(studied.adding(days: 2), today)
        r = try await step(r, .grade, ["urgency": urgency.rawValue, "severity": String(r.severity), "probability": RiskProbability.text(r.probability),
                                       "userGroup": r.userGroup.rawValue, "note": Self.note(urgency)], on: graded)
        guard complete || n % 4 != 3, graded < today else { return 2 }
        r = try await step(r, .handle, ["measures": Self.measures(urgency, item.source)], on: graded.adding(days: 1))
        guard complete || n % 2 == 0, r.enteredOn < today else { return 3 }
        _ = try await step(r, .close, ["result": "企业已完成整改，涉事批次产品已下架或召回，区局复查确认风险已消除。"], on: min(r.enteredOn.adding(days: 10), today))
        return 4
    }

    func step(_ r: RiskItem, _ action: RiskAction, _ input: [String: String] = [:], on day: Day) async throws -> RiskItem {
        let p = RiskItemKind.step(action).parties.contains(.city) ? DemoPrincipals.city
            : r.districtCode.map(DemoPrincipals.district) ?? DemoPrincipals.city
        if let recorded { return try recorded.take(action, p, day, input, r) }
        return try await WorkflowStore<RiskItemRepository>(database).act(r.id, action, input: input, expectedVersion: r.version, today: day, as: p)
    }

    static func note(_ urgency: RiskUrgency) -> String {
        switch urgency {
        case .first: "可能造成人身严重伤害，需立即采取紧急措施，责令停止销售并通报相关区局。"
        case .second: "存在较高安全隐患，需在规定时间内责令整改并跟踪复查。"
        case .third: "风险较低，纳入季度风险会商进一步研究，结合下次抽查跟踪。"
        }
    }

    static func measures(_ urgency: RiskUrgency, _ source: RiskSource) -> String {
        switch urgency {
        case .first: "责令企业立即停止生产销售，查封在库产品，向社会发布消费提示。"
        case .second: source == .spotCheck ? "责令企业整改不合格项目，下架涉事批次并追溯同批次产品流向。" : "约谈生产企业，责令限期整改并提交整改报告。"
        case .third: "列入下季度监督抽查重点，开展企业质量安全提醒。"
        }
    }
}
