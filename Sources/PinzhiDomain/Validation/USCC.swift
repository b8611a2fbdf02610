import Foundation

/// 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character over the first 17.
public enum USCC {
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    /// A search term that can only mean the start of a code: eight to eighteen code characters, the third to the
    /// eighth a division code. Returned upper-cased; nil for anything else (a name, an address, a short number),
    /// which is then searched as text.
    public static func prefix(_ term: String) -> String? {
        let upper = term.uppercased()
        let chars = Array(upper)
        guard (8...18).contains(chars.count), chars.allSatisfy(alphabet.contains), chars[2...7].allSatisfy(\.isNumber) else { return nil }
        return upper
    }

    /// Checks a code and explains the first problem in Chinese.
    public static func validate(_ raw: String) -> Result<String, USCCViolation> {
        let code = raw.trimmingCharacters(in: .whitespaces).uppercased()
        let chars = Array(code)
        guard chars.count == 18 else { return .failure(.length(chars.count)) }
        for (index, char) in chars.enumerated() where !alphabet.contains(char) {
            return .failure(.illegalCharacter(char, position: index + 1))
        }
        let expected = checkCharacter(for: chars.prefix(17))
        guard chars[17] == expected else { return .failure(.checkCharacter(found: chars[17], expected: expected)) }
        return .success(code)
    }

    public static func isValid(_ raw: String) -> Bool {
        if case .success = validate(raw) { return true }
        return false
    }

    /// The check character for the first 17 characters, which must all be in the alphabet.
    public static func checkCharacter<S: Sequence<Character>>(for first17: S) -> Character {
        var sum = 0
        for (index, char) in first17.enumerated() {
            sum += (alphabet.firstIndex(of: char) ?? 0) * weights[index]
        }
        let value = (31 - sum % 31) % 31
        return alphabet[value]
    }

    /// Completes 17 characters into a valid code (used for demo and generated data).
    public static func complete(_ first17: String) -> String {
        precondition(first17.count == 17)
        return first17 + String(checkCharacter(for: first17))
    }

    /// The administrative division code, positions 3–8.
    public static func divisionCode(_ code: String) -> String? {
        let chars = Array(code)
        guard chars.count == 18 else { return nil }
        return String(chars[2..<8])
    }
}
