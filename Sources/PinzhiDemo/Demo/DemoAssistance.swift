import PinzhiDomain
import PinzhiStore
import SQLKit

/// The demo's quality technical assistance (SPEC TA-1 … TA-5), all through the store on days before `today`:
/// 嘉定's cases in every state — one from last year's failed batch closed seven months ago, its 回头帮 now due; the
/// demo enterprise's own requests (a 诊断书 waiting for its acknowledgement, a 全身体检 waiting for the experts'
/// acceptance); one from this year's failed batch waiting for 派单; one an expert declined —, 浦东's cases on site and
/// closed with output value; a 巡回问诊 visit and a training in 嘉定's largest cluster and a city 质量分析会. The demo
/// `expert` account is bound to an expert the draw picked for the case waiting for acceptance.
struct DemoAssistance {
    let database: PinzhiDatabase
    let today: Day

    static let jiading = "310114", pudong = "310115"

    func failedBatches(_ district: String, year: Int) async throws -> [Int64] {
        try await database.session { db in
            try await db.select().column(SQLColumn("id", table: "b")).from(SQLAlias(SQLIdentifier("batches"), as: SQLIdentifier("b")))
                .join(SQLAlias(SQLIdentifier("enterprises"), as: SQLIdentifier("e")), on: SQLColumn("enterprise_id", table: "b"), .equal, SQLColumn("id", table: "e"))
                .where(SQLColumn("verdict", table: "b"), .equal, SQLBind(ItemVerdict.fail.rawValue))
                .where(SQLColumn("district_code", table: "e"), .equal, SQLBind(district))
                .where(SQLColumn("reported_on", table: "b"), .greaterThanOrEqual, SQLBind("\(year)-01-01"))
                .where(SQLColumn("reported_on", table: "b"), .lessThan, SQLBind("\(year + 1)-01-01"))
                .orderBy(SQLColumn("suggested_on", table: "b"), SQLDirection.descending).orderBy(SQLColumn("id", table: "b"), SQLDirection.ascending)
                .limit(20).all().map { try $0.decode(column: "id", as: Int64.self) }
        }
    }

    func uscc(_ enterpriseId: Int64) async throws -> String {
        try await database.session { db in
            try await db.select().column("uscc").from("enterprises").where("id", .equal, SQLBind(enterpriseId)).first()?.decode(column: "uscc", as: String.self) ?? ""
        }
    }

    /// What a case goes through, step by step, `daysAgo` each.
    enum Until { case requested, declined, assigned, accepted, diagnosing, diagnosed, rectifying, rated, closed }

    struct Run {
        var requestedAgo: Int
        var until: Until
        var experts = 2
        var solved = 0
        var value = 0.0
    }

