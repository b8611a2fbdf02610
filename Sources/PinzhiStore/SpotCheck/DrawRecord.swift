import PinzhiDomain

/// A stored draw: what was asked, from which candidates (their hash), with which seed and algorithm, and what
/// came out. Never edited; a re-draw is a new record that supersedes this one, with its reason.
public struct DrawRecord: Sendable, Codable, Equatable {
    public var id: Int64
    public var taskId: Int64
    /// "enterprises" for the double-random draw of a task, "recheck" for a recheck agency.
    public var purpose: String
    public var batchId: Int64?
    public var seed: UInt64
    public var algorithm: String
    public var candidateHash: String
    public var reason: String?
    public var supersededBy: Int64?
    public var createdBy: String
    public var createdAt: String
    public var requestJSON: String
    public var candidatesJSON: String
    public var resultJSON: String
    /// PZ-DRAW-2: the commitment drawn from, the values revealed after it, and the published result text.
    public var commitmentId: Int64? = nil
    public var publicValue: String? = nil
    public var publicSource: String? = nil
    public var witnessSecret: String? = nil
    public var resultText: String? = nil
    /// A recheck agency's draw by PZ-DRAW-2: the committed list it was drawn from (ListCommitmentStore).
    public var listCommitmentId: Int64? = nil
}
