import PinzhiStore

/// A CSV download written page by page as it is read, so an export of any size needs memory for one page only and
/// never stops quietly at a row limit.
enum CSVStream {
    /// The header, then the rows `page(offset, size)` returns, until a page comes back short. The first page is read
    /// before the response starts: a filter the database refuses then gets a proper error answer, not a download
    /// cut off after its headers were sent (found by the API fuzzer on PostgreSQL).
    static func make(header: [String], pageSize: Int = 2000,
                     page: @escaping @Sendable (_ offset: Int, _ size: Int) async throws -> [[String]]) async throws -> AsyncThrowingStream<ArraySlice<UInt8>, any Error> {
        let first = try await page(0, pageSize)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    continuation.yield(ArraySlice((CSVWriter.bom + CSVWriter.line(header)).utf8))
                    var rows = first
                    var offset = 0
                    while true {
                        if !rows.isEmpty { continuation.yield(ArraySlice(rows.map(CSVWriter.line).joined().utf8)) }
                        if rows.count < pageSize { break }
                        offset += rows.count
                        rows = try await page(offset, pageSize)
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
