import Testing
@testable import PinzhiDomain

@Suite struct SeededGeneratorTests {
    @Test func sameSeedSameSequence() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
    }

    @Test func knownFirstValuesOfSplitMix64() {
        // Reference values of SplitMix64 for seed 0, so any port of the draw can be checked against this one.
        var g = SeededGenerator(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func belowStaysInRangeAndCoversIt() {
        var g = SeededGenerator(seed: 1)
        var seen = Set<Int>()
        for _ in 0..<1000 {
            let x = g.below(7)
            #expect((0..<7).contains(x))
            seen.insert(x)
        }
        #expect(seen.count == 7)
    }

    @Test func cursorRoundTrip() {
        #expect(Cursor.decode(Cursor.encode(offset: 120)) == 120)
        #expect(Cursor.decode("garbage") == nil)
    }
}
