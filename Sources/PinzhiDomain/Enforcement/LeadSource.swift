/// Where a case lead 案件线索 comes from (SPEC EN-1). The first four come out of a spot check and count toward the
/// 转案率 (003 §十四 “紧盯监督抽查违法线索转案率”); the others are entered by enforcement or a district.
public enum LeadSource: String, Sendable, Codable, CaseIterable, CodedValue {
    case refusal
    case seriousFailure = "serious_failure"
    case failedRecheck = "failed_recheck"
    case measure
    case problemItem = "problem_item"
    case complaint
    case inspection
    case monitoring
    case onlineOpinion = "online_opinion"
    case assistance

    public var label: String {
        switch self {
        case .refusal: "拒绝监督抽查"
        case .seriousFailure: "严重不合格项目"
        case .failedRecheck: "复查不合格"
        case .measure: "抽查不合格立案查处"
        case .problemItem: "问题清单"
        case .complaint: "投诉举报"
        case .inspection: "监督检查"
        case .monitoring: "风险监测"
        case .onlineOpinion: "网络舆情"
        case .assistance: "质量技术帮扶中发现"
        }
    }

    /// Leads that a spot check produced: the numerator of the 转案率 counts cases filed from these (SPEC EN-1).
    public var fromSpotCheck: Bool { [.refusal, .seriousFailure, .failedRecheck, .measure].contains(self) }

    /// The sources a person enters by hand; the spot-check ones are written by the batch's steps, the assistance
    /// one by an assistance case's step (000 §四: assistance does not lift liability).
    public static var entered: [LeadSource] { allCases.filter { !$0.fromSpotCheck && $0 != .assistance } }
}

/// What a batch step turns into a lead: its source and what happened.
public struct LeadDraft: Sendable, Equatable {
    public var source: LeadSource
    public var summary: String

    public init(_ source: LeadSource, _ summary: String) {
        self.source = source
        self.summary = summary
    }
}
