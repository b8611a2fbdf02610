/// Measures of post-handling (seed 004 §九): what a bureau may do besides ordering rectification.
public enum MeasureKind: String, Sendable, Codable, CaseIterable, CodedValue {
    case suspension
    case assistance
    case interview
    case abnormalList
    case seriousList
    case caseFiling
    case analysisMeeting

    public var label: String {
        switch self {
        case .suspension: "责令暂停销售（严重风险先行处置）"
        case .assistance: "质量技术帮扶"
        case .interview: "行政约谈"
        case .abnormalList: "列入经营异常名录"
        case .seriousList: "列入严重违法失信名单"
        case .caseFiling: "立案查处"
        case .analysisMeeting: "质量分析会"
        }
    }

    /// Filing a case turns the failure into a case lead for enforcement.
    public var makesCaseLead: Bool { self == .caseFiling }
}
