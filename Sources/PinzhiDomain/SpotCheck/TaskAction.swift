/// What the agency does with a task given to it (SPEC SC-3).
public enum TaskAction: String, Sendable, Codable, CaseIterable {
    case accept
    case decline

    public var label: String { TaskKind.step(self).label }
}
