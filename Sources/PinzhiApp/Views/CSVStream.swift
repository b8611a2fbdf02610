import PinzhiStore

/// A CSV download written page by page as it is read, so an export of any size needs memory for one page only and
/// never stops quietly at a row limit.
enum CSVStream {
    /// The header, then the rows `page(offset, size)` returns, until a page comes back short.
    static func make(header: [String], pageSize: Int = 2000,
                     page: @escaping @Sendable (_ offset: Int, _ size: Int) async throws -> [[String]]) -> AsyncThrowingStream<ArraySlice<UInt8>, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    continuation.yield(ArraySlice((CSVWriter.bom + CSVWriter.line(header)).utf8))
                    var offset = 0
                    while true {
                        let rows = try await page(offset, pageSize)
                        if !rows.isEmpty { continuation.yield(ArraySlice(rows.map(CSVWriter.line).joined().utf8)) }
                        if rows.count < pageSize { break }
                        offset += rows.count
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
