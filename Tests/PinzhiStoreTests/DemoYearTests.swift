import Foundation
@testable import PinzhiDemo
import PinzhiDomain
@testable import PinzhiStore
import PinzhiTestSupport
import SQLKit
import Testing

@Suite("演示数据：一年的监督抽查（由真实流程生成）")
struct DemoYearTests {
    @Test func aYearOfSpotChecksRunsThroughTheWorkflowAndEveryDrawVerifies() async throws {
        try await TestDatabase.with { db in
            try await DemoDataSeeder(db, hasher: TestDatabase.hasher).seedIfEmpty(seed: 5, enterprises: 400, today: Day("2026-11-24")!)
            let city = TestDatabase.admin
            let all = try await BatchRepository(db).list({ var f = BatchFilter(); f.limit = 5000; return f }(), as: city)
            #expect(all.total > 100)
            let states = Dictionary(grouping: all.rows, by: \.state).mapValues(\.count)
            #expect((states[.concluded] ?? 0) > 0)
            #expect((states[.closed] ?? 0) > 0)
            let failed = all.rows.filter { $0.verdict == .fail }.count
            let tested = all.rows.filter { $0.verdict != nil }.count
            #expect(tested > 0 && Double(failed) / Double(tested) < 0.2)
            // Every batch that has a verdict has item results of its report version.
            let sample = all.rows.first { $0.verdict != nil }!
            let results = try await BatchRepository(db).results(sample.id)
            #expect(results.first?.version == sample.reportVersion && results.first?.items.isEmpty == false)
            let checks = try await DrawRepository(db).verify()
            #expect(!checks.isEmpty && checks.allSatisfy(\.ok))
            // The national plan's entries are left out of the city's draws of that product and year, with the reason.
            let national = try await MasterRepository<NationalPlanEntry>(db).list(ListQuery(limit: 100), as: city).items
            #expect(!national.isEmpty)
            let excludedForNational = try await db.session { s in
                try await s.select().column("id").from("draws").where("purpose", .equal, "enterprises")
                    .where("result_json", .like, "%国家监督抽查%").all().count
            }
            #expect(excludedForNational > 0, "a draw shows the national-plan exclusion")
            let drawnNational = try await db.session { s in
                try await s.raw("""
                    SELECT COUNT(*) AS n FROM batches b JOIN enterprises e ON e.id = b.enterprise_id JOIN plans p ON p.id = b.plan_id
                    JOIN national_plan_entries n ON n.enterprise_uscc = e.uscc AND n.product_id = b.product_id AND n.year = p.year
                    WHERE b.state <> 'cancelled'
                    """).first()!.decode(column: "n", as: Int.self)
            }
            #expect(drawnNational == 0, "no enterprise of the national plan is drawn for that product and year")
            let published = try await PublicationStore(db).list({ var s = PublicationStore.Search(); s.limit = 5; return s }())
            #expect(published.total > 0 && published.rows.allSatisfy(\.intact))
            // The work list reads only the states where a duty can be, and leaves the settled history out; it is
            // exactly what filtering every open batch would give.
            let agencyId = all.rows.first!.agencyId
            for principal in [city, TestDatabase.district("310114"), DemoPrincipals.agency(agencyId, ""), DemoPrincipals.enterprise(all.rows.first!)] {
                let today = Day("2026-11-24")!
                let everything = try await BatchRepository(db).list({ var f = BatchFilter(); f.limit = 100_000; return f }(), as: principal).rows
                let expected = everything.filter { b in BatchWorkflow.available(principal, b, today: today).contains { BatchWorkflow.isDuty($0) } }
                #expect(try await BatchRepository(db).todo(as: principal, today: today).map(\.id) == expected.map(\.id), "\(principal.username)")
            }
            // The rollup kept step by step (reports, revised reports, rechecks) equals a fresh count, and the
            // dashboard's figures read from it equal those counted from the batches, city-wide and for a district.
            #expect(try await db.session { try await RateRollup.differences($0) } == [])
            let rates = NonConformanceRates(db)
            for principal in [city, TestDatabase.district("310114")] {
                for dimension in StatsDimension.allCases {
                    let fast = try await rates.fromRollup(dimension, year: 2026, mode: nil, as: principal)
                    #expect(fast == (try await rates.fromBatches(dimension, year: 2026, mode: nil, as: principal)), "\(dimension)")
                    #expect(!fast.isEmpty)
                }
                let evaluation = try await rates.fromRollup(.district, year: 2026, mode: .evaluation, as: principal)
                #expect(evaluation == (try await rates.fromBatches(.district, year: 2026, mode: .evaluation, as: principal)))
            }
            // The demo covers the year before too, complete: the dashboard's "上年" and "变化" have figures, and
            // nothing of that year is left waiting for its sampling.
            let total = try await rates.total(year: 2026, as: city)
            #expect(total.previousTested > 0 && total.tested > 0)
            // Every draw stored its candidates' inclusion probabilities, recomputable from its inputs (RK-7); the
            // market's estimate weights every checked batch and its interval holds it.
            let market = try await MarketRateEstimate(db).of(year: 2026, as: city)
            #expect(market.tested == total.tested && market.weighted == market.tested && market.unweighted == 0)
            let estimate = try #require(market.estimate)
            #expect(estimate.low <= estimate.estimate && estimate.estimate <= estimate.high && estimate.high <= 1)
            // The dashboard reads the estimate from its rollup, kept with every verdict: a fresh count agrees, and so
            // does the estimate computed batch by batch, city-wide and for a district.
            try await Self.marketRollupAgrees(db)
            try await Self.riskMapAgrees(db)
            let stored = try await db.session { s in
                try await s.raw("SELECT c.id AS commitment, d.inclusion_json AS inclusion FROM draws d JOIN draw_commitments c ON c.draw_id = d.id ORDER BY d.id LIMIT 3").all()
            }
            #expect(stored.count == 3)
            for row in stored {
                let secret = try #require(try await DrawCommitmentStore.secret(db, try row.decode(column: "commitment", as: Int64.self)))
                let saved = try JSONDecoder().decode(DrawInclusion.self, from: Data(try row.decode(column: "inclusion", as: String.self).utf8))
                let again = InclusionProbability.of(secret.inputs.request, candidates: secret.inputs.candidates,
                                                    selected: saved.selected.keys.compactMap { Int64($0) })
                #expect(again == saved)
            }
            let lastYear = all.rows.filter { $0.dueDate.year == 2025 }
            #expect(!lastYear.isEmpty && !lastYear.contains { $0.state == .drawn })
            // Serious violations by certificate holders notified their issuers, some of whom answered (EN-2).
            let notices = try await db.session { s in
                try await s.raw("SELECT state, COUNT(*) AS n FROM issuer_notices GROUP BY state").all().reduce(into: [String: Int]()) {
                    $0[try $1.decode(column: "state", as: String.self)] = try $1.decode(column: "n", as: Int.self)
                }
            }
            #expect((notices["sent"] ?? 0) > 0 && (notices["answered"] ?? 0) > 0, "\(notices)")
            // Assistance (TA-1 … TA-5): cases in many states, every expert pool recomputes, a 回头帮 is on 嘉定's list, the
            // 000 table has figures.
            let day = Day("2026-11-24")!
            let cases = try await AssistanceRepository(db).page(.init(), limit: 100, offset: 0, as: SpotCheckFixture.city).items
            #expect(Set(cases.map(\.state)).count >= 5, "\(Set(cases.map(\.state)))")
            #expect(try await ListCommitmentStore.verify(db).allSatisfy { $0.problem == nil })
            let rules = try await RuleRepository(db).effective(on: day), calendar = try await CalendarRepository(db).calendar()
            let jiading = TestDatabase.district("310114")
            #expect(try await AssistanceRepository(db).duties(as: jiading, today: day, rules: rules, calendar: calendar).contains { $0.next.contains("回头帮") })
            let table = try await AssistanceReportQuery(db).report(from: Day(year: day.year, month: 1, day: 1)!, to: day, district: nil, as: SpotCheckFixture.city)
            #expect(table.report.diagnosisLetters > 0 && table.report.trainings > 0 && table.report.expertVisits > 0 && !table.typical.isEmpty)
            // The campaign (CP-1 … CP-6): items in every state, a 严重 one cleared through a linked case, a 复发 with its
            // linked item; forms approved and locked, 嘉定's October returned, one approved form “changed since approval”.
            let bureau = SpotCheckFixture.city
            let campaign = try #require(try await CampaignRepository(db).list(as: bureau).first)
            let items = try await ProblemItemRepository(db).all(campaign: campaign.id, as: bureau)
            let itemStates = Set(items.map(\.state))
            #expect(itemStates.isSuperset(of: [.verifying, .listed, .unfounded, .rectifying, .awaitingClosure, .closed, .consolidated, .relapsed]), "\(itemStates)")
            #expect(items.contains { $0.severity == .serious && $0.state.isCleared && $0.caseId != nil })
            #expect(items.contains { $0.source == .relapse && $0.relapseOf != nil })
            #expect(items.contains { $0.source == .spotCheck && $0.batchId != nil } && items.contains { $0.source == .selfInspection })
            let forms = try await CampaignFormRepository(db).list(campaign: campaign.id, as: bureau)
            #expect(forms.contains { $0.districtCode == "310114" && $0.state == .returned } && forms.contains { $0.state == .submitted })
            #expect(forms.filter(\.isLocked).count > 100)
            var changed = 0
            for f in forms where f.isLocked && f.districtCode == "310115" {
                let now = try await MonthlyFormQuery(db).form(campaign, period: f.period, district: f.districtCode, as: bureau)
                if !MonthlyForm.differences(locked: f.figures ?? [], lockedLabels: f.rowLabels ?? [], current: now).isEmpty { changed += 1 }
            }
            #expect(changed > 0, "an approved form of 浦东 changed since approval")
            #expect(try await SupervisionRepository(db).list(campaign: campaign.id, as: bureau).count == 2)
            let summaryStates = Set(try await CampaignSummaryRepository(db).list(campaign: campaign.id, as: bureau).map(\.state))
            #expect(summaryStates == [.open, .submitted, .accepted], "\(summaryStates)")
            // 嘉定's October form, its 合计 row recomputed column by column straight from the tables.
            let form = try await MonthlyFormQuery(db).form(campaign, period: FormPeriod(campaign.endsOn), district: "310114", as: bureau)
            #expect(form.total.cells.count == 24)
            #expect(form.texts.last == (try await Self.handCounted(db, campaign: campaign, district: "310114", from: form.from, to: form.to)))
            try await Self.checksCountedEqualTheBatchesOneByOne(db, campaign: campaign, as: bureau)
        }
    }

