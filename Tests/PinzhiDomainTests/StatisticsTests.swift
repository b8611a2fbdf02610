import Foundation
import Testing
@testable import PinzhiDomain

@Suite("统计：不合格率与置信区间")
struct StatisticsTests {
    @Test("Wilson 95% 区间与手算一致", arguments: [(0, 10, 0.0, 0.2775), (5, 10, 0.2366, 0.7634), (1, 2, 0.0945, 0.9055), (7, 100, 0.0343, 0.1375)])
    func wilson(failed: Int, n: Int, low: Double, high: Double) throws {
        let interval = try #require(WilsonInterval.of(failed, n))
        #expect(abs(interval.low - low) < 0.0005 && abs(interval.high - high) < 0.0005)
    }

    @Test func noBatchesNoRateAndChangeInPoints() {
        #expect(WilsonInterval.of(0, 0) == nil)
        let cell = RateCell(key: "k", label: "k", tested: 50, failed: 5, previousTested: 40, previousFailed: 2)
        #expect(cell.rate == 0.1 && cell.previousRate == 0.05)
        #expect(abs((cell.change ?? 0) - 5) < 1e-9)
        #expect(RateCell(key: "k", label: "k", tested: 0, failed: 0).rate == nil)
    }
}
