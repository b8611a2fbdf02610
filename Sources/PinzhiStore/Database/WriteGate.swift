/// Lets one SQLite write transaction in at a time within this process. SQLite allows one writer anyway; waiting
/// here, rather than in SQLite's busy handler, keeps the few threads that run SQLite calls free for the writer
/// that holds the lock (otherwise waiters can occupy every thread and the holder can never commit).
actor WriteGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func leave() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
