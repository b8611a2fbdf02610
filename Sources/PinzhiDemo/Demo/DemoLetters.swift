import PinzhiDomain
import PinzhiStore
import SQLKit

/// The demo's "三书一函" (SPEC EN-3): letters from the districts and the city to the enterprises of this year's cases,
/// carried through the workflow engine on simulated days before `today`, so that every state has letters — drafts,
/// letters awaiting signature, sent, received, answered, verified, closed, one sent back after verification, one
/// ignored past its deadline (its escalation offered on the workbench), one ignored and escalated to a 责令整改通知书,
/// an 约谈 with its record, a 挂牌督办 of a district — and the demo enterprise account has one to answer.
struct DemoLetters {
    let database: PinzhiDatabase
    let today: Day

    struct Addressee {
        var enterpriseId: Int64
        var name: String
        var district: String?
    }

    func run() async throws {
        var f = CaseRepository.Filter()
        f.year = today.year
        var seen: Set<Int64> = []
        var addressees: [Addressee] = []
        // The demo enterprise account's own enterprise first, then the enterprises of this year's cases.
        if let own = try await demoEnterprise() { addressees.append(own); seen.insert(own.enterpriseId) }
        for c in try await CaseRepository(database).page(f, limit: 200, offset: 0, as: DemoPrincipals.enforcement).items
        where c.districtCode != nil && seen.insert(c.enterpriseId).inserted {
            addressees.append(Addressee(enterpriseId: c.enterpriseId, name: c.enterpriseName, district: c.districtCode))
        }
        for (i, a) in addressees.prefix(Self.stories.count).enumerated() {
            try await tell(Self.stories[i], to: a, index: i)
        }
    }

    func demoEnterprise() async throws -> Addressee? {
        try await database.session { db in
            guard let row = try await db.raw("""
                SELECT e.id, e.name, e.district_code FROM accounts a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.username = 'enterprise'
                """).first() else { return nil }
            return Addressee(enterpriseId: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
                             district: try row.decode(column: "district_code", as: String?.self))
        }
    }

    /// How far a letter goes, and what happens on the way.
    enum Story: CaseIterable {
        case issuedToDemoEnterprise, draft, awaitingSignature, served, replied, verified, closed, sentBack, ignored, escalated, interview,
             districtSupervised
    }

    static let stories = Story.allCases

    func tell(_ story: Story, to a: Addressee, index i: Int) async throws {
        let district = DemoPrincipals.district(a.district ?? "310114")
        let issuer = story == .districtSupervised || i % 4 == 1 ? DemoPrincipals.city : district
        let firm = Principal(accountId: 0, username: "enterprise-\(a.enterpriseId)", displayName: "\(a.name) 质量负责人", role: .enterpriseUser,
                             organisationId: 0, organisationName: a.name, enterpriseId: a.enterpriseId)
        let type: LetterType = switch story {
        case .interview: .interview
        case .districtSupervised: .supervision
        case .ignored, .escalated: .reminder
        default: .rectification
        }
        // Drafted 40 days ago with 20 days to answer, except the ones still open, which have time left.
        var day = today.adding(days: -40 + i)
        let open: Set<Story> = [.issuedToDemoEnterprise, .draft, .awaitingSignature, .served, .sentBack]
        let deadline = open.contains(story) ? today.adding(days: 15) : day.adding(days: 20)
        let reason = story == .districtSupervised
            ? "\(District.named(code: a.district))\(today.year)年监督抽查不合格发现率连续偏高，不合格产品后处理逾期未完成。"
            : "\(a.name)生产销售的产品在\(today.year)年监督抽查中检验不合格，存在质量安全隐患。"
        let actions = story == .districtSupervised
            ? "对辖区不合格产品后处理逐件督办，组织专项整治，按期报送整治情况。"
            : "立即停止生产销售不合格产品，查明原因、落实整改，并将整改报告和复检报告书面报送。"
        var l = try await LetterRepository(database).create(
            .init(type: type, target: story == .districtSupervised ? .district : .enterprise, enterpriseId: a.enterpriseId, district: a.district,
                  reason: reason, requiredActions: actions, deadline: deadline, linkedRecords: nil), today: day, as: issuer)
        func step(_ action: LetterAction, _ input: [String: String] = [:], by who: Principal, after days: Int) async throws {
            day = min(today, day.adding(days: days))
            l = try await WorkflowStore<LetterRepository>(database).act(l.id, action, input: input, expectedVersion: l.version, today: day, as: who)
        }
        guard story != .draft else { return }
        try await step(.submit, by: issuer, after: 1)
        guard story != .awaitingSignature else { return }
        try await step(.approve, ["signer": issuer.role == .citySupervisor ? "市局分管局长 王建国" : "\(District.named(code: a.district))市场监管局局长"],
                       by: issuer, after: 1)
        let addressee = story == .districtSupervised ? district : firm
        switch story {
        case .issuedToDemoEnterprise, .ignored:
            return
        case .escalated:
            // Ignored past its deadline: the issuer escalates it, and the 责令整改通知书 that follows is sent.
            day = deadline.adding(days: 2)
            try await step(.escalate, ["deadline": today.adding(days: 10).description, "note": "企业逾期未回复提醒敦促函"], by: issuer, after: 0)
            guard let next = try await LetterRepository(database).find(l.id, as: issuer)?.escalatedTo else { return }
            l = try await LetterRepository(database).find(next, as: issuer)!
            try await step(.submit, by: issuer, after: 0)
            try await step(.approve, ["signer": "\(District.named(code: a.district))市场监管局局长"], by: issuer, after: 1)
            return
        default:
            break
        }
        try await step(.serve, ["servedOn": day.adding(days: 2).description], by: addressee, after: 2)
        if story == .served || story == .districtSupervised { return }
        if story == .interview {
            try await step(.interview, ["heldOn": day.adding(days: 3).description, "attendees": "企业法定代表人、质量负责人，区局质量科科长",
                                        "record": "通报监督抽查不合格情况，指出原材料进货查验和出厂检验缺失的问题；企业承诺十五日内完成整改并报送复检报告。"],
                           by: issuer, after: 3)
        }
        try await step(.reply, ["reply": "已停止销售并召回不合格批次，更换原材料供应商，补齐出厂检验，附复检合格报告。"], by: addressee, after: 6)
        if story == .replied { return }
        if story == .sentBack {
            try await step(.verify, ["result": "fail", "note": "复检报告为企业自检报告，请补充有资质机构出具的检验报告。",
                                     "deadline": today.adding(days: 12).description], by: issuer, after: 3)
            return
        }
        try await step(.verify, ["result": "pass", "note": "现场核查整改措施已落实，复检合格。"], by: issuer, after: 3)
        if story == .verified { return }
        try await step(.close, by: issuer, after: 1)
    }
}
