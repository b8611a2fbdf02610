import Foundation
import Hummingbird
@testable import PinzhiApp
import PinzhiDemo
import PinzhiDomain
import PinzhiStore
import SQLKit

/// The callers and records of the access matrix: for every role one user, and for each restricted role a second
/// user of another district, agency, expert or enterprise; for every kind of record a route can name, one record
/// inside each caller's scope and one outside it.
struct MatrixFixture: Sendable {
    struct Caller: Sendable {
        var name: String
        var column: MatrixColumn
        var session: TestApp.Session?
        var token: String?
        /// `district:310114`, `agency:3`, … — what the caller is bound to; a record carries the same tags.
        var tags: Set<String>
    }

    struct Record: Sendable {
        var id: Int64
        var tags: Set<String>
    }

    var callers: [Caller]
    var records: [MatrixRecordKind: [Record]]
    /// Values for the path parameters that are not record ids.
    var uscc: String
    var planLines: [Int64: Int64]
    /// Enterprise id → an entry of its risk-control list.
    var riskControls: [Int64: Int64]

    /// The record a caller may reach (its own when it is bound, else the first), and one it may not (the own record
    /// of its rival of the same role, else any other).
    func pair(_ kind: MatrixRecordKind, for caller: Caller) -> (own: Int64, foreign: Int64) {
        let rows = records[kind] ?? []
        precondition(rows.count >= 2, "the fixture has two \(kind) records")
        let own = rows.first { !$0.tags.isDisjoint(with: caller.tags) } ?? rows[0]
        let rival = callers.first { $0.column == caller.column && $0.name != caller.name }
        let foreign = rival.flatMap { r in rows.first { !$0.tags.isDisjoint(with: r.tags) && $0.tags.isDisjoint(with: caller.tags) } }
            ?? rows.first { $0.id != own.id && $0.tags.isDisjoint(with: caller.tags) } ?? rows.first { $0.id != own.id }!
        return (own.id, foreign.id)
    }

