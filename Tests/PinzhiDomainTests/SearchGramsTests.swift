import Testing
@testable import PinzhiDomain

@Suite("检索片段")
struct SearchGramsTests {
    @Test func piecesOfEachTextAndWhichTermsUseThem() {
        #expect(SearchGrams.of(["精密机械", "机械厂"]) == ["精密", "密机", "机械", "械厂"])
        #expect(SearchGrams.of(["a", ""]).isEmpty)
        #expect(SearchGrams.indexable("精密") && SearchGrams.indexable("A电"))
        #expect(!SearchGrams.indexable("精") && !SearchGrams.indexable("9131") && !SearchGrams.indexable("ab"))
    }
}
