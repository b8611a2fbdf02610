import SQLKit
import Synchronization

extension SQLQueryFetcher {
    /// Folds the rows into a value as they arrive, so that a pass over a million rows holds the value, not the rows
    /// (`all()` holds every row with its column data at once). The first error `add` throws stops the folding (the
    /// rows left are still read and dropped) and is thrown here.
    package func fold<T: Sendable>(into initial: T, _ add: @escaping @Sendable (inout T, any SQLRow) throws -> Void) async throws -> T {
        let folder = RowFolder(initial)
        try await run { row in folder.add(row, add) }
        return try folder.result()
    }

    /// Every row decoded as it arrives: only the decoded values are held.
    package func all<T: Sendable>(decoding decode: @escaping @Sendable (any SQLRow) throws -> T) async throws -> [T] {
        try await fold(into: [T]()) { values, row in values.append(try decode(row)) }
    }
}

/// The value being folded: the rows arrive on a database thread, one at a time.
private final class RowFolder<T: Sendable>: Sendable {
    private let state: Mutex<(value: T, error: (any Error)?)>

    init(_ initial: T) { state = Mutex((initial, nil)) }

    func add(_ row: any SQLRow, _ add: (inout T, any SQLRow) throws -> Void) {
        state.withLock { s in
            guard s.error == nil else { return }
            do { try add(&s.value, row) } catch { s.error = error }
        }
    }

    func result() throws -> T {
        try state.withLock { s in
            if let error = s.error { throw error }
            return s.value
        }
    }
}
