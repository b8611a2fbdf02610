/// A plan year's failures and refusals, read from an index (issue 21 item 1). The dashboard's post-handling panels,
/// the 转案率 and plan completion reach a year's batches through its plans' tasks (BatchRepository.ofPlanYear) and
/// counted them by verdict, state and district: at city scale that read a million batch rows (1.3 s) to count fifty
/// thousand failures. With the task's batches ordered by verdict and state in the index, a failure is found and
/// counted without reading its row (the plan level is there for a district's scope); a plan's tasks are found by
/// their own index.
enum Migration044BatchOutcomeIndex {
    static let migration = Migration(44, "batch outcome index") { _ in
        ["CREATE INDEX batches_task_outcome ON batches (task_id, verdict, state, enterprise_district, plan_district_code)",
         "CREATE INDEX tasks_plan ON tasks (plan_id)"]
    }
}
