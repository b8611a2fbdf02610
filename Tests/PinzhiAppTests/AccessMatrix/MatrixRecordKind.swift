/// The kinds of record a route's `{id}` names, each with the query that lists candidates and the scope tags
/// (`tag_<dimension>`) that decide whose scope a record is in.
enum MatrixRecordKind: CaseIterable, Sendable {
    case account, agency, agencyContract, attachment, batch, draw, enterprise, enterpriseProduct, expert, expertConflict
    case drawCommitment, importReport, inspector, nationalPlanEntry, plan, product, publication, publicDraw, task, testItem, token
    case lead, enforcementCase, licence, letter, issuerNotice, officer, officerAssessment, drawList, witnessRegistration, riskItem
    case alert, publicAlert, monitoringPlan, monitoringBatch, assistanceCase, assistanceActivity
    case assistanceTarget, assistanceCluster, assistanceLibrary
    case campaign, campaignForm, problemItem, campaignInspection, inspectionPhoto, campaignSummary

    /// The kind named by a route's first path segment after the API prefix.
    static func of(_ path: String) -> MatrixRecordKind? {
        var parts = path.split(separator: "/").map(String.init)
        if parts.first == "api" { parts.removeFirst(2) }
        if parts.first == "public" { parts.removeFirst() }
        let area = parts.first
        guard parts.contains("{id}") else { return nil }
        if path.hasPrefix("/public/draws") || path.hasPrefix("/api/v1/public/draws") { return .publicDraw }
        if path.hasPrefix("/public/alerts") || path.hasPrefix("/api/v1/public/alerts") { return .publicAlert }
        if path.contains("/officer-assessment-commitments/") { return .drawList }
        switch area {
        case "accounts": return .account
        case "agencies", "oversight": return .agency
        case "agency-contracts": return .agencyContract
        case "attachments": return .attachment
        case "batches": return .batch
        case "draws": return .draw
        case "draw-commitments": return .drawCommitment
        case "draw-lists": return .drawList
        case "witness": return .witnessRegistration
        case "enterprises": return .enterprise
        case "enterprise-products": return .enterpriseProduct
        case "experts": return .expert
        case "expert-conflicts": return .expertConflict
        case "import": return .importReport
        case "inspectors": return .inspector
        case "national-plan": return .nationalPlanEntry
        case "plans": return .plan
        case "products": return .product
        case "results": return .publication
        case "tasks": return .task
        case "leads": return .lead
        case "risk-items": return .riskItem
        case "alerts": return .alert
        case "monitoring-plans": return .monitoringPlan
        case "monitoring-batches": return .monitoringBatch
        case "assistance-cases": return .assistanceCase
        case "assistance-activities": return .assistanceActivity
        case "assistance-targets": return .assistanceTarget
        case "assistance-clusters": return .assistanceCluster
        case "assistance-library": return .assistanceLibrary
        case "campaigns": return .campaign
        case "campaign-forms": return .campaignForm
        case "problem-items": return .problemItem
        case "campaign-inspections": return .campaignInspection
        case "inspection-photos": return .inspectionPhoto
        case "campaign-summaries": return .campaignSummary
        case "licences": return .licence
        case "cases": return .enforcementCase
        case "letters": return .letter
        case "issuer-notices": return .issuerNotice
        case "officers": return .officer
        case "officer-assessments": return .officerAssessment
        case "test-items": return .testItem
        case "tokens": return .token
        default: return nil
        }
    }

