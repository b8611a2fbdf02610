/// Campaigns 专项行动 (SPEC CP-1 … CP-6; seed 001): the campaign with its phases and key products, enterprises'
/// self-inspections, on-site inspections with their checklist and photos, the problem list as a workflow kind with its
/// timeline, the districts' monthly forms (a workflow kind too: the submitted figures are kept and, once approved,
/// locked), and the city's supervision visits. Phases, checklists, measures and figures are JSON beside the columns
/// that lists, coverage and the form filter on. An assistance case may now come from a problem item.
enum Migration036Campaigns {
    static let migration = Migration(36, "campaigns") { d in
        [
            """
            CREATE TABLE campaigns (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1, name TEXT NOT NULL, year \(d.bigint) NOT NULL,
              starts_on TEXT NOT NULL, ends_on TEXT NOT NULL, phases_json TEXT NOT NULL, product_ids TEXT NOT NULL, organisations_json TEXT NOT NULL,
              state TEXT NOT NULL, closed_on TEXT, closing_note TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE campaign_self_inspections (id \(d.primaryKey), campaign_id \(d.bigint) NOT NULL REFERENCES campaigns(id),
              enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id), district_code TEXT, filed_on TEXT NOT NULL, sections_json TEXT NOT NULL,
              problems_rectified TEXT, problems_open TEXT, signatory TEXT NOT NULL, committed \(d.bool) NOT NULL, created_by TEXT NOT NULL,
              created_at TEXT NOT NULL, UNIQUE (campaign_id, enterprise_id))
            """,
            "CREATE INDEX campaign_self_inspections_district ON campaign_self_inspections (campaign_id, district_code)",
            """
            CREATE TABLE campaign_inspections (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1,
              campaign_id \(d.bigint) NOT NULL REFERENCES campaigns(id), district_code TEXT, enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id),
              product_id \(d.bigint) REFERENCES products(id), stage TEXT NOT NULL, basis TEXT NOT NULL, inspected_on TEXT NOT NULL,
              inspectors_json TEXT NOT NULL, answers_json TEXT NOT NULL, findings \(d.bigint) NOT NULL, confirmed_on TEXT, enterprise_remark TEXT,
              created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX campaign_inspections_campaign ON campaign_inspections (campaign_id, district_code, inspected_on)",
            "CREATE INDEX campaign_inspections_enterprise ON campaign_inspections (enterprise_id)",
            """
            CREATE TABLE inspection_photos (id \(d.primaryKey), inspection_id \(d.bigint) NOT NULL REFERENCES campaign_inspections(id),
              filename TEXT NOT NULL, content_type TEXT NOT NULL, size \(d.bigint) NOT NULL, sha256 TEXT NOT NULL, stored_name TEXT NOT NULL,
              created_by TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "CREATE INDEX inspection_photos_inspection ON inspection_photos (inspection_id)",
            """
            CREATE TABLE problem_items (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1,
              campaign_id \(d.bigint) NOT NULL REFERENCES campaigns(id), district_code TEXT, enterprise_id \(d.bigint) NOT NULL REFERENCES enterprises(id),
              product_id \(d.bigint) REFERENCES products(id), stage TEXT NOT NULL, source TEXT NOT NULL, problem TEXT NOT NULL, evidence TEXT,
              reported_on TEXT NOT NULL, state TEXT NOT NULL, entered_on TEXT NOT NULL, severity TEXT, measures TEXT NOT NULL,
              responsible_organisation TEXT, responsible_person TEXT, deadline TEXT, root_cause TEXT, closure_evidence TEXT, closed_on TEXT,
              review_due TEXT, review_finding TEXT, carried_over TEXT, batch_id \(d.bigint) REFERENCES batches(id),
              inspection_id \(d.bigint) REFERENCES campaign_inspections(id), lead_id \(d.bigint), case_id \(d.bigint),
              assistance_case_id \(d.bigint) REFERENCES assistance_cases(id), relapse_of \(d.bigint) REFERENCES problem_items(id),
              created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            "CREATE INDEX problem_items_campaign ON problem_items (campaign_id, district_code, state)",
            "CREATE INDEX problem_items_enterprise ON problem_items (enterprise_id, state)",
            // A failed batch of a campaign product makes one item, once (CP-4).
            "CREATE UNIQUE INDEX problem_items_batch ON problem_items (campaign_id, batch_id)",
            """
            CREATE TABLE problem_item_events (id \(d.primaryKey), problem_item_id \(d.bigint) NOT NULL REFERENCES problem_items(id),
              action TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL,
              actor_role TEXT NOT NULL, summary TEXT NOT NULL, data_json TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX problem_item_events_item ON problem_item_events (problem_item_id)",
            """
            CREATE TABLE campaign_forms (id \(d.primaryKey), version \(d.bigint) NOT NULL DEFAULT 1,
              campaign_id \(d.bigint) NOT NULL REFERENCES campaigns(id), district_code TEXT NOT NULL, period TEXT NOT NULL, state TEXT NOT NULL,
              entered_on TEXT NOT NULL, figures_json TEXT, row_labels_json TEXT, submitted_on TEXT, approved_on TEXT, return_reason TEXT,
              created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (campaign_id, district_code, period))
            """,
            """
            CREATE TABLE campaign_form_events (id \(d.primaryKey), campaign_form_id \(d.bigint) NOT NULL REFERENCES campaign_forms(id),
              action TEXT NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL, actor_name TEXT NOT NULL,
              actor_role TEXT NOT NULL, summary TEXT NOT NULL, data_json TEXT NOT NULL, rules_version \(d.bigint) NOT NULL)
            """,
            "CREATE INDEX campaign_form_events_form ON campaign_form_events (campaign_form_id)",
            """
            CREATE TABLE campaign_supervisions (id \(d.primaryKey), campaign_id \(d.bigint) NOT NULL REFERENCES campaigns(id), kind TEXT NOT NULL,
              district_code TEXT NOT NULL, visited_on TEXT NOT NULL, team_json TEXT NOT NULL, findings TEXT NOT NULL, letter_id \(d.bigint),
              created_by TEXT NOT NULL, created_at TEXT NOT NULL)
            """,
            "ALTER TABLE assistance_cases ADD COLUMN problem_item_id \(d.bigint)",
        ]
    }
}
