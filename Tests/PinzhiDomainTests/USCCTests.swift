import Testing
@testable import PinzhiDomain

@Suite("统一社会信用代码")
struct USCCTests {
    @Test("valid codes from real registrations pass", arguments: [
        "91350100M000100Y43", "914403001922038216", "9144030071526726XG", "91330100716105852F", "91310115MA1H7GQ93J", "91110000100010433L",
    ])
    func validCodes(_ code: String) {
        #expect(USCC.isValid(code), "\(code) should be valid")
    }

    @Test func aSearchTermIsACodePrefixOnlyWhenItCanBeNothingElse() {
        #expect(USCC.prefix("91310114ab") == "91310114AB")
        #expect(USCC.prefix("913101148000000123") == "913101148000000123")
        for text in ["9131", "3101号", "电缆", "91ABCDEF12", "913101148000000123X", "9131 0114", "上海嘉定"] {
            #expect(USCC.prefix(text) == nil, "\(text)")
        }
    }

    @Test func lowercaseAndSpacesAreNormalised() throws {
        let code = try USCC.validate(" 9144030071526726xg ").get()
        #expect(code == "9144030071526726XG")
    }

    @Test func wrongLengthSaysHowLong() {
        #expect(USCC.validate("91310000MA1FL8LQ3") == .failure(.length(17)))
        #expect(USCC.validate("").failureMessage == "统一社会信用代码应为18位，实际为0位")
    }

    @Test("illegal characters are named with their position", arguments: [
        ("91310000MA1FL8LQ3I", "I", 18), ("9I310000MA1FL8LQ3E", "I", 2), ("91310000MA1FO8LQ3E", "O", 13),
        ("Z1310000MA1FL8LQ3E", "Z", 1), ("91310000SA1FL8LQ3E", "S", 9), ("91310000MA1FL8LV3E", "V", 16),
        ("91310000MA1FL8L-3E", "-", 16),
    ])
    func illegalCharacter(_ code: String, _ char: String, _ position: Int) {
        #expect(USCC.validate(code) == .failure(.illegalCharacter(Character(char), position: position)))
        #expect(USCC.validate(code).failureMessage?.contains("第\(position)位") == true)
    }

    @Test func wrongCheckCharacterGivesTheExpectedOne() {
        #expect(USCC.validate("914403001922038217") == .failure(.checkCharacter(found: "7", expected: "6")))
        #expect(USCC.validate("914403001922038217").failureMessage == "统一社会信用代码校验位错误：第18位为“7”，按前17位计算应为“6”")
    }

    @Test func checkCharacterZeroWhenSumIsMultipleOf31() {
        // 31 − (Σ mod 31) = 31 maps to 0.
        let first17 = "00000000000000000"
        #expect(USCC.checkCharacter(for: first17) == "0")
        #expect(USCC.isValid(USCC.complete(first17)))
    }

    @Test func completeAlwaysProducesValidCodes() {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<500 {
            let first17 = String((0..<17).map { _ in USCC.alphabet[rng.below(31)] })
            #expect(USCC.isValid(USCC.complete(first17)))
        }
    }

    @Test func divisionCodeAndDistrict() {
        #expect(USCC.divisionCode("91310115MA1H7GQ93J") == "310115")
        #expect(District.named(code: "310115") == "浦东新区")
    }
}

extension Result where Failure == USCCViolation {
    var failureMessage: String? {
        if case .failure(let v) = self { return v.message }
        return nil
    }
}
