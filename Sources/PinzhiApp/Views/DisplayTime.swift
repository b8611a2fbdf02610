import Foundation
import PinzhiStore

/// Times are stored in UTC and shown in Beijing time, as the bureau reads them.
enum DisplayTime {
    static let beijing = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

    static func text(_ iso: String) -> String {
        guard let date = Clock.date(iso) else { return iso }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = beijing
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
