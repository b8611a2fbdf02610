/// One page of a list, with the total for "共 N 条" and the cursor of the next page.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var offset: Int
    public var limit: Int

    public init(items: [Item], total: Int, offset: Int, limit: Int) {
        self.items = items
        self.total = total
        self.offset = offset
        self.limit = limit
    }

    public var hasNext: Bool { offset + items.count < total }
    public var nextCursor: String? { hasNext ? Cursor.encode(offset: offset + items.count) : nil }
}
