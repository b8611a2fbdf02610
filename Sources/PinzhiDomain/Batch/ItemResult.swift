/// One test item's measured value in one report version, and the verdict the limit expression gives it.
public struct ItemResult: Sendable, Equatable, Codable {
    public var testItemId: Int64
    public var name: String
    public var unit: String?
    public var limit: String
    public var value: String
    public var verdict: ItemVerdict
    public var severity: Severity

    public init(testItemId: Int64, name: String, unit: String?, limit: String, value: String, verdict: ItemVerdict, severity: Severity) {
        self.testItemId = testItemId
        self.name = name
        self.unit = unit
        self.limit = limit
        self.value = value
        self.verdict = verdict
        self.severity = severity
    }

    public var isSeriousFailure: Bool { verdict == .fail && severity == .serious }
}