    func walk(_ c: AssistanceCase, _ run: Run, district: Principal, enterprise: Principal, n: Int) async throws -> AssistanceCase {
        let store = WorkflowStore<AssistanceRepository>(database)
        var c = c
        var day = today.adding(days: -run.requestedAgo)
        func at(_ days: Int) -> Day {
            day = min(day.adding(days: days), today)
            return day
        }
        func expert() -> Principal {
            let e = c.experts[0]
            return Principal(accountId: 0, username: "expert-\(e.expertId)", displayName: e.name, role: .expert, organisationId: 0,
                             organisationName: e.organisation, expertId: e.expertId)
        }
        if run.until == .requested { return c }
        let reveal = ["experts": String(run.experts), "publicValue": String(format: "%05d", 31_000 + n * 7), "publicSource": "上海福利彩票“天天彩选4”开奖号码（演示）"]
        c = try await store.act(c.id, .assign, input: reveal, expectedVersion: c.version, today: at(3), as: district)
        if run.until == .declined {
            return try await store.act(c.id, .decline, input: ["reason": "与已排定的巡回问诊活动时间冲突，无法按期上门"], expectedVersion: c.version, today: at(1), as: expert())
        }
        if run.until == .assigned { return c }
        c = try await store.act(c.id, .accept, input: [:], expectedVersion: c.version, today: at(1), as: expert())
        if run.until == .accepted { return c }
        c = try await store.act(c.id, .visit, input: ["visitedOn": at(4).description], expectedVersion: c.version, today: day, as: expert())
        if run.until == .diagnosing { return c }
        let issued = at(5)
        c = try await store.act(c.id, .diagnose, input: [
            "problems": "抽查不合格项目与关键原材料有关；进货检验和出厂检验记录不全，关键工序无作业指导书",
            "causes": "关键原材料更换供应商后未做首件检验，质量负责人对强制性国家标准的变化不掌握",
            "measures": "建立关键原材料进货检验和供应商变更评审制度 | \(issued.adding(days: 30))\n"
                + "编制关键工序作业指导书并培训操作人员 | \(issued.adding(days: 45))\n按现行标准逐项开展出厂检验并留存记录 | \(issued.adding(days: 60))",
        ], expectedVersion: c.version, today: issued, as: expert())
        if run.until == .diagnosed { return c }
        c = try await store.act(c.id, .acknowledge, input: [:], expectedVersion: c.version, today: at(2), as: enterprise)
        c = try await store.act(c.id, .follow, input: ["progress": "进货检验制度已发布，首批原材料按新制度检验合格"], expectedVersion: c.version, today: at(20), as: expert())
        if run.until == .rectifying { return c }
        c = try await store.act(c.id, .follow, input: ["progress": "作业指导书已编制完成，完成两轮操作人员培训"], expectedVersion: c.version, today: at(15), as: district)
        c = try await store.act(c.id, .rate, input: ["rating": "5", "comment": "专家上门及时，问题找得准，措施可操作"], expectedVersion: c.version, today: at(10),
                                as: enterprise)
        if run.until == .rated { return c }
        return try await store.act(c.id, .close, input: ["problemsSolved": String(run.solved), "outputValue": String(run.value),
                                                         "evidence": run.value > 0 ? "企业整改前后半年销售台账及财务报表（区局核实）" : ""],
                                   expectedVersion: c.version, today: at(2), as: district)
    }

    func run(demoEnterprise: Int64) async throws {
        let repo = AssistanceRepository(database)
        let jiading = DemoPrincipals.district(Self.jiading), pudong = DemoPrincipals.district(Self.pudong)
        let lastYear = try await failedBatches(Self.jiading, year: today.year - 1), thisYear = try await failedBatches(Self.jiading, year: today.year)
        let pudongBatches = try await failedBatches(Self.pudong, year: today.year)
        guard let old = lastYear.first, let recent = thisYear.first else { return }
        let owner = Principal(accountId: 0, username: "enterprise-\(demoEnterprise)", displayName: "企业质量负责人", role: .enterpriseUser, organisationId: 0,
                              enterpriseId: demoEnterprise)
        func enterprise(of c: AssistanceCase) -> Principal {
            Principal(accountId: 0, username: "enterprise-\(c.enterpriseId)", displayName: "\(c.enterpriseName) 质量负责人", role: .enterpriseUser, organisationId: 0,
                      organisationName: c.enterpriseName, enterpriseId: c.enterpriseId)
        }
        var n = 0
        func story(_ input: AssistanceRepository.Request, as p: Principal, _ run: Run) async throws -> AssistanceCase {
            n += 1
            let c = try await repo.request(input, today: today.adding(days: -run.requestedAgo), as: p)
            return try await walk(c, run, district: p.role == .enterpriseUser ? jiading : DemoPrincipals.district(c.districtCode ?? Self.jiading),
                                  enterprise: enterprise(of: c), n: n)
        }
        // 嘉定: last year's failed batch, helped and closed about seven months ago: its 回头帮 is due.
        _ = try await story(.init(batchId: old, mode: .routine, problems: ""), as: jiading, Run(requestedAgo: 262, until: .closed, experts: 2, solved: 3, value: 86.5))
        // The demo enterprise: a 巡回问诊 diagnosis waiting for its acknowledgement, and a 全身体检 waiting for the experts.
        _ = try await story(.init(mode: .tour, problems: "产品出厂检验项目不全，不了解新版强制性国家标准的变化"), as: owner, Run(requestedAgo: 21, until: .diagnosed))
        let waiting = try await story(.init(mode: .checkup, problems: "希望对企业质量管理体系进行全面体检，重点是供应商管理和过程控制"), as: owner,
                                      Run(requestedAgo: 2, until: .assigned, experts: 3))
        // This year's failed batch waits for 派单; an older request was declined by its expert and waits again.
        _ = try await story(.init(batchId: recent, mode: .routine, problems: ""), as: jiading, Run(requestedAgo: 1, until: .requested))
        if thisYear.count > 1 {
            _ = try await story(.init(batchId: thisYear[1], mode: .routine, problems: ""), as: jiading, Run(requestedAgo: 6, until: .declined))
        }
        // 浦东: one accepted, one on site, one in rectification, one rated and waiting for closure, one closed this year
        // with its output value.
        if pudongBatches.count > 4 {
            _ = try await story(.init(batchId: pudongBatches[2], mode: .routine, problems: ""), as: pudong, Run(requestedAgo: 8, until: .accepted))
            _ = try await story(.init(batchId: pudongBatches[3], mode: .tour, problems: ""), as: pudong, Run(requestedAgo: 70, until: .rectifying))
            _ = try await story(.init(batchId: pudongBatches[4], mode: .routine, problems: ""), as: pudong, Run(requestedAgo: 110, until: .rated))
        }
        if pudongBatches.count > 1 {
            _ = try await story(.init(batchId: pudongBatches[0], mode: .routine, problems: ""), as: pudong, Run(requestedAgo: 12, until: .diagnosing))
            _ = try await story(.init(batchId: pudongBatches[1], mode: .checkup, problems: ""), as: pudong, Run(requestedAgo: 120, until: .closed, experts: 3, solved: 5, value: 230))
        }
        try await activities()
        try await strengthening()
        // The demo `expert` account is one of the experts drawn for the 全身体检 waiting for acceptance.
        if let drawn = waiting.experts.first {
            try await database.session { db in
                try await db.update("accounts").set("expert_id", to: SQLBind(drawn.expertId)).set("display_name", to: SQLBind("专家 \(drawn.name)"))
                    .where("username", .equal, SQLBind("expert")).run()
            }
        }
    }

