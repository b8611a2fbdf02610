/// What the oversight of one agency looks at (SPEC SC-11): whether it is new, its bids against the median bid for
/// the same product, and its results product by product beside other agencies' results for the same products.
public struct AgencyFacts: Sendable, Equatable {
    public struct Bid: Sendable, Equatable {
        public var product: String
        public var price: Double
        public var median: Double

        public init(product: String, price: Double, median: Double) {
            self.product = product
            self.price = price
            self.median = median
        }
    }

    public struct Results: Sendable, Equatable {
        public var product: String
        public var tested: Int
        public var failed: Int
        /// All other agencies together, for the same product and year.
        public var othersTested: Int
        public var othersFailed: Int

        public init(product: String, tested: Int, failed: Int, othersTested: Int, othersFailed: Int) {
            self.product = product
            self.tested = tested
            self.failed = failed
            self.othersTested = othersTested
            self.othersFailed = othersFailed
        }
    }

    public var agencyId: Int64
    public var name: String
    public var firstTime: Bool
    public var bids: [Bid]
    public var results: [Results]

    public init(agencyId: Int64, name: String, firstTime: Bool, bids: [Bid], results: [Results]) {
        self.agencyId = agencyId
        self.name = name
        self.firstTime = firstTime
        self.bids = bids
        self.results = results
    }
}
