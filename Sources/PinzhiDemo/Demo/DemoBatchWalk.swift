import Foundation
import PinzhiDomain
import PinzhiStore

/// One demo batch's life (part of DemoSpotCheckYear): every step through BatchRepository as its party would take
/// it, on simulated days that never pass `today`.
struct DemoBatchWalk: Sendable {
    let database: PinzhiDatabase
    let today: Day
    let lenientAgencyId: Int64?
    let rules: RuleSet
    let calendar: WorkingDayCalendar

    /// How the steps are taken: through the store one at a time (the demo), or recorded for a bulk write (the
    /// generator); either way every step is BatchWorkflow's.
    struct Steps {
        var items: (Batch) async throws -> [TestItem]
        var take: (BatchAction, Principal, Day, [String: String], Batch) async throws -> Batch
        var recheckPossible: (Batch) async throws -> Bool
    }

    /// Each step a transaction of the store, as a user's click would be.
    func live() -> Steps {
        let repo = BatchRepository(database)
        let (rules, calendar) = (rules, calendar)
        let database = database
        return Steps(items: { try await repo.testItems($0) }, take: { action, who, day, input, b in
            try await repo.act(b.id, action, input: input, expectedVersion: b.version, today: day, as: who,
                               seed: UInt64(b.id) &* 2_654_435_761, rules: rules, calendar: calendar)
        }, recheckPossible: { b in
            try await database.session { try await BatchRepository.qualifiedAgencies($0, b) }.contains { $0 != b.agencyId }
        })
    }

    /// Moves one batch through its life on simulated days; stops where `today` is reached.
    func walk(_ start: Batch, from drawDay: Day, owner: Principal, agent: Principal, rng: inout SeededGenerator) async throws -> Int {
        try await walk(start, from: drawDay, owner: owner, agent: agent, rng: &rng, steps: live())
    }

