import Foundation
import PinzhiDomain

/// Progress of a long command: on a terminal one line redrawn with the rate and the time left; otherwise (a log, a
/// benchmark run) one line per phase when it ends, with what it did and how long it took, so a log shows where the
/// time went without a line per step.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let terminal = isatty(STDERR_FILENO) == 1
    private var last = ""
    private var phase: (name: String, started: Date, done: Int, total: Int)?

    func update(_ name: String, _ done: Int, _ total: Int) {
        guard total > 0 else { return }
        lock.withLock {
            let now = Date()
            if phase?.name != name {
                end(now)
                phase = (name, now, 0, total)
            }
            phase?.done = done
            phase?.total = total
            guard terminal, let phase else { return }
            let width = 30
            let filled = min(width, done * width / total)
            let reading = ProgressReading(phase: name, done: done, total: total, seconds: now.timeIntervalSince(phase.started))
            let left = reading.secondsLeft.map { "，约\(ProgressReading.duration($0))后完成" } ?? ""
            let line = "\r\(name) [\(String(repeating: "#", count: filled))\(String(repeating: " ", count: width - filled))] \(done)/\(total)"
                + (reading.rate.map { " \(ProgressReading.rate($0))/秒\(left)" } ?? "") + "\u{1B}[K"
            guard line != last else { return }
            last = line
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func finish() {
        lock.withLock { end(Date()) }
    }

    /// Closes the current phase: its summary line (on a terminal, after the bar it replaces).
    private func end(_ now: Date) {
        guard let phase else { return }
        let seconds = now.timeIntervalSince(phase.started)
        let line = (terminal ? "\r" : "") + "\(phase.name)：\(phase.done)/\(phase.total)，用时\(ProgressReading.duration(seconds))"
            + (seconds > 0.5 ? "（\(ProgressReading.rate(Double(phase.done) / seconds))/秒）" : "") + (terminal ? "\u{1B}[K" : "") + "\n"
        FileHandle.standardError.write(Data(line.utf8))
        self.phase = nil
        last = ""
    }
}