    /// 监督抽查 counted in SQL per row and stage equals the rule applied to the batches one by one
    /// (`MonthlyFormFacts.Checks.init`), for a district and for the city; a cell's drill-down lists as many batches as
    /// it counts, each of the row.
    static func checksCountedEqualTheBatchesOneByOne(_ db: PinzhiDatabase, campaign: Campaign, as bureau: Principal) async throws {
        let period = FormPeriod(campaign.endsOn)
        let span = MonthlyForm.span(campaign: campaign, period: period), keys = Set(campaign.productIds)
        for district in ["310115", nil] as [String?] {
            let counted = try await db.session { try await MonthlyFormQuery.checks($0, keys: keys, span: span, district: district) }
            var records: [MonthlyFormFacts.Check] = []
            for row in try await db.session({ s in
                try await s.raw("""
                    SELECT id, enterprise_id, product_id, stage, sampled_on, verdict, enterprise_district FROM batches \
                    WHERE sampled_on >= \(bind: MonthlyForm.lastYear(span).lowerBound.description) AND sampled_on <= \(bind: span.upperBound.description)
                    """).all()
            }) {
                let inDistrict = try row.decode(column: "enterprise_district", as: String.self)
                guard district == nil || inDistrict == district else { continue }
                records.append(.init(ref: FormRef("batches", try row.decode(column: "id", as: Int64.self)), enterpriseId: try row.decode(column: "enterprise_id", as: Int64.self),
                                     productId: try row.decode(column: "product_id", as: Int64.self),
                                     stage: try row.decode(column: "stage", as: String.self) == "production" ? .production : .circulation,
                                     day: Day(try row.decode(column: "sampled_on", as: String.self))!,
                                     failed: try row.decode(column: "verdict", as: String?.self) == "fail"))
            }
            let reference = MonthlyFormFacts.Checks(records, keys: keys, span: span)
            #expect(district != nil || records.count > 20, "the demo's batches are counted")
            #expect(Set(counted.now) == Set(reference.now) && Set(counted.lastYear) == Set(reference.lastYear), "\(district ?? "city")")
            #expect(counted.enterprisesNow == reference.enterprisesNow)

            let form = try await MonthlyFormQuery(db).form(campaign, period: period, district: district, as: bureau)
            let other = form.rows[form.rows.count - 2].cells[MonthlyForm.Column.circulationBatches.rawValue]
            let selection = try #require(other.checks)
            let listed = try await MonthlyFormQuery(db).checkedBatches(campaign, period: period, district: district, selection, limit: 100_000, offset: 0, as: bureau)
            #expect(listed.count == selection.count && Double(listed.count) == other.value)
            let ids = Set(listed.map(\.id))
            #expect(records.filter { ids.contains($0.ref.id) }.allSatisfy { $0.stage == .circulation && !keys.contains($0.productId ?? 0) && span.contains($0.day) })
            let perEnterprise = try #require(form.total.cells[MonthlyForm.Column.checkedProducers.rawValue].checks)
            let firsts = try await MonthlyFormQuery(db).checkedBatches(campaign, period: period, district: district, perEnterprise, limit: 100_000, offset: 0, as: bureau)
            #expect(firsts.count == perEnterprise.count && perEnterprise.count == reference.enterprisesNow[.production] ?? 0)
        }
    }

