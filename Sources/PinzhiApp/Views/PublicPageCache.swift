import Synchronization

/// Rendered portal pages that never change once written: a result notice is a published snapshot, fixed for good
/// (SPEC SC-8), so its page can be kept as rendered and served without the database. Only pages rendered for
/// anonymous visitors are kept (a signed-in visitor's page carries their navigation). Bounded: when full it starts
/// again, which costs one render per page.
final class PublicPageCache: Sendable {
    let capacity: Int
    private let pages = Mutex<[String: String]>([:])

    init(capacity: Int = 20_000) {
        self.capacity = capacity
    }

    func page(_ key: String) -> String? {
        pages.withLock { $0[key] }
    }

    func keep(_ key: String, _ html: String) {
        pages.withLock { pages in
            if pages.count >= capacity { pages.removeAll(keepingCapacity: true) }
            pages[key] = html
        }
    }
}
