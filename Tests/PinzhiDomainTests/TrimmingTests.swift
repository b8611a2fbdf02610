import Foundation
import Testing
@testable import PinzhiDomain

@Suite("去除首尾空白")
struct TrimmingTests {
    @Test(arguments: ["", " ", "abc", "  abc ", "\n\t合格\u{3000}", "\u{00A0}1.5 mg\u{2028}", "a b", "\u{3000}\u{3000}"])
    func sameAsFoundation(_ text: String) {
        #expect(text.trimmed == text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
