/// The states of a spot-check task 抽查任务 as far as its assignment goes (SPEC SC-3): given to an agency under its
/// contract, then accepted or sent back by that agency.
public enum TaskState: String, Sendable, Codable, CaseIterable {
    case assigned
    case accepted
    case declined

    public var label: String {
        switch self {
        case .assigned: "待接收"
        case .accepted: "已接收"
        case .declined: "已退回"
        }
    }
}