    /// 提质强企 (SPEC TA-4): each demo district's largest cluster recorded with its 链主, its target list confirmed from
    /// the records' suggestions with one 一企一策, and the library filled from the closed cases and two entries by hand.
    func strengthening() async throws {
        let repo = StrengtheningRepository(database)
        for (code, take) in [(Self.jiading, 6), (Self.pudong, 3)] {
            let district = DemoPrincipals.district(code)
            let biggest = try await database.session { db in
                try await db.select().column("cluster").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("enterprises")
                    .where("district_code", .equal, SQLBind(code)).where(SQLColumn("cluster"), .isNot, SQLLiteral.null).where("cluster", .notEqual, SQLBind(""))
                    .groupBy("cluster").orderBy(SQLRaw("n"), SQLDirection.descending).orderBy("cluster").first()?.decode(column: "cluster", as: String.self)
            }
            if let name = biggest {
                let leader = try await database.session { db in
                    try await db.select().column("uscc").from("enterprises").where("cluster", .equal, SQLBind(name)).where("scale", .in, SQLBind.group(["large", "medium"]))
                        .orderBy("id").first()?.decode(column: "uscc", as: String.self)
                }
                _ = try await repo.createCluster(name: name, productCodes: [], leaderUscc: leader,
                                                 focus: "集聚区内中小企业出厂检验能力不足，关键原材料进货把关不严；以链主企业带动上下游建立统一的进货检验要求。", as: district)
            }
            let suggestions = try await repo.suggestions(year: today.year, district: code, today: today, as: district)
            guard !suggestions.isEmpty else { continue }
            _ = try await repo.confirm(year: today.year, district: code, enterpriseIds: suggestions.prefix(take).map(\.enterpriseId), usccs: [],
                                       today: Day(year: today.year, month: 6, day: 28)!, as: district)
            if let first = try await repo.targets(year: today.year, district: code, as: district).first {
                _ = try await repo.plan(first.id, text: "帮扶目标：年内抽查合格、无严重不合格项目。措施：专家上门诊断一次，建立进货检验与出厂检验制度，参加集聚区质量技术培训；责任单位：区局质量科，9月底前完成。",
                                        as: district)
            }
        }
        let library = AssistanceLibraryRepository(database)
        let closed = try await AssistanceRepository(database).page({ var f = AssistanceRepository.Filter(); f.state = .closed; return f }(), limit: 10, offset: 0,
                                                                   as: DemoPrincipals.city).items
        for c in closed {
            guard let d = c.diagnosis else { continue }
            _ = try await library.create(category: .materials, productCode: nil, title: "\(c.productName ?? "产品")：更换原材料供应商后未做进货检验",
                                         problem: d.problems, cause: d.causes, solution: d.measures.map(\.text).joined(separator: "\n"), caseId: c.id, today: today,
                                         as: DemoPrincipals.city)
        }
        _ = try await library.create(category: .labelling, productCode: nil, title: "电动自行车充电器铭牌与说明书标注不全",
                                     problem: "充电器铭牌未标注输出电压、电流及适配电池类型，说明书缺少充电安全警示。",
                                     cause: "企业不熟悉GB 42296的标识要求，沿用旧版铭牌模板。",
                                     solution: "对照标准逐项核对铭牌与说明书的必备内容；增加“请使用原配充电器”“充电时远离易燃物”等警示；每批出厂前抽查铭牌与说明书。",
                                     caseId: nil, today: today, as: DemoPrincipals.city)
        _ = try await library.create(category: .testing, productCode: nil, title: "小微企业出厂检验缺少关键项目",
                                     problem: "出厂检验只做外观和尺寸，不做标准规定的安全性能项目，批次合格缺少依据。",
                                     cause: "企业没有相应检测设备，也未与有资质的检验机构签订委托检验协议。",
                                     solution: "按产品标准列出出厂检验必检项目清单；自行检测不了的项目委托有资质的检验机构按批次或按周期检验，保存检验报告；质量负责人逐批签发放行。",
                                     caseId: nil, today: today, as: DemoPrincipals.city)
    }

