/// Why a candidate is left out of a draw, in the order the rules are tried (SPEC SC-4; 004 §一). The code is what a
/// PZ-DRAW-2 leaf carries; the Chinese text (with its figures) is what people read.
public enum DrawExclusionReason: String, Sendable, Codable, CaseIterable {
    /// The product of this enterprise is in this year's national plan (Product Quality Law Art. 15).
    case nationalPlan = "national-plan"
    /// The enterprise has had the yearly number of checks (004 §一(三)).
    case yearlyLimit = "yearly-limit"
    /// A 跟踪 draw takes only tracking candidates (004 §一(二)).
    case notTracking = "not-tracking"
    /// The same product was checked within the repeat period by the same or a higher level (Order 18).
    case repeatWindow = "repeat-window"

    public var label: String {
        switch self {
        case .nationalPlan: "已列入本年度国家监督抽查"
        case .yearlyLimit: "本年度抽查次数已达上限"
        case .notTracking: "非跟踪抽查对象"
        case .repeatWindow: "同一产品在不重复抽查期内已被同级或上级抽查"
        }
    }
}