    /// The 24 figures of a district's 合计 row, each counted with its own SQL from the records (SPEC CP-5, docs/rules.md §5d),
    /// independently of MonthlyFormQuery.
    static func handCounted(_ db: PinzhiDatabase, campaign: Campaign, district: String, from: Day, to: Day) async throws -> [String] {
        try await db.session { s in
            func n(_ sql: SQLQueryString) async throws -> Double {
                try await s.raw(sql).first().map { try $0.decode(column: "n", as: Double?.self) ?? 0 } ?? 0
            }
            let (f, t, d, c) = (from.description, to.description, district, campaign.id)
            let (lf, lt) = (from.adding(months: -12).description, to.adding(months: -12).description)
            func count(_ v: Double) -> String { String(Int(v.rounded())) }
            func money(_ v: Double) -> String { String(format: "%.2f", v) }
            var out: [String] = []
            for stage in ["= 'production'", "= 'circulation'"] {
                let base = "FROM campaign_inspections WHERE campaign_id = \(c) AND district_code = '\(d)' AND stage \(stage) AND inspected_on BETWEEN '\(f)' AND '\(t)'"
                out.append(count(try await n("SELECT CAST(COUNT(DISTINCT enterprise_id) AS DOUBLE PRECISION) AS n \(unsafeRaw: base)")))
                out.append(count(try await n("SELECT CAST(COUNT(DISTINCT enterprise_id) AS DOUBLE PRECISION) AS n \(unsafeRaw: base) AND findings > 0")))
            }
            for stage in ["= 'production'", "<> 'production'"] {
                let now = "FROM batches WHERE enterprise_district = '\(d)' AND stage \(stage) AND sampled_on BETWEEN '\(f)' AND '\(t)'"
                let before = "FROM batches WHERE enterprise_district = '\(d)' AND stage \(stage) AND sampled_on BETWEEN '\(lf)' AND '\(lt)'"
                let batches = try await n("SELECT CAST(COUNT(*) AS DOUBLE PRECISION) AS n \(unsafeRaw: now)")
                let failures = try await n("SELECT CAST(COUNT(*) AS DOUBLE PRECISION) AS n \(unsafeRaw: now) AND verdict = 'fail'")
                let lastBatches = try await n("SELECT CAST(COUNT(*) AS DOUBLE PRECISION) AS n \(unsafeRaw: before)")
                let lastFailures = try await n("SELECT CAST(COUNT(*) AS DOUBLE PRECISION) AS n \(unsafeRaw: before) AND verdict = 'fail'")
                out.append(count(try await n("SELECT CAST(COUNT(DISTINCT enterprise_id) AS DOUBLE PRECISION) AS n \(unsafeRaw: now)")))
                out.append(count(batches))
                out.append(count(failures))
                if batches == 0 || lastBatches == 0 {
                    out.append("—")
                } else {
                    let change = ((failures / batches - lastFailures / lastBatches) * 100 * 100).rounded() / 100
                    out.append((change > 0 ? "+" : "") + String(format: "%.2f", change))
                }
            }
            out.append(count(try await n("SELECT CAST(COUNT(*) AS DOUBLE PRECISION) AS n FROM risk_items WHERE district_code = \(bind: d) AND reported_on BETWEEN \(bind: f) AND \(bind: t)")))
            out.append(count(try await n("SELECT CAST(COUNT(*) AS DOUBLE PRECISION) AS n FROM monitoring_batches WHERE district_code = \(bind: d) AND sampled_on BETWEEN \(bind: f) AND \(bind: t)")))
            out.append(count(try await n("""
                SELECT CAST(COUNT(*) AS DOUBLE PRECISION) AS n FROM monitoring_batches m JOIN risk_items r ON r.id = m.risk_item_id \
                WHERE m.district_code = \(bind: d) AND r.reported_on BETWEEN \(bind: f) AND \(bind: t)
                """)))
            let cases = "FROM cases WHERE district_code = '\(d)'"
            out.append(count(try await n("SELECT CAST(COUNT(*) AS DOUBLE PRECISION) AS n \(unsafeRaw: cases) AND filed_on BETWEEN '\(f)' AND '\(t)'")))
            out.append(money(try await n("SELECT CAST(SUM(COALESCE(fine, 0) + COALESCE(confiscation, 0)) AS DOUBLE PRECISION) / 10000 AS n \(unsafeRaw: cases) AND decided_on BETWEEN '\(f)' AND '\(t)'")))
            out.append(money(try await n("SELECT CAST(SUM(COALESCE(case_value, 0)) AS DOUBLE PRECISION) / 10000 AS n \(unsafeRaw: cases) AND decided_on BETWEEN '\(f)' AND '\(t)'")))
            out.append(count(try await n("SELECT CAST(COUNT(*) AS DOUBLE PRECISION) AS n \(unsafeRaw: cases) AND referred_on BETWEEN '\(f)' AND '\(t)'")))
            out.append(count(try await n("SELECT CAST(COUNT(*) AS DOUBLE PRECISION) AS n \(unsafeRaw: cases) AND discipline_sent_on BETWEEN '\(f)' AND '\(t)'")))
            let help = "FROM assistance_cases WHERE district_code = '\(d)'"
            out.append(count(try await n("SELECT CAST(COUNT(DISTINCT enterprise_id) AS DOUBLE PRECISION) AS n \(unsafeRaw: help) AND served_on BETWEEN '\(f)' AND '\(t)'")))
            out.append(count(try await n("SELECT CAST(SUM(problems_solved) AS DOUBLE PRECISION) AS n \(unsafeRaw: help) AND closed_on BETWEEN '\(f)' AND '\(t)'")))
            out.append(money(try await n("SELECT CAST(SUM(output_value) AS DOUBLE PRECISION) AS n \(unsafeRaw: help) AND closed_on BETWEEN '\(f)' AND '\(t)'")))
            // 约谈: the day the record names (heldOn), read from each interview step.
            var held = Set<Int64>()
            for row in try await s.raw("""
                SELECT l.enterprise_id, le.day, le.data_json FROM letter_events le JOIN letters l ON l.id = le.letter_id \
                WHERE le.action = 'interview' AND l.enterprise_id IS NOT NULL AND l.district_code = \(bind: d)
                """).all() {
                let data = (try? JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "data_json", as: String.self).utf8))) ?? [:]
                let entered = try row.decode(column: "day", as: String.self)
                let day = data["heldOn"] ?? entered
                if f <= day && day <= t { held.insert(try row.decode(column: "enterprise_id", as: Int64.self)) }
            }
            out.append(String(held.count))
            return out
        }
    }
}

