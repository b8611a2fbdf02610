/// How grave a test item's failure is (不合格程度, 004 §三): a serious failure makes the batch's failure serious,
/// which lets measures be taken while an objection runs (SPEC SC-7).
public enum Severity: String, Sendable, Codable, CaseIterable, CodedValue {
    case serious
    case general

    public var label: String {
        switch self {
        case .serious: "严重"
        case .general: "一般"
        }
    }

    /// Records written before the codes (audit rows, stored results) carry the label.
    public init(from decoder: any Decoder) throws { self = try Self.decodeCodeOrLabel(decoder) }
}
