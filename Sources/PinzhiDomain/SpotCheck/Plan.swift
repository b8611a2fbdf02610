/// An annual spot-check plan 年度抽查计划 of the city or of one district (SPEC SC-1).
public struct Plan: Sendable, Equatable, Codable {
    public var id: Int64
    public var version: Int
    public var year: Int
    /// nil for the city's own plan.
    public var districtCode: String?
    public var title: String
    public var state: PlanState
    public var notes: String?
    /// The rules version in force when the plan was approved.
    public var rulesVersion: Int?
    public var lines: [PlanLine]

    public init(id: Int64 = 0, version: Int = 1, year: Int, districtCode: String?, title: String, state: PlanState = .draft,
                notes: String? = nil, rulesVersion: Int? = nil, lines: [PlanLine] = []) {
        self.id = id
        self.version = version
        self.year = year
        self.districtCode = districtCode
        self.title = title
        self.state = state
        self.notes = notes
        self.rulesVersion = rulesVersion
        self.lines = lines
    }

    public var levelLabel: String { districtCode.map { "\(District.named(code: $0))级" } ?? "市级" }
    public var totalBatches: Int { lines.reduce(0) { $0 + $1.batches } }
}
