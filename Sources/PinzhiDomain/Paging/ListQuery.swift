/// What a list asks for: free text, exact filters on whitelisted columns, a sort, and a page.
public struct ListQuery: Sendable, Equatable {
    public var search: String?
    /// Column → value; columns not allowed for the kind are ignored by the store.
    public var filters: [String: String]
    public var sort: String?
    public var descending: Bool
    public var limit: Int
    public var offset: Int
    public var includeInactive: Bool

    public init(search: String? = nil, filters: [String: String] = [:], sort: String? = nil, descending: Bool = false,
                limit: Int = 20, offset: Int = 0, includeInactive: Bool = false) {
        self.search = search
        self.filters = filters
        self.sort = sort
        self.descending = descending
        self.limit = min(max(limit, 1), 500)
        self.offset = max(offset, 0)
        self.includeInactive = includeInactive
    }
}