extension DemoYearTests {
    /// The risk map read from its rollups equals the items and checks counted one by one, city-wide and for a
    /// district, for windows that start on the first, in the middle and on the last day of a month (the window's
    /// first month is read from the items); and both rollups equal a fresh count, also after an enterprise changes its
    /// cluster.
    static func riskMapAgrees(_ db: PinzhiDatabase) async throws {
        #expect(try await db.session { try await ClusterRollup.differences($0) } == [])
        #expect(try await db.session { try await RiskRollup.differences($0) } == [])
        let admin = TestDatabase.admin
        // An enterprise with both checks and risk items moves to another cluster, as a person would edit it.
        let moved = try await db.session { s in
            try await s.raw("""
                SELECT r.enterprise_id AS id FROM risk_items r JOIN batches b ON b.enterprise_id = r.enterprise_id JOIN plans pl ON pl.id = b.plan_id
                WHERE b.verdict IS NOT NULL AND pl.year = 2026 AND r.reported_on >= '2026-07-01' ORDER BY r.id LIMIT 1
                """)
                .first()?.decode(column: "id", as: Int64.self)
        }
        let repo = MasterRepository<Enterprise>(db)
        let movedId = try #require(moved)
        var enterprise = try #require(try await repo.find(movedId, as: admin))
        enterprise.cluster = "测试迁入集聚区"
        _ = try await repo.update(enterprise, expectedVersion: enterprise.version, as: admin)
        #expect(try await db.session { try await ClusterRollup.differences($0) } == [])
        #expect(try await db.session { try await RiskRollup.differences($0) } == [])
        var rules = try await RuleRepository(db).effective(on: Day("2026-11-24")!)
        rules.values["productGradeMonths"] = 12
        let query = RiskMapQuery(db)
        for today in ["2026-11-24", "2026-07-01", "2026-06-30", "2026-12-31"].compactMap(Day.init) {
            for principal in [admin, TestDatabase.district("310114")] {
                let cells = try await query.cells(year: 2026, today: today, rules: rules, as: principal)
                let expected = try await Self.riskMapFromItems(db, today: today, rules: rules, as: principal)
                #expect(cells.filter { $0.items > 0 }.map { "\($0.productId)|\($0.districtCode)|\($0.items)|\($0.openItems)|\($0.highestLevel?.rawValue ?? "")" }.sorted()
                        == expected.cells, "\(today) \(principal.username)")
                let clusters = try await query.clusters(year: 2026, today: today, rules: rules, as: principal)
                #expect(clusters.map { "\($0.cluster)|\($0.enterprises)|\($0.items)|\($0.openItems)|\($0.highestLevel?.rawValue ?? "")|\($0.tested)|\($0.failed)" }.sorted()
                        == expected.clusters, "\(today) \(principal.username)")
                #expect(clusters.contains { $0.cluster == "测试迁入集聚区" && $0.items > 0 && $0.tested > 0 } || principal != admin)
            }
        }
    }

    /// The risk map as it was counted before its rollups (issue 21 item 5): every item of the window and every check
    /// of the year, grouped.
    static func riskMapFromItems(_ db: PinzhiDatabase, today: Day, rules: RuleSet, as p: Principal) async throws -> (cells: [String], clusters: [String]) {
        let since = ProductGrade.windowStart(today, months: rules.int("productGradeMonths")).description
        let district = p.role == .districtSupervisor ? p.districtCode : nil
        return try await db.session { s in
            func items(_ by: String, _ join: String, _ filter: String) async throws -> [String: (items: Int, open: Int, level: ProductRiskLevel?)] {
                var out: [String: (items: Int, open: Int, level: ProductRiskLevel?)] = [:]
                var sql = SQLQueryString("SELECT \(by) AS k, r.state AS state, r.risk_level AS level, COUNT(*) AS n FROM risk_items r \(join) WHERE r.reported_on >= ")
                sql.appendInterpolation(bind: since)
                sql.appendInterpolation(unsafeRaw: " AND \(filter)")
                if let district { sql.appendInterpolation(unsafeRaw: " AND r.district_code = "); sql.appendInterpolation(bind: district) }
                sql.appendInterpolation(unsafeRaw: " GROUP BY \(by), r.state, r.risk_level")
                for row in try await s.raw(sql).all() {
                    let state = RiskItemState(rawValue: try row.decode(column: "state", as: String.self))!, n = try row.decode(column: "n", as: Int.self)
                    var c = out[try row.decode(column: "k", as: String.self)] ?? (0, 0, nil)
                    c.items += n
                    if RiskItemState.open.contains(state) { c.open += n }
                    if state != .rejected, let level = ProductRiskLevel(rawValue: try row.decode(column: "level", as: String.self)) { c.level = max(c.level ?? level, level) }
                    out[try row.decode(column: "k", as: String.self)] = c
                }
                return out
            }
            let cells = try await items("CAST(r.product_id AS TEXT) || '|' || r.district_code", "", "r.district_code IS NOT NULL")
                .map { "\($0.key)|\($0.value.items)|\($0.value.open)|\($0.value.level?.rawValue ?? "")" }
            let byCluster = try await items("e.cluster", "JOIN enterprises e ON e.id = r.enterprise_id", "e.cluster IS NOT NULL AND e.cluster <> ''")
            var checks = SQLQueryString("""
                SELECT e.cluster AS k, COUNT(*) AS n, SUM(CASE WHEN b.verdict = 'fail' THEN 1 ELSE 0 END) AS f FROM batches b
                JOIN enterprises e ON e.id = b.enterprise_id JOIN plans pl ON pl.id = b.plan_id
                WHERE b.verdict IS NOT NULL AND e.cluster IS NOT NULL AND e.cluster <> '' AND pl.year = 2026
                """)
            if let district {
                checks.appendInterpolation(unsafeRaw: " AND (b.plan_district_code = ")
                checks.appendInterpolation(bind: district)
                checks.appendInterpolation(unsafeRaw: " OR b.enterprise_district = ")
                checks.appendInterpolation(bind: district)
                checks.appendInterpolation(unsafeRaw: ")")
            }
            checks.appendInterpolation(unsafeRaw: " GROUP BY e.cluster")
            var tested: [String: (Int, Int)] = [:]
            for row in try await s.raw(checks).all() {
                tested[try row.decode(column: "k", as: String.self)] = (try row.decode(column: "n", as: Int.self), try row.decode(column: "f", as: Int.self))
            }
            var members: [String: Int] = [:]
            for row in try await s.raw("SELECT cluster AS k, COUNT(*) AS n FROM enterprises WHERE cluster IS NOT NULL AND cluster <> '' GROUP BY cluster").all() {
                members[try row.decode(column: "k", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            let names = Set(members.keys).union(byCluster.keys).union(tested.keys)
            let clusters = names.map { k in
                let c = byCluster[k] ?? (0, 0, nil), t = tested[k] ?? (0, 0)
                return "\(k)|\(members[k] ?? 0)|\(c.items)|\(c.open)|\(c.level?.rawValue ?? "")|\(t.0)|\(t.1)"
            }
            return (cells.sorted(), clusters.sorted())
        }
    }

    /// The market estimate and the monthly counts read from their rollup equal those counted batch by batch,
    /// city-wide and for a district, and the rollup equals a fresh count.
    static func marketRollupAgrees(_ db: PinzhiDatabase) async throws {
        #expect(try await db.session { try await VerdictRollup.differences($0) } == [])
        for principal in [TestDatabase.admin, TestDatabase.district("310114")] {
            let slow = try await MarketRateEstimate(db).fromBatches(year: 2026, as: principal)
            let fast = try await MarketRateEstimate(db).of(year: 2026, as: principal)
            #expect(fast.tested == slow.tested && fast.failed == slow.failed && fast.weighted == slow.weighted && fast.unweighted == slow.unweighted)
            #expect(try await MonthlyCounts(db).of(year: 2026, as: principal) == (try await MonthlyCounts(db).fromBatches(year: 2026, as: principal)))
            guard let a = fast.estimate, let b = slow.estimate else { Issue.record("no estimate"); continue }
            #expect(abs(a.estimate - b.estimate) < 1e-12 && abs(a.low - b.low) < 1e-9 && abs(a.high - b.high) < 1e-9 && a.sampleSize == b.sampleSize)
        }
    }
}