    /// A 巡回问诊 visit and a training in 嘉定's largest cluster, and a city 质量分析会 on e-bikes.
    func activities() async throws {
        let (cluster, members, experts, product) = try await database.session { db in
            let cluster = try await db.select().column("cluster").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("enterprises")
                .where("district_code", .equal, SQLBind(Self.jiading)).where(SQLColumn("cluster"), .isNot, SQLLiteral.null).where("cluster", .notEqual, SQLBind(""))
                .groupBy("cluster").orderBy(SQLRaw("n"), SQLDirection.descending).orderBy("cluster").first()?.decode(column: "cluster", as: String.self)
            let members = try await db.select().column("uscc").from("enterprises").where("cluster", .equal, SQLBind(cluster ?? "")).orderBy("id").limit(8).all()
                .map { try $0.decode(column: "uscc", as: String.self) }
            let experts = try await db.select().column("code").from("experts").orderBy("id").limit(6).all().map { try $0.decode(column: "code", as: String.self) }
            let product = try await db.select().column("code").from("products").where("name", .like, SQLBind("%电动自行车%")).orderBy("id").first()?
                .decode(column: "code", as: String.self)
            return (cluster, members, experts, product)
        }
        guard let cluster, members.count >= 3, experts.count >= 4 else { return }
        let repo = AssistanceActivityRepository(database)
        let jiading = DemoPrincipals.district(Self.jiading)
        _ = try await repo.create(.init(kind: .visit, title: "\(cluster)质量技术帮扶“巡回问诊”", heldOn: today.adding(days: -45), place: "\(cluster)管委会会议室",
                                        cluster: cluster, productCodes: product.map { [$0] } ?? [], organisations: ["上海市质量监督检验技术研究院", "上海大学"],
                                        expertCodes: Array(experts.prefix(3)), usccs: members, notes: "逐家走访，现场问诊"),
                                  today: today.adding(days: -45), as: jiading)
        _ = try await repo.create(.init(kind: .training, title: "强制性国家标准宣贯与出厂检验培训", heldOn: today.adding(days: -30), place: "嘉定区市场监管局培训中心",
                                        cluster: cluster, productCodes: product.map { [$0] } ?? [], organisations: ["上海市质量监督检验技术研究院"],
                                        expertCodes: [experts[0], experts[3]], usccs: Array(members.prefix(5)), notes: nil),
                                  today: today.adding(days: -30), as: jiading)
        _ = try await repo.create(.init(kind: .analysisMeeting, title: "电动自行车产品质量分析会", heldOn: today.adding(days: -60), place: "上海市市场监督管理局",
                                        cluster: nil, productCodes: product.map { [$0] } ?? [], organisations: ["上海市质量监督检验技术研究院", "上海市计量测试技术研究院"],
                                        expertCodes: [experts[1], experts[2]], usccs: Array(members.prefix(3)), notes: "通报抽查不合格情况，分析原因"),
                                  today: today.adding(days: -60), as: DemoPrincipals.city)
    }
}