    /// A PNG's first bytes and a little more: what the photo store accepts.
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 32))

    static func make(_ app: TestApp) async throws -> MatrixFixture {
        let db = app.services.database
        // Second users of the bound roles, bound to an agency, an enterprise and an expert that have records.
        let agencies = try await ids(db, "SELECT DISTINCT agency_id AS id FROM batches WHERE sampled_on IS NOT NULL ORDER BY agency_id")
        let enterprises = try await ids(db, "SELECT DISTINCT enterprise_id AS id FROM batches WHERE sampled_on IS NOT NULL ORDER BY enterprise_id")
        let experts = try await ids(db, "SELECT DISTINCT expert_id AS id FROM expert_conflicts ORDER BY expert_id")
        precondition(agencies.count >= 2 && enterprises.count >= 2 && experts.count >= 2, "the demo year has records to split")
        let orgs = app.services.organisations
        let agencyOrg = try await orgs.find(code: "SH-CITY")!
        let extra: [Account] = [
            Account(username: "agency-a", displayName: "机构甲", role: .agencyUser, organisationId: agencyOrg.id, agencyId: agencies[0]),
            Account(username: "agency-b", displayName: "机构乙", role: .agencyUser, organisationId: agencyOrg.id, agencyId: agencies[1]),
            Account(username: "firm-a", displayName: "企业甲", role: .enterpriseUser, organisationId: agencyOrg.id, enterpriseId: enterprises[0]),
            Account(username: "firm-b", displayName: "企业乙", role: .enterpriseUser, organisationId: agencyOrg.id, enterpriseId: enterprises.last!),
            Account(username: "expert-a", displayName: "专家甲", role: .expert, organisationId: agencyOrg.id, expertId: experts[0]),
            Account(username: "expert-b", displayName: "专家乙", role: .expert, organisationId: agencyOrg.id, expertId: experts[1]),
            // Targets of the account routes, so that deactivating one touches no caller.
            Account(username: "jijian-b", displayName: "见证人乙", role: .witness, organisationId: agencyOrg.id),
            Account(username: "spare-a", displayName: "备用甲", role: .citySupervisor, organisationId: agencyOrg.id),
            Account(username: "spare-b", displayName: "备用乙", role: .citySupervisor, organisationId: agencyOrg.id),
        ]
        for account in extra {
            _ = try await app.services.accounts.create(account, password: DemoDataSeeder.password, actor: .system(), by: nil)
        }
        let users: [(String, MatrixColumn)] = [
            ("admin", .admin), ("city", .city), ("jiading", .district), ("pudong", .district), ("enforce", .enforcement),
            ("agency-a", .agency), ("agency-b", .agency), ("expert-a", .expert), ("expert-b", .expert),
            ("firm-a", .enterprise), ("firm-b", .enterprise), ("jijian", .witness), ("jijian-b", .witness),
        ]
        // Anyone sees what is published, signed in or not.
        var callers = [Caller(name: "anonymous", column: .anonymous, tags: ["public:yes"])]
        for (name, column) in users {
            let session = try await app.session(name)
            let token = try await app.token(name)
            // A token of its own that the revoke route may take without cutting the caller off.
            _ = try await app.services.tokens.create(accountId: session.principal.accountId, name: "matrix-spare", actor: .system())
            callers.append(Caller(name: name, column: column, session: session, token: token, tags: tags(session.principal)))
        }
        try await attachSamples(app, callers)
        // A registration of each witness's own (for an assessment not yet committed), so the reveal routes have records on both sides.
        for (n, caller) in callers.filter({ $0.column == .witness }).enumerated() {
            _ = try await WitnessRepository(app.services.database).register(subject: "officer-assessment:\(["310101", "310104"][n]):2026-Q1",
                                                                            hash: CommittedDraw.sha256("matrix-secret-\(n)"), as: caller.session!.principal)
        }
        try await storeImportReports(app, callers)
        // A draw whose task has nothing published yet, so the portal has a draw to keep hidden (it would announce
        // the visit); every demo task has a published batch.
        _ = try await APISpotCheckTests.drawnBatch(app)
        // A decided case of each district's own, so its pages and documents have records on both sides of the scope;
        // decided as 情节严重 against a licence holder, so each district has a notice to an issuer too.
        for district in ["jiading", "pudong"] { try await EnforcementFixture.decidedCase(app, district: district, serious: true) }
        // A licence of each enterprise caller's own, so the licence routes have records on both sides.
        for (n, enterprise) in [enterprises[0], enterprises.last!].enumerated() {
            var licence = Licence()
            licence.enterpriseId = enterprise
            licence.number = "MATRIX-\(n)"
            licence.productUnit = "测试产品单元"
            licence.issuer = "上海市市场监督管理局"
            licence.expiresOn = TestApp.today.adding(days: 30).description
            let record = licence
            try await db.transaction { tx in _ = try await MasterRepository<Licence>(db).insert(tx, record, actor: .system()) }
        }
        // A monitoring plan of each agency caller's own with one batch sampled from an enterprise of a district caller's
        // district, so the monitoring routes have records on both sides of the agency and the district scopes.
        let city = try await app.session("city").principal
        let product = try await db.session { try await $0.raw("SELECT code FROM products ORDER BY id").first()!.decode(column: "code", as: String.self) }
        for (n, (agencyName, district)) in [("agency-a", "jiading"), ("agency-b", "pudong")].enumerated() {
            let agency = try await app.session(agencyName).principal
            let code = try await app.session(district).principal.districtCode ?? ""
            let uscc = try await db.session { s in
                try await s.raw("SELECT uscc FROM enterprises WHERE district_code = \(bind: code) ORDER BY id").first()!.decode(column: "uscc", as: String.self)
            }
            let plan = try await MonitoringRepository(db).createPlan(.init(year: TestApp.today.year, title: "矩阵监测计划\(n)", productCode: product,
                                                                          agencyId: agency.agencyId!, items: "项目甲\n项目乙（无现行标准）", focus: .noStandard,
                                                                          plannedBatches: 2), today: TestApp.today, as: city)
            _ = try await MonitoringRepository(db).create(.init(planId: plan.id, channel: .online, source: "矩阵网店", sampleName: "矩阵样品", uscc: uscc,
                                                                sampledOn: TestApp.today), today: TestApp.today, as: agency)
        }
        // A case of each enterprise caller's own waiting for the acceptance of an expert caller (the pool has only that
        // expert active when it is committed), one of a 浦东 enterprise, and an activity of each district with one expert
        // caller, so the assistance routes have records on both sides of every scope.
        let expertCallers = callers.filter { $0.column == .expert }.map { $0.session!.principal }
        let firms = callers.filter { $0.column == .enterprise }.map { $0.session!.principal.enterpriseId! }
        let pudongFirm = try await ids(db, "SELECT id FROM enterprises WHERE district_code = '310115' ORDER BY id")[0]
        for (n, (firm, expert)) in zip(firms + [pudongFirm], expertCallers + [expertCallers[1]]).enumerated() {
            let uscc = try await db.session { s in
                try await s.raw("SELECT uscc FROM enterprises WHERE id = \(bind: firm)").first()!.decode(column: "uscc", as: String.self)
            }
            let others = try await ids(db, "SELECT id FROM experts WHERE active = \(app.services.database.dialect.true) AND id <> \(expert.expertId!)")
            try await db.session { s in _ = try await s.raw("UPDATE experts SET active = \(unsafeRaw: app.services.database.dialect.false) WHERE id <> \(bind: expert.expertId!)").all() }
            let c = try await AssistanceRepository(db).request(.init(uscc: uscc, mode: .routine, problems: "矩阵测试：出厂检验项目不全"), today: TestApp.today, as: city)
            try await db.session { s in
                _ = try await s.raw("UPDATE experts SET active = \(unsafeRaw: app.services.database.dialect.true) WHERE id IN (\(unsafeRaw: others.map(String.init).joined(separator: ",")))").all()
            }
            _ = try await WorkflowStore<AssistanceRepository>(db).act(c.id, .assign, input: ["experts": "1", "publicValue": "\(n)", "publicSource": "矩阵"],
                                                                    expectedVersion: c.version, today: TestApp.today, as: city)
        }
        for (n, district) in ["jiading", "pudong"].enumerated() {
            let p = try await app.session(district).principal
            let member = try await db.session { s in
                try await s.raw("SELECT uscc FROM enterprises WHERE district_code = \(bind: p.districtCode ?? "") ORDER BY id").first()!.decode(column: "uscc", as: String.self)
            }
            let code = try await db.session { s in
                try await s.raw("SELECT code FROM experts WHERE id = \(bind: expertCallers[n].expertId!)").first()!.decode(column: "code", as: String.self)
            }
            _ = try await AssistanceActivityRepository(db).create(.init(kind: .training, title: "矩阵培训\(n)", heldOn: TestApp.today, place: "矩阵会议室", cluster: nil,
                                                                        productCodes: [], organisations: ["矩阵机构"], expertCodes: [code], usccs: [member], notes: nil),
                                                                  today: TestApp.today, as: p)
        }
        // A second campaign beside the demo's, and an inspection with a 不符合 (so a problem item) of each enterprise
        // caller's own in the demo's, so the campaign routes have records on both sides of every scope.
        let cityPrincipal = try await app.session("city").principal
        let year = TestApp.today.year
        let matrixCampaign = try await CampaignRepository(db).create(.init(name: "矩阵专项行动", year: year, startsOn: Day(year: year, month: 3, day: 1),
                                                                           endsOn: Day(year: year, month: 10, day: 31)), as: cityPrincipal)
        let demoCampaign = try await CampaignRepository(db).list(as: cityPrincipal).first { $0.id != matrixCampaign.id }!
        for firm in firms {
            let uscc = try await db.session { s in
                try await s.raw("SELECT uscc FROM enterprises WHERE id = \(bind: firm)").first()!.decode(column: "uscc", as: String.self)
            }
            let answers = ChecklistItem.items(for: .production).map {
                ChecklistAnswer(item: $0, result: $0 == .factoryInspection ? .nonCompliant : .compliant, note: $0 == .factoryInspection ? "矩阵：出厂检验记录缺失" : "")
            }
            let (inspection, _) = try await InspectionRepository(db).record(
                .init(campaignId: demoCampaign.id, uscc: uscc, productCode: nil, stage: .production, basis: .keyTarget, inspectedOn: TestApp.today,
                      inspectors: ["矩阵甲", "矩阵乙"], answers: answers), today: TestApp.today, as: cityPrincipal)
            _ = try await app.services.inspectionPhotos.save(inspectionId: inspection.id, filename: "矩阵\(firm).png", data: Self.png, as: cityPrincipal)
        }
        // A photo of an inspection in each district caller's district, so the photo routes have one on both sides.
        for code in ["310114", "310115"] {
            let inspection = try await ids(db, "SELECT id FROM campaign_inspections WHERE district_code = '\(code)' ORDER BY id")[0]
            _ = try await app.services.inspectionPhotos.save(inspectionId: inspection, filename: "矩阵\(code).png", data: Self.png, as: cityPrincipal)
        }
        // Letters sent by the city to each enterprise caller and by each district to one of its enterprises, so the
        // letter routes have records on both sides of every scope.
        for enterprise in [enterprises[0], enterprises.last!] { try await EnforcementFixture.sentLetter(app, from: "city", to: enterprise) }
        for district in ["jiading", "pudong"] {
            let code = try await app.session(district).principal.districtCode ?? ""
            let enterprise = try await db.session { s in
                try await s.raw("SELECT id FROM enterprises WHERE district_code = \(bind: code) ORDER BY id").first()!.decode(column: "id", as: Int64.self)
            }
            try await EnforcementFixture.sentLetter(app, from: district, to: enterprise)
        }
        // An officer and a risk-control entry of each enterprise caller's own, an officer of an enterprise of each
        // district's, and an assessment drawn by each district, so the officer routes have records on both sides.
        var riskControls: [Int64: Int64] = [:]
        for caller in callers where caller.column == .enterprise {
            let p = caller.session!.principal
            _ = try await SafetyOfficerRepository(db).appoint(.init(role: .officer, name: "矩阵安全员", phone: nil, appointedOn: TestApp.today,
                                                                    appointmentDocument: "矩阵〔2026〕1号"), enterpriseId: p.enterpriseId!, as: p)
            riskControls[p.enterpriseId!] = try await QualityRoutineRepository(db).addRiskControl(["hazard": "原材料进货", "measure": "逐批查验出厂报告", "level": "low"],
                                                                                                 enterpriseId: p.enterpriseId!, as: p).id
        }
        for caller in callers where caller.column == .district {
            let p = caller.session!.principal
            let enterprise = try await ids(db, "SELECT id FROM enterprises WHERE district_code = '\(p.districtCode!)' ORDER BY id")[0]
            _ = try await SafetyOfficerRepository(db).appoint(.init(role: .officer, name: "区矩阵安全员", phone: nil, appointedOn: TestApp.today,
                                                                    appointmentDocument: "矩阵〔2026〕2号"), enterpriseId: enterprise, as: p)
            _ = try await OfficerAssessmentRepository(db).commitAndDraw(district: nil, period: "2026-10", count: 1, today: TestApp.today, publicValue: "7",
                                                                        source: "矩阵", saltSeed: 7, committedAt: "2026-11-01T01:00:00Z", as: p)
            // A risk item reported by each district in its own district, still waiting for the city's 研判.
            let product = try await db.session { try await $0.raw("SELECT code FROM products ORDER BY id").first()!.decode(column: "code", as: String.self) }
            _ = try await RiskItemRepository(db).create(.init(source: .complaint, productCode: product, districtCode: p.districtCode, hazard: .fire,
                                                              userGroup: .general, severity: 2, probability: "1/1000", evidence: "矩阵测试：消费者投诉产品发热冒烟",
                                                              reporter: "矩阵", reportedOn: nil), today: TestApp.today, as: p)
            // An alert drafted by each district and submitted: it waits for the city's review.
            let alert = try await RiskAlertRepository(db).create(.init(type: .consumer, audience: nil, title: "矩阵消费提示",
                                                                       content: "矩阵测试：消费者投诉产品发热冒烟，存在起火风险，请注意使用安全。",
                                                                       advice: "矩阵测试：发现发热冒烟立即断电停止使用。", productCode: product, riskItemId: nil,
                                                                       nationalScope: false), today: TestApp.today, as: p)
            _ = try await WorkflowStore<RiskAlertRepository>(db).act(alert.id, .submit, input: [:], expectedVersion: alert.version, today: TestApp.today, as: p)
        }
        var records: [MatrixRecordKind: [Record]] = [:]
        for kind in MatrixRecordKind.allCases {
            records[kind] = try await rows(db, kind.query)
        }
        let uscc = try await db.session { try await $0.raw("SELECT uscc FROM enterprises ORDER BY id").first()!.decode(column: "uscc", as: String.self) }
        let planLines = try await db.session { s in
            Dictionary(uniqueKeysWithValues: try await s.raw("SELECT plan_id, MIN(id) AS id FROM plan_lines GROUP BY plan_id").all().map {
                (try $0.decode(column: "plan_id", as: Int64.self), try $0.decode(column: "id", as: Int64.self))
            })
        }
        return MatrixFixture(callers: callers, records: records, uscc: uscc, planLines: planLines, riskControls: riskControls)
    }

    static func tags(_ p: Principal) -> Set<String> {
        // Every caller sees what is published; the city's own plans are those without a district.
        var t: Set<String> = ["account:\(p.accountId)", "org:\(p.organisationId)", "public:yes"]
        if p.role == .cityAdmin || p.role == .citySupervisor { t.insert("district:city") }
        if let d = p.districtCode { t.insert("district:\(d)") }
        if let a = p.agencyId { t.insert("agency:\(a)") }
        if let e = p.enterpriseId { t.insert("enterprise:\(e)") }
        if let x = p.expertId { t.insert("expert:\(x)") }
        return t
    }

    /// A photo on a batch of each bound caller (district, agency, enterprise), so the attachment route has records
    /// on both sides of every scope.
    static func attachSamples(_ app: TestApp, _ callers: [Caller]) async throws {
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: UInt8(0), count: 64))
        let city = callers.first { $0.column == .city }!.session!.principal
        for caller in callers where [.district, .agency, .enterprise].contains(caller.column) {
            let p = caller.session!.principal
            let owner = p.agencyId.map { "agency_id = \($0)" } ?? p.enterpriseId.map { "enterprise_id = \($0)" } ?? "enterprise_district = '\(p.districtCode!)'"
            let batch = try await ids(app.services.database, "SELECT id FROM batches WHERE \(owner) AND sampled_on IS NOT NULL ORDER BY id")[0]
            _ = try await app.services.attachments.save(batchId: batch, filename: "现场.png", data: png, as: city)
        }
    }

    /// An import report owned by each of two callers who may import.
    static func storeImportReports(_ app: TestApp, _ callers: [Caller]) async throws {
        for caller in callers where caller.column == .admin || caller.column == .city {
            let p = caller.session!.principal
            let report = try await app.services.importer.run(.enterprises, data: Data((ImportKind.enterprises.templateHeader.joined(separator: ",") + "\n" + "x,").utf8), actor: AuditActor(p))
            _ = try await ImportResultStore(app.services.database).save(report, fileName: "坏文件.csv", accountId: p.accountId)
        }
    }

    static func ids(_ db: PinzhiDatabase, _ sql: String) async throws -> [Int64] {
        try await db.session { s in try await s.raw(SQLQueryString(sql)).all().map { try $0.decode(column: "id", as: Int64.self) } }
    }

    /// Rows of `id` and tag columns named `tag_<dimension>[_n]` (cast to text by the query).
    static func rows(_ db: PinzhiDatabase, _ sql: String) async throws -> [Record] {
        try await db.session { s in
            try await s.raw(SQLQueryString(sql)).all().map { row in
                var tags: Set<String> = []
                for column in row.allColumns where column.hasPrefix("tag_") {
                    let dimension = column.dropFirst(4).split(separator: "_")[0]
                    if let value = try row.decodeNil(column: column) ? nil : row.decode(column: column, as: String.self) {
                        tags.insert("\(dimension):\(value)")
                    }
                }
                return Record(id: try row.decode(column: "id", as: Int64.self), tags: tags)
            }
        }
    }
}
