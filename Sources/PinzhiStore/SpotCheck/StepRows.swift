import PinzhiDomain
import SQLKit

/// The rows a batch step writes besides the batch itself, shared by BatchRepository.act (one step, one
/// transaction) and the generator (many steps written in bulk), so both write the same rows.
package enum StepRows {
    package static let resultColumns = ["batch_id", "report_version", "test_item_id", "name", "unit", "limit_expression", "value", "verdict", "severity"]

    package static func result(_ r: ItemResult, of b: Batch) -> [any SQLExpression] {
        [SQLBind(b.id), SQLBind(b.reportVersion), SQLBind(r.testItemId), SQLBind(r.name), SQLBind(r.unit), SQLBind(r.limit),
         SQLBind(r.value), SQLBind(r.verdict.rawValue), SQLBind(r.severity.rawValue)]
    }

}
