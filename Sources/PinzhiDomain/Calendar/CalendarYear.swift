import Foundation

/// One year's official arrangement: the holidays (off) and the adjusted working weekends 调休上班 (on).
public struct CalendarYear: Sendable, Equatable, Codable {
    public var year: Int
    public var off: [Day]
    public var on: [Day]
    /// Where the arrangement comes from, e.g. the State Council notice's number.
    public var source: String

    public init(year: Int, off: [Day], on: [Day], source: String) {
        self.year = year
        self.off = off
        self.on = on
        self.source = source
    }

    /// Reads the notation of SPEC §10: "01-01; 02-10…02-17; 04-04…04-06" (… or ~ for ranges).
    public static func parse(year: Int, off: String, on: String, source: String) -> Result<CalendarYear, FieldError> {
        switch (days(off, year: year, field: "off"), days(on, year: year, field: "on")) {
        case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
        case (.success(let offDays), .success(let onDays)):
            if let clash = Set(offDays).intersection(onDays).first {
                return .failure(FieldError("on", "\(clash)既是假日又是调休上班日"))
            }
            if let plain = onDays.first(where: { !$0.isWeekend }) {
                return .failure(FieldError("on", "\(plain)是工作日，无需列为调休上班日"))
            }
            return .success(CalendarYear(year: year, off: offDays.sorted(), on: onDays.sorted(), source: source))
        }
    }

    static func days(_ text: String, year: Int, field: String) -> Result<[Day], FieldError> {
        var out: [Day] = []
        let normalised = text.replacingOccurrences(of: "；", with: ";").replacingOccurrences(of: "，", with: ";")
            .replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: "\n", with: ";")
        for raw in normalised.split(separator: ";") {
            let item = raw.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            let bounds = item.replacingOccurrences(of: "…", with: "~").replacingOccurrences(of: "～", with: "~")
                .split(separator: "~").map { $0.trimmingCharacters(in: .whitespaces) }
            guard (1...2).contains(bounds.count), let first = day(bounds[0], year), let last = day(bounds.last!, year), first <= last else {
                return .failure(FieldError(field, "无法识别“\(item)”：应为“月-日”或“月-日…月-日”，如 02-10…02-17"))
            }
            guard last.ordinal - first.ordinal < 31 else { return .failure(FieldError(field, "“\(item)”跨度超过一个月，请检查")) }
            for o in first.ordinal...last.ordinal { out.append(Day(ordinal: o)) }
        }
        return .success(out)
    }

    static func day(_ text: String, _ year: Int) -> Day? {
        let parts = text.split(separator: "-")
        if parts.count == 3 { return Day(text).flatMap { $0.year == year ? $0 : nil } }
        guard parts.count == 2, let m = Int(parts[0]), let d = Int(parts[1]) else { return nil }
        return Day(year: year, month: m, day: d)
    }

    /// The notation back, for forms: consecutive days folded into ranges.
    public static func notation(_ days: [Day]) -> String {
        var parts: [String] = []
        var index = 0
        let sorted = days.sorted()
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1].ordinal == sorted[end].ordinal + 1 { end += 1 }
            let a = String(sorted[index].description.dropFirst(5)), b = String(sorted[end].description.dropFirst(5))
            parts.append(index == end ? a : "\(a)…\(b)")
            index = end + 1
        }
        return parts.joined(separator: "; ")
    }
}
