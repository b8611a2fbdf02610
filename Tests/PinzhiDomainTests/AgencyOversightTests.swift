import Foundation
import Testing
@testable import PinzhiDomain

@Suite("承检机构监督（SC-11）")
struct AgencyOversightTests {
    @Test("二项分布下尾概率与手算一致", arguments: [(0, 10, 0.1, 0.3486784401), (1, 10, 0.1, 0.7360989291), (0, 50, 0.07, 0.0265549), (3, 3, 0.5, 1.0)])
    func binomial(k: Int, n: Int, p: Double, expected: Double) {
        #expect(abs(Binomial.lowerTail(k, n, p) - expected) < 1e-6)
    }

    func facts(tested: Int, failed: Int, others: (Int, Int), firstTime: Bool = false, price: Double = 2000) -> AgencyFacts {
        AgencyFacts(agencyId: 1, name: "甲", firstTime: firstTime, bids: [.init(product: "车用汽油", price: price, median: 2000)],
                    results: [.init(product: "车用汽油", tested: tested, failed: failed, othersTested: others.0, othersFailed: others.1)])
    }

    @Test func aLowFailureRateIsFlaggedOnlyWhenTheTestSaysSo() {
        let lenient = AgencyOversight.assess(facts(tested: 200, failed: 0, others: (800, 64)), lowBidShare: 70)
        #expect(lenient.flagged && lenient.pValue! < 1e-6 && abs(lenient.expectedFailures - 16) < 1e-9)
        #expect(lenient.reasons[0].contains("不合格率异常偏低") && lenient.reasons[0].contains("p="))
        // Few batches with no failure are not evidence of anything.
        let small = AgencyOversight.assess(facts(tested: 10, failed: 0, others: (800, 64)), lowBidShare: 70)
        #expect(!small.flagged && small.pValue! > 0.3)
        // A normal rate is not flagged.
        #expect(!AgencyOversight.assess(facts(tested: 200, failed: 15, others: (800, 64)), lowBidShare: 70).flagged)
        // Nothing to compare with: no p-value.
        #expect(AgencyOversight.assess(facts(tested: 50, failed: 0, others: (0, 0)), lowBidShare: 70).pValue == nil)
    }

    @Test func newcomersAndLowBidsAreFlaggedWithTheirReason() {
        let a = AgencyOversight.assess(facts(tested: 0, failed: 0, others: (0, 0), firstTime: true, price: 1100), lowBidShare: 70)
        #expect(a.reasons.count == 2 && a.reasons[0] == "首次承检机构" && a.reasons[1] == "中标价低于同类中标价中位数的70%：车用汽油（1100元/中位数2000元）")
        #expect(!AgencyOversight.assess(facts(tested: 0, failed: 0, others: (0, 0), price: 1500), lowBidShare: 70).flagged)
        #expect(AgencyOversight.median([3, 1, 2]) == 2 && AgencyOversight.median([4, 1, 2, 3]) == 2.5)
    }
}
