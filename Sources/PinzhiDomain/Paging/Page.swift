/// One page of a list, with the total for "共 N 条" and the cursor of the next page.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var offset: Int
    public var limit: Int
    /// The matches were counted only up to `total`, and there are more (a search by a common fragment at city scale:
    /// "more than 1000" is what a reader can use, and counting a million matches exactly cost more than the page itself).
    public var totalIsLowerBound: Bool

    public init(items: [Item], total: Int, offset: Int, limit: Int, totalIsLowerBound: Bool = false) {
        self.items = items
        self.total = total
        self.offset = offset
        self.limit = limit
        self.totalIsLowerBound = totalIsLowerBound
    }

    /// A counted-up-to total promises more beyond it, so a full page then always has a next one.
    public var hasNext: Bool { offset + items.count < total || (totalIsLowerBound && !items.isEmpty && items.count == limit) }
    public var nextCursor: String? { hasNext ? Cursor.encode(offset: offset + items.count) : nil }
}
