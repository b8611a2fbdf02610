import PinzhiDomain
import SQLKit

/// The rows a batch step writes besides the batch itself, shared by BatchRepository.act (one step, one
/// transaction) and the generator (many steps written in bulk), so both write the same rows.
enum StepRows {
    static let eventColumns = ["batch_id", "action", "from_state", "to_state", "day", "at", "actor_name", "actor_role", "summary", "data_json", "rules_version"]

    static func event(_ step: BatchStep, from batch: Batch, today: Day, at now: String, by p: Principal, rulesVersion: Int) -> [any SQLExpression] {
        [SQLBind(batch.id), SQLBind(step.action.rawValue), SQLBind(batch.state.rawValue), SQLBind(step.batch.state.rawValue), SQLBind(today.description),
         SQLBind(now), SQLBind(p.displayName), SQLBind(p.role.label), SQLBind(step.summary), SQLBind(AuditLog.json(step.data) ?? "{}"), SQLBind(rulesVersion)]
    }

    static let resultColumns = ["batch_id", "report_version", "test_item_id", "name", "unit", "limit_expression", "value", "verdict", "severity"]

    static func result(_ r: ItemResult, of b: Batch) -> [any SQLExpression] {
        [SQLBind(b.id), SQLBind(b.reportVersion), SQLBind(r.testItemId), SQLBind(r.name), SQLBind(r.unit), SQLBind(r.limit),
         SQLBind(r.value), SQLBind(r.verdict.rawValue), SQLBind(r.severity)]
    }

    static let caseLeadColumns = ["batch_id", "enterprise_id", "summary", "state", "created_at"]

    static func caseLead(_ summary: String, of b: Batch, at now: String) -> [any SQLExpression] {
        [SQLBind(b.id), SQLBind(b.enterpriseId), SQLBind(summary), SQLBind("open"), SQLBind(now)]
    }
}
