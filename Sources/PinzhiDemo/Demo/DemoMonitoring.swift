import PinzhiDomain
import PinzhiStore
import SQLKit

/// The demo's risk monitoring (SPEC RK-6): the city plans two monitorings for 市质检院 — online chargers and
/// batteries for e-bikes (no current standard for some items), and foam tableware after the online outcry — and
/// the institute records its samples: most are archived without a finding, one charger's finding is reported as a
/// risk item, and the latest samples wait for their results. All through the workflow engine, before `today`.
struct DemoMonitoring {
    let database: PinzhiDatabase
    let today: Day

    struct Sample {
        var source: String
        var sample: String
        var daysAgo: Int
        /// nil: waits for its results; otherwise the results and, for a finding, its description.
        var results: String?
        var finding: String?
    }

    struct Story {
        var product: String
        var title: String
        var items: String
        var focus: MonitoringFocus
        var planned: Int
        var samples: [Sample]
    }

    static let stories: [Story] = [
        .init(product: "P010", title: "网络销售电动自行车充电器和电池风险监测", items: "输出过压保护\n电池组过充保护\n外壳阻燃性能\n电池循环寿命衰减（无现行标准）",
              focus: .online, planned: 8, samples: [
                  .init(source: "某电商平台“极速电池专营店”", sample: "48V20Ah锂电池组", daysAgo: 70,
                        results: "过充保护：动作正常；外壳阻燃：V-0；循环500次容量保持率82%", finding: nil),
                  .init(source: "某电商平台“骑行配件旗舰店”", sample: "48V3A充电器", daysAgo: 62,
                        results: "输出过压保护：未动作，输出电压升至59.8V；外壳阻燃：V-2", finding: "充电器输出过压保护失效，持续过充可致电池热失控起火"),
                  .init(source: "某电商平台“绿源配件店”", sample: "60V2.5A充电器", daysAgo: 40, results: "输出过压保护：动作正常；外壳阻燃：V-0", finding: nil),
                  .init(source: "某直播间", sample: "改装用48V30Ah电池组", daysAgo: 5, results: nil, finding: nil),
              ]),
        .init(product: "P016", title: "外卖用一次性发泡餐具风险监测", items: "蒸发残渣（4%乙酸）\n高锰酸钾消耗量\n苯乙烯单体迁移量（无现行限量）",
              focus: .opinion, planned: 5, samples: [
                  .init(source: "本市某外卖餐饮门店", sample: "发泡餐盒（1000ml）", daysAgo: 30, results: "蒸发残渣：合格；高锰酸钾消耗量：合格；苯乙烯迁移量：0.02mg/kg",
                        finding: nil),
                  .init(source: "某批发市场", sample: "发泡碗（750ml）", daysAgo: 3, results: nil, finding: nil),
              ]),
    ]

    func run() async throws {
        guard let agency = try await database.session({ db in
            try await db.select().column("id").column("name").from("agencies").where("name", .equal, SQLBind("上海市质量监督检验技术研究院")).first()
        }) else { return }
        let principal = DemoPrincipals.agency(try agency.decode(column: "id", as: Int64.self), try agency.decode(column: "name", as: String.self))
        let repo = MonitoringRepository(database)
        let store = WorkflowStore<MonitoringRepository>(database)
        for story in Self.stories {
            let plan = try await repo.createPlan(.init(year: today.year, title: "\(today.year)年\(story.title)", productCode: story.product,
                                                       agencyId: principal.agencyId ?? 0, items: story.items, focus: story.focus, plannedBatches: story.planned),
                                                 today: today.adding(days: -90), as: DemoPrincipals.city)
            for s in story.samples {
                let sampled = today.adding(days: -s.daysAgo)
                var b = try await repo.create(.init(planId: plan.id, channel: s.source.contains("平台") || s.source.contains("直播") ? .online : .market,
                                                    source: s.source, sampleName: s.sample, uscc: nil, sampledOn: sampled),
                                              today: sampled, as: principal)
                guard let results = s.results else { continue }
                let tested = sampled.adding(days: 7)
                b = try await store.act(b.id, .test, input: ["results": results, "finding": s.finding == nil ? "no" : "yes", "findingText": s.finding ?? ""],
                                        expectedVersion: b.version, today: tested, as: principal)
                if s.finding != nil {
                    _ = try await store.act(b.id, .report, input: ["hazard": Hazard.fire.rawValue, "userGroup": UserGroup.general.rawValue, "severity": "4",
                                                                   "probability": "1/10000"],
                                            expectedVersion: b.version, today: tested.adding(days: 1), as: principal)
                } else {
                    _ = try await store.act(b.id, .archive, input: [:], expectedVersion: b.version, today: tested, as: principal)
                }
            }
        }
    }
}
