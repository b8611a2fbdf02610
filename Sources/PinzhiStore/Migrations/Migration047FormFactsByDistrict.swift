/// A district's cases by the day of each act (filing, decision, referral, discipline letter) and its risk items by
/// the day reported: a district's monthly form reads the cases with an act in its span (an OR over the four days) and
/// the risk items reported in it (MonthlyFormQuery.facts). Without these both read the whole city's — every case,
/// and the year's risk items — 66 and 53 ms of a Pudong form's 260 at scale L; with them only the district's span,
/// one index per act (issue 21 item 5).
enum Migration047FormFactsByDistrict {
    static let migration = Migration(47, "form facts by district") { _ in
        ["filed_on", "decided_on", "referred_on", "discipline_sent_on"].map { "CREATE INDEX cases_district_\($0) ON cases (district_code, \($0))" }
            + ["CREATE INDEX risk_items_district ON risk_items (district_code, reported_on)"]
    }
}
