/// Where a sampled batch 抽查批次 stands, from the draw to the end of post-handling (SPEC SC-4 … SC-9).
/// A passing batch ends at `concluded`; a failing one goes on through the district's handling to `closed`.
public enum BatchState: String, Sendable, Codable, CaseIterable, CodedValue {
    /// The states in which a batch still has work ahead of it (the lists' "未办结"): not closed, refused, cancelled or
    /// concluded as passed.
    public static let unfinished = allCases.filter { ![.closed, .refused, .cancelled, .concluded].contains($0) }

    case drawn
    case cancelled
    case refused
    case sampled
    case reported
    case notified
    case objected
    case rechecking
    case concluded
    case transferred
    case received
    case ordered
    case rectified
    case closed

    public var label: String {
        switch self {
        case .drawn: "待抽样"
        case .cancelled: "已作废（重新抽取）"
        case .refused: "拒检"
        case .sampled: "待检验"
        case .reported: "待送达"
        case .notified: "异议期内"
        case .objected: "异议待受理"
        case .rechecking: "复检中"
        case .concluded: "结论已定"
        case .transferred: "已移送待接收"
        case .received: "待责令改正"
        case .ordered: "整改中"
        case .rectified: "待复查"
        case .closed: "后处理办结"
        }
    }

    /// States of post-handling 不合格后处理 (SPEC SC-9).
    public static let handling: Set<BatchState> = [.transferred, .received, .ordered, .rectified, .closed]

    /// States after the verdict is final (the objection period is over or the objection decided).
    public static let final: Set<BatchState> = handling.union([.concluded])
}
