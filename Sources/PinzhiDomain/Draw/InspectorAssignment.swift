/// The inspectors drawn for one selected enterprise, and those who recused themselves for a declared conflict.
public struct InspectorAssignment: Sendable, Equatable, Codable {
    public var enterpriseId: Int64
    public var inspectors: [Int64]
    public var recused: [Int64]
}
