/// How far a long job has come — an import's rows checked or written, a generation's phase — and what that means
/// for the person waiting: the rate and the time left, said the same way by the CLI and the import page.
public struct ProgressReading: Sendable, Equatable, Codable {
    public var phase: String
    public var done: Int
    public var total: Int
    /// Seconds since the phase began.
    public var seconds: Double

    public init(phase: String, done: Int, total: Int, seconds: Double) {
        self.phase = phase
        self.done = done
        self.total = total
        self.seconds = seconds
    }

    /// Items per second, once half a second has passed (before that the figure is noise).
    public var rate: Double? { seconds > 0.5 && done > 0 ? Double(done) / seconds : nil }

    public var secondsLeft: Double? { rate.map { Double(max(0, total - done)) / $0 } }

    public var percent: Int { total > 0 ? min(100, done * 100 / total) : 0 }

    /// "校验 5000/20000 行，1234 行/秒，约12秒后完成".
    public func text(unit: String = "行") -> String {
        var out = "\(phase) \(done)/\(total) \(unit)"
        if let rate { out += "，\(Self.rate(rate)) \(unit)/秒" }
        if let left = secondsLeft, done < total { out += "，约\(Self.duration(left))后完成" }
        return out
    }

    public static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s < 60 ? "\(s)秒" : s < 3600 ? "\(s / 60)分\(s % 60)秒" : "\(s / 3600)小时\(s % 3600 / 60)分"
    }

    public static func rate(_ perSecond: Double) -> String {
        perSecond >= 10 ? String(Int(perSecond.rounded())) : String(Int((perSecond * 10).rounded()) / 10) + "." + String(Int((perSecond * 10).rounded()) % 10)
    }
}
