/// One step taken on a batch, with its day and time, who took it, what was entered and the rules version used.
public struct BatchEvent: Sendable, Codable, Equatable {
    public var id: Int64
    public var action: String
    public var fromState: String
    public var toState: String
    public var day: String
    public var at: String
    public var actorName: String
    public var actorRole: String
    public var summary: String
    public var data: [String: String]
    public var rulesVersion: Int
}
