import Foundation

/// Timestamps are stored as ISO-8601 UTC text, which sorts the same in both databases.
public enum Clock {
    public static func text(_ date: Date) -> String {
        var f = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        f.timeZone = .gmt
        return f.format(date)
    }

    public static func nowText() -> String { text(Date()) }

    public static func date(_ text: String) -> Date? {
        if let date = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
