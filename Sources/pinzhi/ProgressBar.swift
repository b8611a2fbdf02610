import Foundation

/// A one-line progress bar on a terminal; silent when the output is not a terminal (CI logs stay clean).
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled = isatty(STDERR_FILENO) == 1
    private var last = ""

    func update(_ phase: String, _ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = min(width, done * width / total)
        let line = "\r\(phase) [\(String(repeating: "#", count: filled))\(String(repeating: " ", count: width - filled))] \(done)/\(total)"
        lock.withLock {
            guard line != last else { return }
            last = line
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
