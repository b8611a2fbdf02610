/// One cell of a non-conformance table (SPEC SC-10): how many batches were tested and how many failed, this year
/// and the year before, computed from the batches, never typed. The rate shows with its numerator and denominator.
public struct RateCell: Sendable, Equatable, Codable {
    public var key: String
    public var label: String
    public var tested: Int
    public var failed: Int
    public var previousTested: Int
    public var previousFailed: Int

    public init(key: String, label: String, tested: Int, failed: Int, previousTested: Int = 0, previousFailed: Int = 0) {
        self.key = key
        self.label = label
        self.tested = tested
        self.failed = failed
        self.previousTested = previousTested
        self.previousFailed = previousFailed
    }

    public var rate: Double? { tested == 0 ? nil : Double(failed) / Double(tested) }
    public var previousRate: Double? { previousTested == 0 ? nil : Double(previousFailed) / Double(previousTested) }

    /// Change in percentage points against the year before, when both years were tested.
    public var change: Double? {
        guard let rate, let previousRate else { return nil }
        return (rate - previousRate) * 100
    }

    public var interval: (low: Double, high: Double)? { WilsonInterval.of(failed, tested) }
}
