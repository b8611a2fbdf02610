import Foundation
import PinzhiDomain

/// Timestamps are stored as ISO-8601 UTC text, which sorts the same in both databases.
public enum Clock {
    public static func text(_ date: Date) -> String {
        var f = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        f.timeZone = .gmt
        return f.format(date)
    }

    public static func nowText() -> String { text(Date()) }

    /// Today's date in Beijing, where the bureau's days begin and end.
    public static func today(_ now: Date = Date()) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day], from: now)
        return Day(year: c.year ?? 2000, month: c.month ?? 1, day: c.day ?? 1) ?? Day("2000-01-01")!
    }

    public static func date(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
