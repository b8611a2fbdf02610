import Testing
@testable import PinzhiApp

/// Every write route of the web pages with its partner in the JSON API (SPEC X-3: the API as complete as the UI).
/// A write route added to the pages without a line here fails `everyUIWriteHasItsAPIPartner`; a named partner must
/// be a route of the router. The gaps still open are declared as such, with what is missing, so that they are
/// counted rather than forgotten.
enum UIAPIPairing {
    enum Partner: Equatable {
        case api(String)
        /// Belongs to a browser session (signing in and out, its password): API callers use tokens.
        case session
        /// No API operation yet.
        case gap(String)
    }

    static let table: [String: Partner] = {
        var t: [String: Partner] = [
            "POST /login": .session, "POST /logout": .session, "POST /password": .session,
            "POST /batches/{id}/act/{action}": .api("POST /api/v1/batches/{id}/actions/{action}"),
            "POST /plans": .api("POST /api/v1/plans"),
            "POST /plans/{id}/lines": .api("POST /api/v1/plans/{id}/lines"),
            "POST /plans/{id}/lines/{line}/delete": .api("DELETE /api/v1/plans/{id}/lines/{line}"),
            "POST /plans/{id}/lines/{line}/tasks": .api("POST /api/v1/plans/{id}/lines/{line}/tasks"),
            "POST /plans/{id}/transition/{action}": .api("POST /api/v1/plans/{id}/actions/{action}"),
            "POST /tasks/{id}/accept": .api("POST /api/v1/tasks/{id}/actions/{action}"),
            "POST /tasks/{id}/decline": .api("POST /api/v1/tasks/{id}/actions/{action}"),
            "POST /tasks/{id}/draw": .api("POST /api/v1/tasks/{id}/draws"),
            "POST /tasks/{id}/draw-commitment": .api("POST /api/v1/tasks/{id}/draw-commitments"),
            "POST /calendar": .api("PUT /api/v1/calendar/{year}"),
            "POST /import/{kind}": .api("POST /api/v1/imports/{kind}"),
            "POST /audit/verify": .api("POST /api/v1/audit/verify"),
            "POST /accounts": .api("POST /api/v1/accounts"),
            "POST /accounts/{id}/deactivate": .api("POST /api/v1/accounts/{id}/deactivate"),
            "POST /accounts/{id}/reactivate": .api("POST /api/v1/accounts/{id}/reactivate"),
            "POST /batches/{id}/attachments": .api("POST /api/v1/batches/{id}/attachments"),
            "POST /oversight/{id}/inspections": .api("POST /api/v1/agencies/{id}/inspections"),
            "POST /rules": .api("POST /api/v1/rules"),
            "POST /tasks/{id}/results": .api("POST /api/v1/tasks/{id}/results"),
            "POST /tokens": .api("POST /api/v1/tokens"),
            "POST /tokens/{id}/revoke": .api("POST /api/v1/tokens/{id}/revoke"),
            "POST /leads": .api("POST /api/v1/leads"),
            "POST /risk-items": .api("POST /api/v1/risk-items"),
            "POST /alerts": .api("POST /api/v1/alerts"),
            "POST /monitoring-plans": .api("POST /api/v1/monitoring-plans"),
            "POST /assistance-cases": .api("POST /api/v1/assistance-cases"),
            "POST /assistance-cases/{id}/act/{action}": .api("POST /api/v1/assistance-cases/{id}/actions/{action}"),
            "POST /assistance-activities": .api("POST /api/v1/assistance-activities"),
            "POST /assistance-targets": .api("POST /api/v1/assistance-targets"),
            "POST /assistance-targets/{id}/plan": .api("POST /api/v1/assistance-targets/{id}/plan"),
            "POST /assistance-clusters": .api("POST /api/v1/assistance-clusters"),
            "POST /assistance-library": .api("POST /api/v1/assistance-library"),
            "POST /monitoring-batches": .api("POST /api/v1/monitoring-batches"),
            "POST /monitoring-batches/{id}/act/{action}": .api("POST /api/v1/monitoring-batches/{id}/actions/{action}"),
            "POST /alerts/{id}/act/{action}": .api("POST /api/v1/alerts/{id}/actions/{action}"),
            "POST /risk-items/{id}/act/{action}": .api("POST /api/v1/risk-items/{id}/actions/{action}"),
            "POST /products/{id}/risk/override": .api("POST /api/v1/products/{id}/risk/override"),
            "POST /leads/{id}/act/{action}": .api("POST /api/v1/leads/{id}/actions/{action}"),
            "POST /cases/{id}/act/{action}": .api("POST /api/v1/cases/{id}/actions/{action}"),
            "POST /letters": .api("POST /api/v1/letters"),
            "POST /issuer-notices/{id}/act/{action}": .api("POST /api/v1/issuer-notices/{id}/actions/{action}"),
            "POST /officers": .api("POST /api/v1/enterprises/{id}/officers"),
            "POST /officers/{id}/act/{action}": .api("POST /api/v1/officers/{id}/actions/{action}"),
            "POST /enterprises/{id}/routines": .api("POST /api/v1/enterprises/{id}/routines"),
            "POST /enterprises/{id}/merge": .api("POST /api/v1/enterprises/{id}/merge"),
            "POST /enterprises/{id}/unmerge": .api("POST /api/v1/enterprises/{id}/unmerge"),
            "POST /enterprises/{id}/risk-controls": .api("POST /api/v1/enterprises/{id}/risk-controls"),
            "POST /enterprises/{id}/risk-controls/{item}/remove": .api("DELETE /api/v1/enterprises/{id}/risk-controls/{item}"),
            "POST /officer-assessment-commitments": .api("POST /api/v1/officer-assessment-commitments"),
            "POST /witness/registrations": .api("POST /api/v1/witness/registrations"),
            "POST /witness/registrations/{id}/reveal": .api("POST /api/v1/witness/registrations/{id}/reveal"),
            "POST /officer-assessment-commitments/{id}/draw": .api("POST /api/v1/officer-assessment-commitments/{id}/draw"),
            "POST /letters/{id}/act/{action}": .api("POST /api/v1/letters/{id}/actions/{action}"),
            "POST /campaigns": .api("POST /api/v1/campaigns"),
            "POST /campaigns/{id}/close": .gap("结束专项行动尚无API"),
            "POST /campaigns/{id}/self-inspection": .gap("企业自查与承诺尚无API"),
            "POST /campaigns/{id}/supervision": .gap("巡回督导、飞行检查记录尚无API"),
            "POST /campaigns/{id}/risk-draw/commit": .gap("按风险抽取现场检查企业尚无API"),
            "POST /campaigns/{id}/risk-draw": .gap("按风险抽取现场检查企业尚无API"),
            "POST /campaign-summaries/{id}/act/{action}": .gap("专项行动工作总结的报送与收悉尚无API"),
            "POST /campaign-forms/{id}/act/{action}": .api("POST /api/v1/campaign-forms/{id}/actions/{action}"),
            "POST /problem-items": .api("POST /api/v1/problem-items"),
            "POST /problem-items/{id}/act/{action}": .api("POST /api/v1/problem-items/{id}/actions/{action}"),
            "POST /campaign-inspections": .api("POST /api/v1/campaign-inspections"),
            "POST /campaign-inspections/{id}/confirm": .api("POST /api/v1/campaign-inspections/{id}/confirm"),
            "POST /campaign-inspections/{id}/photos": .gap("现场检查照片上传尚无API"),
        ]
        // Master data: every kind has the same four writes in both.
        for area in ["enterprises", "products", "agencies", "agency-contracts", "inspectors", "experts", "expert-conflicts", "test-items",
                     "national-plan", "enterprise-products", "licences"] {
            t["POST /\(area)"] = .api("POST /api/v1/\(area)")
            t["POST /\(area)/{id}"] = .api("PATCH /api/v1/\(area)/{id}")
            t["POST /\(area)/{id}/deactivate"] = .api("POST /api/v1/\(area)/{id}/deactivate")
            t["POST /\(area)/{id}/reactivate"] = .api("POST /api/v1/\(area)/{id}/reactivate")
        }
        return t
    }()
}

@Suite("界面与接口的对应")
struct UIAPIPairingTests {
    @Test func everyUIWriteHasItsAPIPartner() async throws {
        try await TestApp.with(demoYear: false) { app, _ in
            let routes = Set(app.router.routes.map { "\($0.method) \($0.path)" })
            let writes = routes.filter { !$0.hasPrefix("GET ") && !$0.hasPrefix("HEAD ") && !$0.contains(" /api/") && !$0.contains(" /public") }
            let undeclared = writes.filter { UIAPIPairing.table[$0] == nil }.sorted()
            #expect(undeclared.isEmpty, "UI writes without a declared API partner: \(undeclared)")
            let stale = UIAPIPairing.table.keys.filter { !routes.contains($0) }.sorted()
            #expect(stale.isEmpty, "pairings of routes that no longer exist: \(stale)")
            for (ui, partner) in UIAPIPairing.table {
                if case .api(let operation) = partner { #expect(routes.contains(operation), "\(ui) names \(operation), which is not a route") }
            }
            let gaps = UIAPIPairing.table.values.filter { if case .gap = $0 { true } else { false } }.count
            print("UI↔API pairing: \(writes.count) UI writes, \(gaps) without an API operation yet")
        }
    }
}
