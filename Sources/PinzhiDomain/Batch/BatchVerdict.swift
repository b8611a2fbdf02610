/// The batch verdict is computed from the item results, never typed in (SPEC SC-6): any failed item makes the
/// batch fail, and a failed 严重 item makes the failure serious.
public enum BatchVerdict {
    public static func evaluate(items: [TestItem], values: [Int64: String]) -> Result<[ItemResult], ValidationFailure> {
        var errors: [FieldError] = []
        var results: [ItemResult] = []
        if items.isEmpty { errors.append(FieldError("", "该产品没有检验项目，请先在产品目录中维护检验项目")) }
        for item in items {
            let field = "item\(item.id)"
            let raw = (values[item.id] ?? "").trimmingCharacters(in: .whitespaces)
            if raw.isEmpty {
                errors.append(FieldError(field, "请填写“\(item.name)”的检测值"))
                continue
            }
            switch LimitExpression.parse(item.limitExpression).flatMap({ $0.evaluate(raw) }) {
            case .success(let verdict):
                results.append(ItemResult(testItemId: item.id, name: item.name, unit: item.unit, limit: item.limitExpression,
                                          value: raw, verdict: verdict, severity: item.severity))
            case .failure(let error):
                errors.append(FieldError(field, "“\(item.name)”：\(error.message)"))
            }
        }
        return errors.isEmpty ? .success(results) : .failure(ValidationFailure(errors))
    }

    public static func verdict(_ results: [ItemResult]) -> ItemVerdict {
        results.contains { $0.verdict == .fail } ? .fail : .pass
    }

    public static func serious(_ results: [ItemResult]) -> Bool {
        results.contains(where: \.isSeriousFailure)
    }
}
