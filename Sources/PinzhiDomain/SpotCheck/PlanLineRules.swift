/// Rules for a plan line (SPEC SC-1, 004 §一(一)): every key safety item of the product must be tested.
public enum PlanLineRules {
    /// The most batches one plan line may ask for; a larger share is planned as several lines.
    public static let maxBatches = 10_000

    /// The key safety items missing from the chosen items, refused with their names.
    public static func check(productItems: [TestItem], chosen: Set<Int64>, batches: Int, season: (Int, Int)?) -> [FieldError] {
        var errors: [FieldError] = []
        let missing = productItems.filter { $0.active && $0.keySafety && !chosen.contains($0.id) }.map(\.name)
        if !missing.isEmpty {
            errors.append(FieldError("items", "缺少重点安全项目：\(missing.joined(separator: "、"))。重点安全项目须全部列入计划"))
        }
        let known = Set(productItems.map(\.id))
        if !chosen.isSubset(of: known) { errors.append(FieldError("items", "所选检验项目不属于该产品")) }
        if chosen.isEmpty { errors.append(FieldError("items", "请至少选择一个检验项目")) }
        if batches <= 0 || batches > maxBatches { errors.append(FieldError("batches", "批次数应在1至\(maxBatches)之间")) }
        if let (start, end) = season, !(1...12).contains(start) || !(1...12).contains(end) {
            errors.append(FieldError("season", "抽查季节的月份应在1至12之间"))
        }
        return errors
    }

    /// Whether a month is inside a line's season window 抽查季节 (SPEC SC-1); a window whose end comes before its
    /// start runs over the new year (11 → 2: November to February).
    public static func inSeason(month: Int, _ season: (start: Int, end: Int)) -> Bool {
        season.start <= season.end ? (season.start...season.end).contains(month) : month >= season.start || month <= season.end
    }
}