    func walk(_ start: Batch, from drawDay: Day, owner: Principal, agent: Principal, rng: inout SeededGenerator, steps: Steps) async throws -> Int {
        var b = start
        var day = drawDay
        var count = 0
        let firm = DemoPrincipals.enterprise(b)
        let handler = DemoPrincipals.district(b.enterpriseDistrict)
        func step(_ action: BatchAction, _ who: Principal, after days: Int, _ input: [String: String] = [:]) async throws -> Bool {
            let next = day.adding(days: days)
            guard next <= today else { return false }
            day = next
            b = try await steps.take(action, who, day, input, b)
            count += 1
            return true
        }
        if rng.chance(0.012) {
            _ = try await step(.refuse, agent, after: 5 + rng.below(20), ["refusedOn": day.adding(days: 5).description,
                                                                            "evidence": "企业负责人拒绝抽样并拒绝在告知书上签字，执法人员现场拍照录像取证"])
            return count
        }
        let sampledAfter = 5 + rng.below(50)
        let sampledOn = day.adding(days: sampledAfter)
        let online = b.stage == .online
        var sample = ["sampledOn": sampledOn.description, "sampleName": b.productName, "lotNumber": "\(b.dueDate.year)\(String(format: "%04d", rng.below(10_000)))",
                      "quantity": "\(4 + rng.below(8))件", "backupQuantity": "\(2 + rng.below(4))件", "backupSealed": "是",
                      "place": online ? "网络平台店铺（消费者身份购买）" : b.stage == .production ? "企业成品仓库" : "门店销售区",
                      "price": String(100 + rng.below(900))]
        if online {
            sample["online"] = "是"
            sample["orderNumber"] = "DD\(b.dueDate.year)\(String(format: "%010d", rng.below(1_000_000_000)))"
            sample["deliveryEvidence"] = "快递签收后拍照，拆封查验样品完好，封样"
        }
        guard try await step(.sample, agent, after: sampledAfter, sample) else { return count }
        if rng.chance(0.6) { _ = try await step(.confirmSampling, firm, after: 0, ["note": "对抽样过程无异议"]) }
        let items = try await steps.items(b)
        let fails = rng.chance(DemoSpotCheckYear.failureRate) && agent.agencyId != lenientAgencyId
        let failing = fails ? (items.filter { $0.severity == .serious && rng.chance(0.3) }.first ?? rng.pick(items)) : nil
        var report = ["reportNumber": "BG\(b.dueDate.year)-\(String(format: "%06d", b.id))", "signatory": "检验报告授权签字人 \(rng.pick(DemoNames.surnames))工"]
        for item in items {
            let limit = (try? LimitExpression.parse(item.limitExpression).get()) ?? .passFail
            report["item\(item.id)"] = limit.sampleValue(passing: item.id != failing?.id, position: Double(rng.below(100)) / 100)
        }
        let reportAfter = b.fastTrack ? 2 : 6 + rng.below(18)
        report["reportedOn"] = day.adding(days: reportAfter).description
        guard try await step(.report, agent, after: reportAfter, report) else { return count }
        let deliverAfter = 1 + rng.below(5)
        var delivery = ["deliveredOn": day.adding(days: deliverAfter).description, "method": rng.pick(["直接送达", "邮寄送达", "电子送达"]),
                        "recipient": String(rng.pick(DemoNames.surnames)) + rng.pick(DemoNames.givenNames)]
        if b.stage.notifiesProducer { delivery["producerNotified"] = "是" }
        guard try await step(.deliver, agent, after: deliverAfter, delivery) else { return count }
        if b.isFailure && rng.chance(0.2) {
            guard try await step(.object, firm, after: 3 + rng.below(10), ["reason": "企业认为检测方法与产品执行标准不一致，对检验结论有异议，申请复检"]) else { return count }
            // Without a second qualified agency no recheck can be arranged, and the organiser declines the objection.
            let declined = rng.chance(0.3)
            let possible = try await steps.recheckPossible(b)
            if declined || !possible {
                guard try await step(.rejectObjection, owner, after: 1 + rng.below(3), ["reason": "异议理由不涉及检验结论，不予受理"]) else { return count }
            } else {
                guard try await step(.acceptObjection, owner, after: 1 + rng.below(3), ["note": "符合受理条件"]) else { return count }
                // The qualified agencies are committed on acceptance; the agency is drawn from a lottery number
                // announced afterwards (a made-up one here), PZ-DRAW-2 §十四.
                let reds = (1...33).shuffled(using: &rng).prefix(6).sorted().map { String(format: "%02d", $0) }
                let number = (1..<day.month).reduce(day.day) { $0 + Day.length(day.year, $1) } + 2
                guard try await step(.drawRecheckAgency, owner, after: 2, [
                    "publicValue": reds.joined(separator: " ") + " + " + String(format: "%02d", 1 + rng.below(16)),
                    "publicSource": "演示数据：模拟的福利彩票双色球\(day.year)年第\(number)期开奖号码",
                ]) else { return count }
                let rechecker = DemoPrincipals.agency(b.recheckAgencyId ?? 0, b.recheckAgencyName ?? "")
                guard try await step(.recheckResult, rechecker, after: 5 + rng.below(8), [
                    "outcome": rng.chance(0.6) ? RecheckOutcome.upheld.rawValue : RecheckOutcome.overturned.rawValue, "reportNumber": "FJ\(b.dueDate.year)-\(String(format: "%06d", b.id))",
                ]) else { return count }
            }
        } else {
            guard try await step(.conclude, owner, after: rules.int("objectionDays") + 1 + rng.below(4)) else { return count }
        }
        if b.isFailure && b.serious && rng.chance(0.5) {
            guard try await step(.markSensitive, owner, after: 0, ["reason": "涉及严重安全项目，待后处理办结后公布"]) else { return count }
        }
        if !b.sensitive { guard try await step(.publish, owner, after: 1 + rng.below(rules.int("publicationDelayDays")), [:]) else { return count } }
        guard b.isFailure else { return count }
        if rng.chance(0.7) {
            guard try await step(.suggest, agent, after: 2 + rng.below(5), ["suggestion": "建议企业加强原材料进货查验和出厂检验，完善\(b.failedItems ?? "相关项目")的过程控制。"]) else { return count }
        }
        guard try await step(.transfer, owner, after: 1 + rng.below(4), ["note": "请依法做好后处理"]),
              try await step(.receive, handler, after: 1 + rng.below(3), ["receiver": String(rng.pick(DemoNames.surnames)) + rng.pick(DemoNames.givenNames)])
        else { return count }
        let orderAfter = 2 + rng.below(5)
        guard try await step(.order, handler, after: orderAfter, [
            "noticeNumber": "沪市监\(District.named(code: b.enterpriseDistrict).prefix(2))责改〔\(b.dueDate.year)〕\(b.id)号",
            "deadline": day.adding(days: orderAfter + 30).description, "requirements": "停止生产销售不合格产品，查明原因并整改",
        ]) else { return count }
        if rng.chance(0.3) {
            let kind = rng.pick([MeasureKind.interview, .assistance, .abnormalList, .caseFiling])
            guard try await step(.measure, handler, after: 1, ["kind": kind.rawValue, "note": "依据监督抽查不合格情况采取措施"]) else { return count }
        }
        guard try await step(.rectify, firm, after: 10 + rng.below(20), ["report": "已查明原因为原材料批次质量波动，已更换供应商并加强出厂检验，库存不合格产品已封存处理。"]),
              try await step(.review, handler, after: 3 + rng.below(10), ["method": rng.pick(["现场复查", "复抽样检验"]), "result": ReviewResult.rectified.rawValue, "note": "整改到位"])
        else { return count }
        if b.sensitive { _ = try await step(.publish, owner, after: 1, [:]) }
        return count
    }
}
