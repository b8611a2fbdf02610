/// The lists that show open records first (issue 21 item 1): an index on the same expression and columns as each
/// list's ORDER BY, so a page is read in order from the index instead of sorting every record of the city. Both
/// databases match an indexed expression to the query's (the list's `r.state` is the index's `state`), so each
/// expression here is the one in its repository's `page` (RiskItemRepository, LeadRepository,
/// ProblemItemRepository, AssistanceRepository); ListOrderIndexTests checks that the lists are read through them.
enum Migration040ListOrder {
    static let migration = Migration(40, "list order indexes") { _ in
        ["CREATE INDEX risk_items_list ON risk_items ((CASE WHEN state IN ('handled', 'rejected') THEN 1 ELSE 0 END), reported_on DESC, id DESC)",
         "CREATE INDEX leads_list ON leads ((CASE WHEN state = 'open' THEN 0 ELSE 1 END), received_on DESC, id DESC)",
         "CREATE INDEX problem_items_list ON problem_items ((CASE WHEN state IN ('verifying', 'listed', 'rectifying', 'awaiting_closure') THEN 0 ELSE 1 END), deadline, id DESC)",
         "CREATE INDEX assistance_cases_list ON assistance_cases ((CASE WHEN state = 'closed' THEN 1 ELSE 0 END), requested_on DESC, id DESC)"]
    }
}
