import Foundation

/// Work on many independent items cut into one slice per core, the slices run at once and their results put back
/// in the items' order: an import's rows are checked, and its new records' canonical rows written, this way.
package enum Slices {
    /// How many slices for this many items: one per core, none smaller than `minimum` items.
    static func count(_ items: Int, minimum: Int) -> Int {
        max(1, min(ProcessInfo.processInfo.activeProcessorCount, items / max(minimum, 1)))
    }

    /// `transform` of every item, in the items' order.
    package static func map<T: Sendable, U: Sendable>(_ items: [T], minimum: Int = 1000,
                                                     _ transform: @escaping @Sendable (T) throws -> U) async throws -> [U] {
        try await mapSlices(items, minimum: minimum) { slice in try slice.map(transform) }
    }

    /// `transform` of each slice (given with the slice's offset in `items`, for progress), the outputs joined in order.
    package static func mapSlices<T: Sendable, U: Sendable>(_ items: [T], minimum: Int = 1000,
                                                           _ transform: @escaping @Sendable (ArraySlice<T>) throws -> [U]) async throws -> [U] {
        let slices = count(items.count, minimum: minimum)
        guard slices > 1 else { return try transform(items[...]) }
        let size = (items.count + slices - 1) / slices
        return try await withThrowingTaskGroup(of: (Int, [U]).self) { group in
            for slice in 0..<slices {
                let part = items[min(slice * size, items.count)..<min((slice + 1) * size, items.count)]
                group.addTask { (slice, try transform(part)) }
            }
            var parts: [[U]] = Array(repeating: [], count: slices)
            for try await (slice, out) in group { parts[slice] = out }
            return parts.flatMap { $0 }
        }
    }
}
