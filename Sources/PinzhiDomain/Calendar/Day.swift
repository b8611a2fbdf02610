import Foundation

/// A calendar date without time or zone, as deadlines are counted in China: whole days.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month), (1...Day.length(year, month)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads "YYYY-MM-DD".
    public init?(_ text: String) {
        // Read byte by byte, without allocating: every batch row carries several dates, and a work list decodes
        // thousands of rows.
        var parts = (0, 0, 0)
        var widths = (0, 0, 0)
        var field = 0
        var ended = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard !ended, widths.0 < 4 || field > 0, widths.1 < 2 || field != 1, widths.2 < 2 || field != 2 else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                switch field {
                case 0: parts.0 = parts.0 * 10 + digit; widths.0 += 1
                case 1: parts.1 = parts.1 * 10 + digit; widths.1 += 1
                default: parts.2 = parts.2 * 10 + digit; widths.2 += 1
                }
            case UInt8(ascii: "-"):
                field += 1
                guard field <= 2 else { return nil }
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                // Surrounding blanks only, as a hand-typed date may carry them.
                guard (field == 0 && widths.0 == 0) || (field == 2 && widths.2 > 0) else { return nil }
                ended = field == 2
            default:
                return nil
            }
        }
        guard field == 2, widths.0 == 4, (1...2).contains(widths.1), (1...2).contains(widths.2) else { return nil }
        self.init(year: parts.0, month: parts.1, day: parts.2)
    }

    public var description: String {
        String(year).leftPadded(4) + "-" + String(month).leftPadded(2) + "-" + String(day).leftPadded(2)
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func length(_ y: Int, _ m: Int) -> Int {
        [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil), so that arithmetic needs no Foundation calendar.
    public var ordinal: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(ordinal z0: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// The same day `months` later (earlier when negative); the month's last day where the day does not exist.
    public func adding(months: Int) -> Day {
        let index = year * 12 + (month - 1) + months
        let y = index / 12, m = index % 12 + 1
        return Day(year: y, month: m, day: min(day, Day.length(y, m)))!
    }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((ordinal % 7) + 7 + 3) % 7 + 1 }

    public var isWeekend: Bool { weekday >= 6 }

    public static func < (a: Day, b: Day) -> Bool { a.ordinal < b.ordinal }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension Day {
    /// A date as people and spreadsheets write it in a file: "2026-03-01", "2026-3-1", "2026/3/1" (Excel's CSV in a
    /// Chinese locale), "2026.3.1", "2026年3月1日"; a midnight time after it (an XLSX date-time cell) is allowed.
    /// Imports read dates with this and store them as "YYYY-MM-DD".
    public static func written(_ raw: String) -> Day? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        for suffix in [" 00:00:00", " 00:00", "T00:00:00"] where text.hasSuffix(suffix) { text = String(text.dropLast(suffix.count)) }
        if text.hasSuffix("日") { text = String(text.dropLast()) }
        var parts: [Int] = []
        var digits = ""
        var separator: Character?
        for ch in text {
            if ch.isASCII, ch.isNumber {
                digits.append(ch)
                continue
            }
            // One kind of separator throughout, or 年 then 月.
            let expected: Character? = separator == "年" ? "月" : separator
            guard !digits.isEmpty, parts.count < 2, ["-", "/", ".", "年", "月"].contains(ch), expected == nil || ch == expected else { return nil }
            if separator == nil && ch == "月" { return nil }
            separator = separator ?? ch
            parts.append(Int(digits) ?? 0)
            digits = ""
        }
        guard parts.count == 2, !digits.isEmpty, digits.count <= 2, let day = Int(digits) else { return nil }
        guard String(parts[0]).count == 4, parts[1] < 100 else { return nil }
        return Day(year: parts[0], month: parts[1], day: day)
    }
}
