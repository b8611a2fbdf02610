import Foundation

/// The outcome of oversight for one agency: each flag with the statistical reason shown to the supervisor.
public struct AgencyAssessment: Sendable, Equatable {
    public var agencyId: Int64
    public var name: String
    public var tested: Int
    public var failed: Int
    /// Failures expected had the agency failed each product at the other agencies' rate.
    public var expectedFailures: Double
    /// One-sided P(X ≤ failed) under that expectation; nil when there is nothing to compare with.
    public var pValue: Double?
    public var reasons: [String]

    public var flagged: Bool { !reasons.isEmpty }
}
