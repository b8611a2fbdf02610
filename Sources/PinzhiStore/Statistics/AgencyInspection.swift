/// One on-site inspection of an agency: when, what was found, how many points its tender score loses.
public struct AgencyInspection: Sendable, Equatable {
    public var id: Int64
    public var agencyId: Int64
    public var inspectedOn: String
    public var findings: String
    public var deduction: Double
    public var createdBy: String
}
