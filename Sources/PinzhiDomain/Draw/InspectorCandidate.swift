/// An inspector who may be drawn for a sampling, with the enterprises they declared a conflict with.
public struct InspectorCandidate: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    public var conflicts: [String]

    public init(id: Int64, name: String, conflicts: [String] = []) {
        self.id = id
        self.name = name
        self.conflicts = conflicts.sorted()
    }
}
