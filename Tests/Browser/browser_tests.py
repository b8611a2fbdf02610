"""Browser tests: a real Chromium, driven by selenium, against a running `pinzhi serve --demo`.

Each test walks a page as a person would and saves a screenshot of every page it visits to $PINZHI_SCREENSHOTS.
The tests live in a file per area; this runs them all in order, or only the areas named on the command line
(`browser_tests.py spot_check statistics_public`).
"""
import sys

from harness import RESULTS, accessibility_report
import test_access
import test_enforcement
import test_files
import test_assistance
import test_campaigns
import test_risk
import test_master_data
import test_spot_check
import test_statistics_public

AREAS = {
    "access": [test_access.each_role_sees_only_what_it_may, test_access.wrong_password_is_refused_in_chinese,
               test_access.phone_width_is_usable, test_access.the_pages_work_with_the_keyboard_alone],
    "master_data": [test_master_data.enterprise_with_wrong_uscc_then_right,
                    test_master_data.import_with_errors_writes_nothing_then_clean_import, test_master_data.export_opens_in_openpyxl,
                    test_master_data.catalogue_detail_audit_and_error_pages, test_master_data.calendar_and_rules_pages,
                    test_master_data.a_duplicate_enterprise_is_compared_merged_and_the_merge_undone],
    "spot_check": [test_spot_check.district_plan_from_draft_to_an_accepted_task,
                   test_spot_check.one_batch_from_plan_to_closed_post_handling],
    "statistics_public": [test_statistics_public.dashboard_archive_and_public_pages,
                          test_statistics_public.stats_panels_portal_notice_draw_and_open_api,
                          test_statistics_public.an_enterprise_checks_its_draw_proof_on_the_portal],
    "enforcement": [test_enforcement.a_refusal_becomes_a_lead_then_a_case_to_closure, test_enforcement.a_letter_from_draft_to_closure,
                    test_enforcement.an_enterprise_keeps_its_routine_and_its_district_scores_an_officer,
                    test_enforcement.a_witness_fixes_its_secret_before_the_officers_list_is_committed_and_the_draw_waits_for_it],
    "risk": [test_risk.a_district_reports_a_risk_the_city_grades_it_and_the_product_grade_follows,
             test_risk.a_district_drafts_a_consumer_alert_the_city_publishes_it_on_the_portal,
             test_risk.the_institute_records_a_monitoring_sample_and_reports_its_finding],
    "assistance": [test_assistance.a_failed_batch_is_helped_from_request_to_revisit, test_assistance.the_assistance_table_is_the_seeds_layout,
                   test_assistance.a_district_confirms_its_target_list_and_an_enterprise_searches_the_library],
    "campaigns": [test_campaigns.a_licence_holder_is_inspected_and_its_problem_cleared,
                  test_campaigns.a_districts_form_is_returned_resubmitted_and_locked],
    "files": [test_files.csv_saved_as_gbk_or_gb18030_is_imported_and_other_encodings_are_refused,
              test_files.xlsx_from_openpyxl_xlsxwriter_and_libreoffice_is_imported,
              test_files.every_xlsx_the_system_writes_opens_in_libreoffice],
}

if __name__ == "__main__":
    unknown = [a for a in sys.argv[1:] if a not in AREAS]
    if unknown:
        sys.exit(f"unknown area {unknown}; areas: {', '.join(AREAS)}")
    for area in sys.argv[1:] or list(AREAS):
        for t in AREAS[area]:
            t()
    broken = accessibility_report()
    print(f"browser: {RESULTS['passed']} passed, {RESULTS['failed']} failed; accessibility: {broken} serious or critical rule(s) broken")
    sys.exit(1 if RESULTS["failed"] or broken else 0)
