/// The sampling stage is stored as its ASCII code (SamplingStage: production, circulation, online) instead of the
/// Chinese label, like the check mode (issue 15 item 4). Audit rows keep the labels they were written with: they are
/// hash-chained, and SamplingStage still reads a label.
enum Migration017StageCodes {
    static let migration = Migration(17, "stage_codes") { _ in
        ["enterprise_products", "plan_lines", "tasks", "batches", "rate_rollup"].flatMap { table in
            [("生产", "production"), ("流通", "circulation"), ("网络", "online")].map { label, code in
                "UPDATE \(table) SET stage = '\(code)' WHERE stage = '\(label)'"
            }
        }
    }
}
