import Foundation
import PinzhiDomain
import PinzhiStore
import SQLKit

/// Fills an empty database with a realistic, deterministic data set (SPEC X-4, master-data part): the same seed
/// gives the same data. Every record goes through the repositories, with its audit row, as if typed in.
public struct DemoDataSeeder: Sendable {
    public static let password = "Pinzhi@2026"
    let database: PinzhiDatabase
    let hasher: PasswordHasher

    public init(_ database: PinzhiDatabase, hasher: PasswordHasher) {
        self.database = database
        self.hasher = hasher
    }

    /// Seeds only when there are no accounts yet; returns the demo accounts either way.
    @discardableResult
    public func seedIfEmpty(seed: UInt64 = 2026, enterprises count: Int = 2000, spotCheckYear: Bool = true,
                            today: Day = Clock.today()) async throws -> (seeded: Bool, accounts: [DemoAccount]) {
        let existing = try await database.session { db in
            try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("accounts").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        if existing > 0 { return (false, Self.accounts) }
        var rng = SeededGenerator(seed: seed)
        let actor = AuditActor.system("demo")
        let products = try await seedProducts(actor)
        let agencies = try await seedAgencies(&rng, products: products, years: Self.demoYears(today), actor)
        let enterprises = try await seedEnterprises(&rng, count: count, products: products, today: today, actor)
        let experts = try await seedExperts(&rng, enterprises: enterprises, actor)
        try await seedInspectors(&rng, actor)
        let demoEnterprise = enterprises.first { $0.districtCode == "310114" && $0.enterpriseType == .producer } ?? enterprises[0]
        try await seedAccounts(agency: agencies[0], enterprise: demoEnterprise, expert: experts[0], actor)
        if spotCheckYear {
            // The year before today's, complete, then today's up to today: the statistics' "上年" and "变化"
            // columns have figures, and the current year's work is still open.
            for (offset, year) in Self.demoYears(today).enumerated() {
                var run = DemoSpotCheckYear(database: database, year: year, today: today, rng: SeededGenerator(seed: seed &+ 4 &+ UInt64(offset)))
                _ = try await run.run()
            }
            try await DemoEnforcement(database: database, today: today).run()
            try await DemoLetters(database: database, today: today).run()
            try await DemoRisk(database: database, today: today).run()
            try await DemoMonitoring(database: database, today: today).run()
            try await DemoOfficers(database: database, today: today).run(demoEnterprise: demoEnterprise.id)
            try await DemoAssistance(database: database, today: today).run(demoEnterprise: demoEnterprise.id)
            try await DemoCampaign(database: database, today: today).run(demoEnterprise: demoEnterprise.id)
        }
        // The demo's typed classes become computed ones, as the migration's first run does for a real database (RK-3).
        try await CreditClassStore(database).processQueue(today: today)
        _ = try await CreditClassStore(database).recomputeAll(today: today)
        return (true, Self.accounts)
    }

    /// The enterprise's production licence and CCC certificate as records (SPEC EN-2), from the numbers the factory
    /// gave it: five years' validity; one that ran out more than a month ago was cancelled, a recent one is still
    /// registered as valid (the workbench warns of it).
    static func licences(of e: Enterprise, product: String, today: Day) -> [Licence] {
        var out: [Licence] = []
        func make(_ kind: LicenceKind, _ number: String, issuer: String, expires: Day) -> Licence {
            var l = Licence()
            l.enterpriseId = e.id
            l.licenceKind = kind
            l.number = number
            l.productUnit = product
            l.issuer = issuer
            l.issuedOn = Day(year: expires.year - 5, month: expires.month, day: expires.day)?.description
            l.expiresOn = expires.description
            l.status = expires.adding(days: 30) < today ? .cancelled : .valid
            return l
        }
        if let number = e.licenceNumber, let expires = e.licenceValidUntil.flatMap(Day.init) {
            out.append(make(.production, number, issuer: "上海市市场监督管理局", expires: expires))
        }
        if let number = e.cccCertificates {
            let expires = Day(year: today.year + 1, month: 1 + Int(e.id % 12), day: 1 + Int(e.id % 28)) ?? today
            out.append(make(.ccc, number, issuer: "中国质量认证中心", expires: expires))
        }
        return out
    }

    /// The plan years the demo fills: the year before today's and today's.
    static func demoYears(_ today: Day) -> [Int] { [today.year - 1, today.year] }

    public static let accounts: [DemoAccount] = [
        DemoAccount(username: "admin", password: password, role: Role.cityAdmin.label, scope: "全市，账号与审计管理"),
        DemoAccount(username: "city", password: password, role: Role.citySupervisor.label, scope: "全市"),
        DemoAccount(username: "jiading", password: password, role: Role.districtSupervisor.label, scope: "嘉定区"),
        DemoAccount(username: "pudong", password: password, role: Role.districtSupervisor.label, scope: "浦东新区"),
        DemoAccount(username: "enforce", password: password, role: Role.enforcementOfficer.label, scope: "执法总队"),
        DemoAccount(username: "agency", password: password, role: Role.agencyUser.label, scope: "本机构"),
        DemoAccount(username: "expert", password: password, role: Role.expert.label, scope: "本人"),
        DemoAccount(username: "enterprise", password: password, role: Role.enterpriseUser.label, scope: "本企业"),
        DemoAccount(username: "jijian", password: password, role: Role.witness.label, scope: "抽取见证：登记并公开秘密值"),
    ]

    /// The catalogue of the 20 key products with their test items; public for test fixtures.
    public func seedProducts(_ actor: AuditActor) async throws -> [Product] {
        let products = MasterRepository<Product>(database)
        let items = MasterRepository<TestItem>(database)
        return try await database.transaction { db in
            var saved: [Product] = []
            for entry in DemoCatalogue.entries {
                var p = Product()
                p.code = entry.code
                p.name = entry.name
                p.categoryMajor = entry.major
                p.categoryMiddle = entry.middle
                p.nationalKey = entry.national
                p.shanghaiKey = true
                p.campaignKey = true
                p.licenceManaged = entry.licence
                p.ccc = entry.ccc
                p.fastTrack = entry.fastTrack
                p.seasonStartMonth = entry.season?.0
                p.seasonEndMonth = entry.season?.1
                p.ruleName = "\(entry.name)产品质量监督抽查实施细则"
                p.ruleVersion = "2026版"
                p.standards = entry.standards
                let product = try await products.insert(db, p, actor: actor)
                saved.append(product)
                for (name, clause, unit, limit, key) in entry.items {
                    var item = TestItem()
                    item.productId = product.id
                    item.name = name
                    item.clause = clause
                    item.unit = unit.isEmpty ? nil : unit
                    item.limitExpression = limit
                    item.keySafety = key
                    item.safety = key || limit == "符合"
                    item.severity = key ? .serious : .general
                    item.normalize()
                    _ = try await items.insert(db, item, actor: actor)
                }
            }
            return saved
        }
    }

    func seedAgencies(_ rng: inout SeededGenerator, products: [Product], years: [Int], _ actor: AuditActor) async throws -> [Agency] {
        let names: [(String, String)] = [
            ("上海市质量监督检验技术研究院", "综合"), ("上海市化工产品质量监督检验站", "化工"), ("上海市建筑材料质量监督检验站", "建材"),
            ("国家电线电缆质量检验检测中心（上海）", "电缆"), ("上海市燃气具产品质量监督检验站", "燃气"), ("上海市消防产品质量检验中心", "消防"),
            ("上海市电动自行车产品质量检验站", "车辆"), ("上海市塑料制品质量监督检验站", "塑料"), ("上海市石油产品质量监督检验站", "石油"),
            ("上海市防爆电气产品质量检验中心", "防爆"), ("上海市纺织防护用品检验所", "纺织"), ("上海市电器产品安全检测中心", "电器"),
            ("上海申标检测技术有限公司", "综合"), ("上海沪检质量技术服务有限公司", "综合"),
        ]
        var planned: [(Agency, [AgencyContract])] = []
        for (index, (name, field)) in names.enumerated() {
            var a = Agency()
            a.code = String(format: "AG%03d", index + 1)
            a.name = name
            a.uscc = USCC.complete("12310000" + String(format: "%09d", 425_100_000 + index * 7919).suffix(9))
            a.cmaNumber = String(format: "2026%08d", 9_000_000 + index * 37)
            let scope = products.filter { p in
                field == "综合" || p.categoryMajor.contains(field) || p.categoryMiddle.contains(field) || p.name.contains(field)
            }
            a.qualificationScope = (scope.isEmpty ? Array(products.prefix(5)) : scope).map(\.name).joined(separator: "、")
            a.firstTime = index >= names.count - 2
            a.technicalSupport = index == 0
            // Yearly capacity as the agencies state it: the comprehensive institutes take every product's work.
            a.capacity = (field == "综合" ? 1500 : 300) + rng.below(10) * 50
            a.contactName = rng.pick(DemoNames.surnames).description + rng.pick(DemoNames.givenNames)
            a.contactPhone = "021-\(50_000_000 + rng.below(40_000_000))"
            a.address = "上海市\(rng.pick(District.all).name)\(rng.pick(DemoNames.roads))\(100 + rng.below(900))号"
            var contracts: [AgencyContract] = []
            // The comprehensive institutes hold contracts for every product, so each product has a recheck agency.
            // Each demo year has its tender.
            for year in years {
                for product in (scope.isEmpty ? Array(products.prefix(3)) : scope).prefix(field == "综合" ? products.count : 4) {
                    var c = AgencyContract()
                    c.year = year
                    c.tenderNumber = "SHZB-\(year)-\(String(format: "%03d", 100 + index))"
                    c.name = product.name
                    c.productId = product.id
                    let base = 1800.0 + Double(rng.below(25)) * 100
                    // The last two agencies bid low, as newcomers often do: the oversight issue flags that.
                    c.bidPrice = a.firstTime ? base * 0.55 : base
                    // Room for what a demo year gives one holder of a product: a city line and two district lines.
                    c.batches = 80 + rng.below(60)
                    contracts.append(c)
                }
            }
            planned.append((a, contracts))
        }
        let agencies = MasterRepository<Agency>(database)
        let contractsRepo = MasterRepository<AgencyContract>(database)
        let plan = planned
        return try await database.transaction { db in
            var saved: [Agency] = []
            for (agency, contracts) in plan {
                let a = try await agencies.insert(db, agency, actor: actor)
                saved.append(a)
                for var c in contracts {
                    c.agencyId = a.id
                    _ = try await contractsRepo.insert(db, c, actor: actor)
                }
            }
            return saved
        }
    }

    func seedEnterprises(_ rng: inout SeededGenerator, count: Int, products: [Product], today: Day, _ actor: AuditActor) async throws -> [Enterprise] {
        var usedNames = Set<String>()
        var planned: [(Enterprise, Int)] = []
        for index in 0..<count {
            planned.append(DemoEnterpriseFactory.make(&rng, index: index, usedNames: &usedNames, scheme: .demo))
        }
        let repo = MasterRepository<Enterprise>(database)
        let links = MasterRepository<EnterpriseProduct>(database)
        let licences = MasterRepository<Licence>(database)
        let plan = planned
        let productIds = Dictionary(products.map { ($0.code, $0.id) }, uniquingKeysWith: { a, _ in a })
        return try await database.transaction { db in
            var saved: [Enterprise] = []
            saved.reserveCapacity(plan.count)
            for (e, productIndex) in plan {
                let stored = try await repo.insert(db, e, actor: actor)
                saved.append(stored)
                var link = EnterpriseProduct()
                link.enterpriseId = stored.id
                link.productId = productIds[DemoCatalogue.entries[productIndex].code] ?? 0
                link.stage = DemoEnterpriseFactory.stage(e)
                _ = try await links.insert(db, link, actor: actor)
                for licence in Self.licences(of: stored, product: DemoCatalogue.entries[productIndex].name, today: today) {
                    _ = try await licences.insert(db, licence, actor: actor)
                }
            }
            return saved
        }
    }

    func seedExperts(_ rng: inout SeededGenerator, enterprises: [Enterprise], _ actor: AuditActor) async throws -> [Expert] {
        var planned: [(Expert, Enterprise?)] = []
        for index in 0..<50 {
            var x = Expert()
            x.code = String(format: "EX%04d", index + 1)
            x.name = String(rng.pick(DemoNames.surnames)) + rng.pick(DemoNames.givenNames)
            x.organisation = rng.pick(DemoNames.universities)
            x.title = rng.pick(DemoNames.titles)
            x.fields = [rng.pick(DemoNames.expertFields), rng.pick(DemoNames.expertFields)].uniqued().joined(separator: "、")
            x.reliability = x.fields.contains("可靠性") || rng.chance(0.1)
            x.phone = "1\(3 + rng.below(6))\(String(format: "%09d", rng.below(1_000_000_000)))"
            planned.append((x, rng.chance(0.2) ? rng.pick(enterprises) : nil))
        }
        let experts = MasterRepository<Expert>(database)
        let conflicts = MasterRepository<ExpertConflict>(database)
        let plan = planned
        return try await database.transaction { db in
            var saved: [Expert] = []
            for (expert, conflictWith) in plan {
                let x = try await experts.insert(db, expert, actor: actor)
                saved.append(x)
                if let e = conflictWith {
                    var c = ExpertConflict()
                    c.expertId = x.id
                    c.enterpriseUscc = e.uscc
                    c.name = e.name
                    c.reason = "曾为该企业提供技术咨询服务"
                    _ = try await conflicts.insert(db, c, actor: actor)
                }
            }
            return saved
        }
    }

    func seedInspectors(_ rng: inout SeededGenerator, _ actor: AuditActor) async throws {
        let orgs = try await OrganisationRepository(database).all()
        let eligible = orgs.filter { ["city_bureau", "district_bureau", "special_bureau", "enforcement"].contains($0.kind) }
        var planned: [Inspector] = []
        for index in 0..<40 {
            let org = eligible[index % eligible.count]
            var i = Inspector()
            i.organisationId = org.id
            i.name = String(rng.pick(DemoNames.surnames)) + rng.pick(DemoNames.givenNames)
            i.certificateNumber = "\(org.districtCode ?? "310000")\(String(format: "%06d", 100_000 + index * 13))"
            i.phone = "021-\(60_000_000 + rng.below(30_000_000))"
            planned.append(i)
        }
        let repo = MasterRepository<Inspector>(database)
        let plan = planned
        try await database.transaction { db in
            for i in plan { _ = try await repo.insert(db, i, actor: actor) }
        }
    }

    func seedAccounts(agency: Agency, enterprise: Enterprise, expert: Expert, _ actor: AuditActor) async throws {
        let orgs = OrganisationRepository(database)
        let accounts = AccountRepository(database, hasher: hasher)
        let city = try await orgs.find(code: "SH-CITY")!
        let jiading = try await orgs.find(code: "SH-310114")!
        let pudong = try await orgs.find(code: "SH-310115")!
        let enforcement = try await orgs.find(code: "SH-ENFORCE")!
        let agencyOrg = try await orgs.ensure(code: "AG-\(agency.code)", name: agency.name, kind: .testingAgency, districtCode: nil, actor: actor)
        let enterpriseOrg = try await orgs.ensure(code: "EN-\(enterprise.uscc)", name: enterprise.name, kind: .enterprise,
                                                  districtCode: enterprise.districtCode, actor: actor)
        let tech = try await orgs.find(code: "SH-TECH")!
        let list: [Account] = [
            Account(username: "admin", displayName: "系统管理员", role: .cityAdmin, organisationId: city.id),
            Account(username: "city", displayName: "市局监管员 周敏", role: .citySupervisor, organisationId: city.id),
            Account(username: "jiading", displayName: "嘉定区局 陈杰", role: .districtSupervisor, organisationId: jiading.id, districtCode: "310114"),
            Account(username: "pudong", displayName: "浦东新区局 王芳", role: .districtSupervisor, organisationId: pudong.id, districtCode: "310115"),
            Account(username: "enforce", displayName: "执法总队 李强", role: .enforcementOfficer, organisationId: enforcement.id),
            Account(username: "agency", displayName: "\(agency.name) 检验员", role: .agencyUser, organisationId: agencyOrg.id, agencyId: agency.id),
            Account(username: "expert", displayName: "专家 \(expert.name)", role: .expert, organisationId: tech.id, expertId: expert.id),
            Account(username: "enterprise", displayName: "\(enterprise.name) 质量负责人", role: .enterpriseUser,
                    organisationId: enterpriseOrg.id, enterpriseId: enterprise.id),
            Account(username: "jijian", displayName: "驻局纪检监察组 刘洁", role: .witness, organisationId: city.id),
        ]
        for account in list {
            _ = try await accounts.create(account, password: Self.password, actor: actor, by: nil)
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
