/// The states of an annual plan (SPEC SC-1): drafted, submitted for approval, approved by the city, issued.
public enum PlanState: String, Sendable, Codable, CaseIterable {
    case draft
    case submitted
    case approved
    case issued

    public var label: String {
        switch self {
        case .draft: "草稿"
        case .submitted: "报审"
        case .approved: "已批准"
        case .issued: "已下达"
        }
    }
}