    var query: String {
        func t(_ column: String) -> String { "CAST(\(column) AS TEXT)" }
        // Batches that have been sampled, so their documents exist; tasks that already have batches, so a draw is refused.
        let batchTags = "\(t("b.plan_district_code")) AS tag_district_1, \(t("b.enterprise_district")) AS tag_district_2, "
            + "\(t("b.agency_id")) AS tag_agency_1, \(t("b.recheck_agency_id")) AS tag_agency_2, \(t("b.enterprise_id")) AS tag_enterprise"
        switch self {
        case .account: return "SELECT id, \(t("id")) AS tag_account FROM accounts WHERE username LIKE 'spare-%' ORDER BY id"
        case .agency: return "SELECT id, \(t("id")) AS tag_agency FROM agencies ORDER BY id"
        case .agencyContract: return "SELECT id, \(t("agency_id")) AS tag_agency FROM agency_contracts ORDER BY id"
        case .attachment: return "SELECT a.id, \(batchTags) FROM attachments a JOIN batches b ON b.id = a.batch_id ORDER BY a.id"
        // An agency's own batch is one it samples, not one it only rechecks: the steps called are the sampling agency's.
        case .batch: return "SELECT b.id, \(batchTags) FROM batches b WHERE b.sampled_on IS NOT NULL ORDER BY CASE WHEN b.recheck_agency_id IS NULL THEN 0 ELSE 1 END, b.id"
        case .draw:
            return "SELECT d.id, \(t("COALESCE(t.district_code, 'city')")) AS tag_district, \(t("t.agency_id")) AS tag_agency FROM draws d JOIN tasks t ON t.id = d.task_id ORDER BY d.id"
        case .enterprise: return "SELECT id, \(t("district_code")) AS tag_district, \(t("id")) AS tag_enterprise FROM enterprises ORDER BY id"
        case .enterpriseProduct: return "SELECT id, \(t("enterprise_id")) AS tag_enterprise FROM enterprise_products ORDER BY id"
        case .expert: return "SELECT id, \(t("id")) AS tag_expert FROM experts ORDER BY id"
        case .expertConflict: return "SELECT id, \(t("expert_id")) AS tag_expert FROM expert_conflicts ORDER BY id"
        case .importReport: return "SELECT id, \(t("account_id")) AS tag_account FROM import_results ORDER BY id"
        case .inspector: return "SELECT id, \(t("organisation_id")) AS tag_org FROM inspectors ORDER BY id"
        case .nationalPlanEntry: return "SELECT id FROM national_plan_entries ORDER BY id"
        case .plan: return "SELECT id, \(t("COALESCE(district_code, 'city')")) AS tag_district FROM plans ORDER BY id"
        case .product: return "SELECT id FROM products ORDER BY id"
        case .publication: return "SELECT id FROM publications ORDER BY id"
        // Commitments are public the moment they are made.
        case .drawCommitment: return "SELECT id FROM draw_commitments ORDER BY id"
        // A draw is public once a batch of its task has been published (a re-drawn task shows every draw).
        case .publicDraw:
            return "SELECT d.id, CASE WHEN d.purpose = 'enterprises' AND EXISTS (SELECT 1 FROM publications p JOIN batches b ON b.id = p.batch_id WHERE b.task_id = d.task_id) "
                + "THEN 'yes' END AS tag_public FROM draws d ORDER BY d.id"
        case .task:
            return "SELECT id, \(t("COALESCE(district_code, 'city')")) AS tag_district, \(t("agency_id")) AS tag_agency FROM tasks WHERE id IN (SELECT task_id FROM batches) ORDER BY id"
        case .testItem: return "SELECT id FROM test_items ORDER BY id"
        case .licence: return "SELECT id, \(t("enterprise_id")) AS tag_enterprise FROM licences ORDER BY id"
        case .lead: return "SELECT id, \(t("district_code")) AS tag_district FROM leads ORDER BY id"
        // Items still waiting for 研判, so the city's first step is open on them.
        case .riskItem: return "SELECT id, \(t("district_code")) AS tag_district FROM risk_items WHERE state = 'reported' ORDER BY id"
        // Alerts waiting for the city's review: the drafting district's (its own) or the city's.
        case .alert: return "SELECT id, \(t("COALESCE(district_code, 'city')")) AS tag_district FROM risk_alerts WHERE state = 'review' ORDER BY id"
        case .monitoringPlan: return "SELECT id, \(t("agency_id")) AS tag_agency FROM monitoring_plans ORDER BY id"
        // Batches waiting for their results, so the agency's first step is open on them.
        case .monitoringBatch:
            return "SELECT id, \(t("agency_id")) AS tag_agency, \(t("district_code")) AS tag_district FROM monitoring_batches WHERE state = 'sampled' ORDER BY id"
        // Cases waiting for their experts' acceptance (the expert's first step), tagged by the first expert drawn.
        case .assistanceCase:
            return "SELECT c.id, \(t("c.district_code")) AS tag_district, \(t("c.enterprise_id")) AS tag_enterprise, "
                + "\(t("(SELECT MIN(x.expert_id) FROM assistance_case_experts x WHERE x.assistance_case_id = c.id)")) AS tag_expert "
                + "FROM assistance_cases c WHERE c.state = 'assigned' ORDER BY c.id"
        // The fixture's activities, one expert each (expert_ids is “,id,”).
        case .assistanceActivity:
            return "SELECT id, \(t("COALESCE(district_code, 'city')")) AS tag_district, REPLACE(expert_ids, ',', '') AS tag_expert "
                + "FROM assistance_activities WHERE title LIKE '矩阵%' ORDER BY id"
        case .assistanceTarget: return "SELECT id, \(t("district_code")) AS tag_district FROM assistance_targets ORDER BY id"
        case .assistanceCluster: return "SELECT id, \(t("district_code")) AS tag_district FROM assistance_clusters ORDER BY id"
        case .assistanceLibrary: return "SELECT id FROM assistance_library ORDER BY id"
        case .campaign: return "SELECT id FROM campaigns ORDER BY id"
        // October's forms, waiting for the districts (the demo's 嘉定 returned, the fixture campaign's open).
        case .campaignForm: return "SELECT id, \(t("district_code")) AS tag_district FROM campaign_forms WHERE period LIKE '%-10' ORDER BY id"
        case .problemItem: return "SELECT id, \(t("district_code")) AS tag_district, \(t("enterprise_id")) AS tag_enterprise FROM problem_items ORDER BY id"
        case .campaignInspection:
            return "SELECT id, \(t("district_code")) AS tag_district, \(t("enterprise_id")) AS tag_enterprise FROM campaign_inspections ORDER BY id"
        case .campaignSummary: return "SELECT id, \(t("district_code")) AS tag_district FROM campaign_summaries ORDER BY id"
        case .inspectionPhoto:
            return "SELECT ph.id, \(t("x.district_code")) AS tag_district, \(t("x.enterprise_id")) AS tag_enterprise FROM inspection_photos ph "
                + "JOIN campaign_inspections x ON x.id = ph.inspection_id ORDER BY ph.id"
        case .publicAlert: return "SELECT id FROM risk_alerts WHERE state = 'published' AND alert_type = 'consumer' ORDER BY id"
        // A district's own case is one it handles, decided where it can be, so its decision document exists.
        case .enforcementCase:
            return "SELECT id, \(t("district_code")) AS tag_district FROM cases ORDER BY CASE WHEN handler = 'district' THEN 0 ELSE 1 END, "
                + "CASE WHEN decided_on IS NULL THEN 1 ELSE 0 END, id"
        // A sent letter (its document exists) is its issuer's (the city's or a district's), its addressee's and the addressed enterprise's district's.
        case .letter:
            return "SELECT id, \(t("COALESCE(issuer_district, 'city')")) AS tag_district_1, \(t("district_code")) AS tag_district_2, "
                + "\(t("enterprise_id")) AS tag_enterprise FROM letters WHERE issued_on IS NOT NULL ORDER BY id"
        // Officers appointed and not yet trained, so the enterprise's first training is a step it may take.
        case .officer:
            return "SELECT id, \(t("district_code")) AS tag_district, \(t("enterprise_id")) AS tag_enterprise FROM safety_officers WHERE state = 'appointed' ORDER BY id"
        case .officerAssessment: return "SELECT id, \(t("scope")) AS tag_district FROM officer_assessments ORDER BY id"
        // The assessments' committed lists, whose scope is the subject's part before the colon (a recheck list is its
        // batch's to read, tested with the batch's steps in APISpotCheckTests).
        case .drawList:
            return "SELECT id, \(t("CASE WHEN subject LIKE 'city:%' THEN 'city' ELSE SUBSTR(subject, 1, 6) END")) AS tag_district "
                + "FROM list_commitments WHERE kind = 'officer-assessment' ORDER BY id"
        case .witnessRegistration:
            return "SELECT w.id, \(t("a.id")) AS tag_account FROM draw_witnesses w JOIN accounts a ON a.username = w.registered_by ORDER BY w.id"
        case .issuerNotice: return "SELECT id, \(t("district_code")) AS tag_district FROM issuer_notices ORDER BY id"
        case .token: return "SELECT id, \(t("account_id")) AS tag_account FROM api_tokens WHERE name = 'matrix-spare' ORDER BY id"
        }
    }
}
